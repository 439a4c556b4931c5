#!/usr/bin/env bash
# Open Referral UK feed benchmark: one command, see bench/README.md ("Open Referral UK feed").
#   bash bench/oruk/run.sh
# Seeds the same synthetic directory as bench/api/run.sh (20,000 interventions), then measures per_page=50
# pages (cached and uncached, one-to-one and full) and ndjson streams of the whole directory, printing
# req/s, p99 and bytes, and the server's working set (VmRSS) before, at its peak during, and after the streams.
# Environment: INTERVENTIONS (20000), ORGANISATIONS (400), CONNECTIONS (32), STREAMS (2), DURATION (10s),
# STARTUP_SECONDS (1200: seeding 20,000 listings takes minutes on a loaded 2-core machine).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-20000}
ORGANISATIONS=${ORGANISATIONS:-400}
CONNECTIONS=${CONNECTIONS:-32}
STREAMS=${STREAMS:-2}
DURATION=${DURATION:-10s}

command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)"; exit 1; }

WORK=$(mktemp -d /tmp/blueprint-bench-oruk.XXXXXX)
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
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
  RateLimits__Enabled=false \
  Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet "$DLL" >"$WORK/server.log" 2>&1) &
SERVER_PID=$!

BASE=""
for _ in $(seq 1 $(( ${STARTUP_SECONDS:-1200} * 2 ))); do
  BASE=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; echo "server exited"; exit 1; }
  sleep 0.5
done
[ -n "$BASE" ] || { cat "$WORK/server.log"; echo "server did not start"; exit 1; }
echo "   listening on $BASE (pid $SERVER_PID)"

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
# A Cookie header makes the directory cache stand aside (see DirectoryCachePolicy): the uncached cost.
NOCACHE="Cookie: bench=uncached"
TOTAL=$(curl -s "$BASE/openreferral/services?per_page=1" | grep -o '"total_pages":[0-9]*' | cut -d: -f2)
MIDDLE=$(( (TOTAL / 50 + 1) / 2 ))
echo "   $TOTAL public services; middle page of 50: $MIDDLE"

# name | path | extra header | connections
CASES=(
  "services page 1, cached|/openreferral/services?per_page=50||$CONNECTIONS"
  "services page 1, uncached|/openreferral/services?per_page=50|$NOCACHE|$CONNECTIONS"
  "services middle page, uncached|/openreferral/services?per_page=50&page=$MIDDLE|$NOCACHE|$CONNECTIONS"
  "services full page, uncached|/openreferral/services?per_page=50&full=true&page=$MIDDLE|$NOCACHE|$CONNECTIONS"
  "service_at_locations page, uncached|/openreferral/service_at_locations?per_page=50&page=2|$NOCACHE|$CONNECTIONS"
  "ndjson, all services|/openreferral/services?format=ndjson||$STREAMS"
  "ndjson, all services full|/openreferral/services?format=ndjson&full=true||$STREAMS"
)

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "== checking responses (bytes uncompressed)"
declare -A BYTES
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header _ <<<"$c"
  args=(-s -o "$WORK/body" -w '%{http_code} %{size_download} %{time_total}\n')
  [ -n "$header" ] && args+=(-H "$header")
  read -r code size secs < <(curl "${args[@]}" "$BASE$path")
  [ "$code" = "200" ] || { echo "$name: HTTP $code"; head -c 500 "$WORK/body"; exit 1; }
  lines=$(wc -l <"$WORK/body")
  BYTES[$name]=$size
  printf '   %-40s %10s bytes  %6s lines  %ss\n' "$name" "$size" "$lines" "$secs"
done

echo "== load: wrk -t 2 -d $DURATION --latency (after a 3 s warm-up each)"
RESULTS=()
BEFORE=$(rss_mb); PEAK=$BEFORE
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header conns <<<"$c"
  hargs=(); [ -n "$header" ] && hargs=(-H "$header")
  case "$name" in ndjson*)
    if [ -z "$SAMPLER_PID" ]; then
      BEFORE=$(rss_mb)
      (while kill -0 "$SERVER_PID" 2>/dev/null; do awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status"; sleep 0.2; done) >"$WORK/rss" &
      SAMPLER_PID=$!
    fi ;;
  esac
  wrk -c "$conns" -t 2 -d 3s --timeout 60s "${hargs[@]}" "$BASE$path" >/dev/null
  out=$(wrk -c "$conns" -t 2 -d "$DURATION" --timeout 60s --latency "${hargs[@]}" "$BASE$path")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  mbs=$(awk '/^Transfer\/sec:/ { print $2 }' <<<"$out")
  errs=$(awk '/Non-2xx/ { printf "non-2xx %s ", $NF } /Socket errors/ { gsub(",", ""); printf "timeouts %s", $NF }' <<<"$out")
  RESULTS+=("$name|$conns|$rps|$p99|${BYTES[$name]}|$mbs|$errs")
  printf '   %-40s %10s req/s\n' "$name" "$rps"
done
kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
sleep 2
AFTER=$(rss_mb)
PEAK=$(sort -n "$WORK/rss" | tail -1)

echo
echo "Open Referral UK feed, $TOTAL services ($INTERVENTIONS interventions seeded), wrk -t 2 -d $DURATION, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| request | connections | req/s | p99 ms | bytes | transfer/s | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
for r in "${RESULTS[@]}"; do
  IFS='|' read -r name conns rps p99 bytes mbs errs <<<"$r"
  printf '| %s | %s | %.1f | %s | %s | %s | %s |\n' "$name" "$conns" "$rps" "$p99" "$bytes" "$mbs" "$errs"
done
echo
echo "Server working set (VmRSS) around the ndjson streams: before ${BEFORE} MB, peak ${PEAK} MB, after ${AFTER} MB."
