#!/usr/bin/env bash
# Map front end in a browser: first results and the full marker set with 5,000 interventions, on
# loopback and throttled to Chromium's "Fast 3G". One command, see bench/README.md ("Map front end").
#   bash bench/web/run.sh            (or: make bench-web)
# Environment: INTERVENTIONS (5000), ORGANISATIONS (120), RUNS (5 per loopback case), SLOW_RUNS (3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-5000}
ORGANISATIONS=${ORGANISATIONS:-120}

WORK=$(mktemp -d /tmp/blueprint-bench-web.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building the API (Release) and the front end"
dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
[ -d "$ROOT/web/node_modules" ] || npm install --prefix "$ROOT/web" --no-audit --no-fund >"$WORK/npm.log" 2>&1
npm run build --prefix "$ROOT/web" >"$WORK/web.log" 2>&1 || { cat "$WORK/web.log"; exit 1; }
bash "$ROOT/web/tools/ensure-chromium.sh" >/dev/null
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

echo "== writing a synthetic directory: $INTERVENTIONS interventions, $ORGANISATIONS organisations"
(cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
  --interventions "$INTERVENTIONS" --organisations "$ORGANISATIONS" >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }

echo "== starting Blueprint on 127.0.0.1 with its own SQLite file (seeding on first start)"
(cd "$WORK" && exec env \
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="http://127.0.0.1:0" \
  ConnectionStrings__Blueprint="Data Source=$WORK/bench.db" \
  Data__Root="$ROOT" \
  Database__SeedSampleData=true \
  Database__SampleFile="$WORK/directory.json" \
  Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" \
  Web__Root="$ROOT/web/dist" \
  Listings__HideOverdue=false Listings__SendReminders=false \
  Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet "$DLL" >"$WORK/server.log" 2>&1) &
SERVER_PID=$!

BASE=""
for _ in $(seq 1 600); do
  BASE=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; echo "server exited"; exit 1; }
  sleep 0.5
done
[ -n "$BASE" ] || { cat "$WORK/server.log"; echo "server did not start"; exit 1; }
for _ in $(seq 1 120); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.5; done

echo "== $(nproc) cores; $(curl -s "$BASE/api/geo/markers" | head -1 | grep -o '"count":[0-9]*') interventions listed for Wales"
node "$ROOT/bench/web/bench.mjs" "$BASE"
