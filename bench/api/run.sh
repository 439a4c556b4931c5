#!/usr/bin/env bash
# Directory API benchmark: one command, see bench/README.md ("Directory API").
#   bash bench/api/run.sh            (or: make bench-api)
# Environment: INTERVENTIONS (20000), ORGANISATIONS (400), CONNECTIONS (32), THREADS (2), DURATION (10s).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-20000}
ORGANISATIONS=${ORGANISATIONS:-400}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d /tmp/blueprint-bench-api.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

echo "== writing a synthetic directory: $INTERVENTIONS interventions, $ORGANISATIONS organisations"
(cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
  --interventions "$INTERVENTIONS" --organisations "$ORGANISATIONS" >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }

echo "== starting the API on 127.0.0.1 (seeding on first start)"
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
  Bench__Enabled=true \
  RateLimits__Enabled=false \
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
echo "   listening on $BASE (pid $SERVER_PID)"

SELECT='$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified'
LA_ODATA="/odata/Interventions/InArea(code=%27W06000015%27)?\$top=50&\$count=true&$SELECT"
REGION_ODATA="/odata/Interventions/InArea(code=%27VR-NW%27)?\$top=50&\$count=true&$SELECT"
NEAR_ODATA="/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=10)?\$top=50&$SELECT,DistanceKm"
# A Cookie header makes the directory cache stand aside (see DirectoryCachePolicy): the uncached OData cost.
NOCACHE="Cookie: bench=uncached"

# name | path | extra header | reference (plain row name for the ratio)
CASES=(
  "ceiling LA (W06000015)|/bench/ceiling/in-area/W06000015||plain LA"
  "plain EF LA|/bench/plain/in-area/W06000015||plain LA"
  "OData InArea LA, uncached|$LA_ODATA|$NOCACHE|plain LA"
  "OData InArea LA, cached|$LA_ODATA||plain LA"
  "ceiling region (VR-NW)|/bench/ceiling/in-area/VR-NW||plain region"
  "plain EF region|/bench/plain/in-area/VR-NW||plain region"
  "OData InArea region, uncached|$REGION_ODATA|$NOCACHE|plain region"
  "OData InArea region, cached|$REGION_ODATA||plain region"
  "OData Near 10 km, uncached|$NEAR_ODATA|$NOCACHE|plain LA"
  "OData Near 10 km, cached|$NEAR_ODATA||plain LA"
)

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "== checking responses"
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header _ <<<"$c"
  args=(-s -o "$WORK/body" -w '%{http_code} %{size_download}\n')
  [ -n "$header" ] && args+=(-H "$header")
  read -r code size < <(curl "${args[@]}" "$BASE$path")
  [ "$code" = "200" ] || { echo "$name: HTTP $code"; cat "$WORK/body"; exit 1; }
  count=$(grep -o '"@odata.count":[0-9]*' "$WORK/body" | head -1 | cut -d: -f2 || true)
  rows=$(grep -o '"Id":' "$WORK/body" | wc -l)
  printf '   %-32s %6s bytes  rows %3s  count %s\n' "$name" "$size" "$rows" "${count:--}"
done

echo "== load: wrk -c $CONNECTIONS -t $THREADS -d $DURATION --latency (after a 3 s warm-up each)"
declare -A RPS
RESULTS=()
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header ref <<<"$c"
  hargs=(); [ -n "$header" ] && hargs=(-H "$header")
  wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s "${hargs[@]}" "$BASE$path" >/dev/null
  out=$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "${hargs[@]}" "$BASE$path")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errs=$(awk '/Non-2xx/ { printf "non-2xx %s ", $NF } /Socket errors/ { gsub(",", ""); printf "timeouts %s", $NF }' <<<"$out")
  case "$name" in "plain EF LA") RPS["plain LA"]=$rps ;; "plain EF region") RPS["plain region"]=$rps ;; esac
  RESULTS+=("$name|$rps|$p50|$p99|$ref|$errs")
  printf '   %-32s %10s req/s\n' "$name" "$rps"
done

echo
echo "Directory API, $INTERVENTIONS interventions, wrk -c $CONNECTIONS -t $THREADS -d $DURATION, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | × plain EF | errors |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
for r in "${RESULTS[@]}"; do
  IFS='|' read -r name rps p50 p99 ref errs <<<"$r"
  ratio=$(awk -v a="$rps" -v b="${RPS[$ref]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  printf '| %s | %.0f | %s | %s | %s (%s) | %s |\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$ref" "$errs"
done
