#!/usr/bin/env bash
# What a shared Redis output cache costs one host: req/s and p99 of cached directory reads with the in-memory output
# cache (the default) and with DirectoryCache:Redis at a throwaway redis-server on loopback, in one run.
# One command, see bench/README.md ("Shared cache in Redis").
#   bash bench/shared-cache/run.sh
# Environment: INTERVENTIONS (20000), ORGANISATIONS (400), CONNECTIONS (32), THREADS (2), DURATION (10s), BUILD=0.
# Needs redis-server (Debian's: bash tests/tools/ensure-redis.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-20000}
ORGANISATIONS=${ORGANISATIONS:-400}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
BUILD=${BUILD:-1}

command -v redis-server >/dev/null || { echo "needs redis-server (bash tests/tools/ensure-redis.sh)"; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

WORK=$(mktemp -d /tmp/blueprint-bench-shared-cache.XXXXXX)
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  PIDS=()
}
REDIS_PID=""
cleanup() {
  stop
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$BUILD" != 0 ]; then
  echo "== building (Release)"
  dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

echo "== writing a synthetic directory: $INTERVENTIONS interventions, $ORGANISATIONS organisations"
(cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
  --interventions "$INTERVENTIONS" --organisations "$ORGANISATIONS" >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }

REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!

# serve MODE: starts the API (seeding the file on the first start) with the memory or the Redis output cache; sets BASE.
serve() {
  local redis=""
  [ "$1" = redis ] && redis="127.0.0.1:$REDIS_PORT,abortConnect=false"
  (cd "$WORK" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:0" \
    ConnectionStrings__Blueprint="Data Source=$WORK/bench.db" \
    Data__Root="$ROOT" \
    Database__SeedSampleData=true \
    Database__SampleFile="$WORK/directory.json" \
    Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" \
    Web__Root="$WORK/no-front-end" \
    Listings__HideOverdue=false Listings__SendReminders=false \
    RateLimits__Enabled=false \
    DirectoryCache__Redis="$redis" \
    Logging__LogLevel__Default=Warning \
    "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    dotnet "$DLL" >"$WORK/server-$1.log" 2>&1) &
  PIDS+=($!)
  BASE=""
  for _ in $(seq 1 600); do
    BASE=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/server-$1.log" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
    [ -n "$BASE" ] && break
    sleep 0.5
  done
  [ -n "$BASE" ] || { cat "$WORK/server-$1.log"; echo "server did not start"; exit 1; }
}

SELECT='$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified'
LA_ODATA="/odata/Interventions/InArea(code=%27W06000015%27)?\$top=50&\$count=true&$SELECT"

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A RPS P99
for mode in memory redis; do
  echo "== $mode output cache: starting the API"
  serve "$mode"
  code=$(curl -s -o "$WORK/first.json" -w '%{http_code}' "$BASE$LA_ODATA")
  [ "$code" = 200 ] || { echo "HTTP $code"; exit 1; }
  wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s "$BASE$LA_ODATA" >/dev/null
  out=$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "$BASE$LA_ODATA")
  RPS[$mode]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  P99[$mode]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  printf '   %10s req/s  p99 %s ms\n' "${RPS[$mode]}" "${P99[$mode]}"
  stop
done
keys=$(redis-cli -p "$REDIS_PORT" dbsize 2>/dev/null || echo "?")
[ "$keys" != 0 ] || { echo "the Redis run stored nothing in Redis"; exit 1; }

echo
echo "Cached LA search (W06000015, $(wc -c <"$WORK/first.json") bytes), $INTERVENTIONS interventions, one host, wrk -c $CONNECTIONS -t $THREADS -d $DURATION, $(nproc) cores;"
echo "load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; redis-server on the same loopback ($keys keys)"
echo
echo "| output cache | req/s | p99 ms | req/s against memory |"
echo "| --- | ---: | ---: | ---: |"
awk -v a="${RPS[memory]}" -v p="${P99[memory]}" 'BEGIN { printf "| memory (default) | %.0f | %s | 1.00 |\n", a, p }'
awk -v a="${RPS[memory]}" -v b="${RPS[redis]}" -v q="${P99[redis]}" 'BEGIN { printf "| Redis | %.0f | %s | %.2f |\n", b, q, b / a }'
