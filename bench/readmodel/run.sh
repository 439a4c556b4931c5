#!/usr/bin/env bash
# Read model sizes and cold start: see bench/README.md ("Read model").
#   bash bench/readmodel/run.sh
# For each size (SIZES, default "320 20000 100000"): writes a synthetic directory, starts the API (seeding it),
# waits for the first snapshot and asks GET /bench/read-model for one more build's managed-heap size and time.
# At COLD_AT (20000) it then restarts the API over the existing database and times process start to the first
# 200 of an uncached region search, and to the first snapshot: COLD_RUNS times (default 5) for each of two forms of
# the host, the published one (dotnet publish: ReadyToRun, what the container image runs) and the build output
# (what `dotnet run` and `make start` run), and prints each run and the median.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SIZES=${SIZES:-"320 20000 100000"}
COLD_AT=${COLD_AT:-20000}
COLD_RUNS=${COLD_RUNS:-5}

WORK=$(mktemp -d /tmp/blueprint-bench-readmodel.XXXXXX)
SERVER_PID=""
stop() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap 'stop; rm -rf "$WORK"' EXIT

echo "== building (Release)"
dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"
echo "== publishing (Release, ReadyToRun)"
dotnet publish -c Release "$ROOT/src/Blueprint.Api" -o "$WORK/publish" -nologo -v q >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log"; exit 1; }
PUBLISHED="$WORK/publish/Blueprint.Api.dll"

# serve DB LOG [DLL]
serve() {
  (cd "$WORK" && exec env \
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:0" \
    ConnectionStrings__Blueprint="Data Source=$WORK/$1" Data__Root="$ROOT" \
    Database__SeedSampleData=true Database__SampleFile="$WORK/directory.json" \
    Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" Web__Root="$WORK/no-front-end" \
    Listings__HideOverdue=false Listings__SendReminders=false Bench__Enabled=true RateLimits__Enabled=false \
    Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    "Logging__LogLevel__Blueprint.Api.ReadModel=Information" \
    dotnet "${3:-$DLL}" >"$WORK/$2" 2>&1) &
  SERVER_PID=$!
}

# wait_for LOG PATTERN: waits for a line in the server's log, failing if the server exits
wait_for() {
  for _ in $(seq 1 6000); do
    grep -q "$2" "$WORK/$1" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/$1"; echo "server exited"; exit 1; }
    sleep 0.1
  done
  cat "$WORK/$1"; echo "timed out waiting for '$2'"; exit 1
}

base() { grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/$1" | head -1 | sed 's/Now listening on: //'; }

RESULTS=()
COLD=()
for n in $SIZES; do
  echo "== $n interventions"
  (cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
    --interventions "$n" --organisations $(( n / 50 > 36 ? n / 50 : 36 )) >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }
  rm -f "$WORK/bench-$n.db"*
  serve "bench-$n.db" "server-$n.log"
  wait_for "server-$n.log" 'Read model at data version'
  BASE=$(base "server-$n.log")
  measured=$(curl -sf "$BASE/bench/read-model")
  echo "   $measured"
  RESULTS+=("$n|$measured")
  stop
  if [ "$n" = "$COLD_AT" ]; then
    for form in published build; do
      dll=$([ "$form" = published ] && echo "$PUBLISHED" || echo "$DLL")
      echo "== cold start at $n interventions (existing database), $form host"
      firsts=()
      for run in $(seq 1 "$COLD_RUNS"); do
        log="cold-$n-$form-$run.log"   # a new file each run: the last run's lines must not be taken for this one's
        start=$(date +%s.%N)
        serve "bench-$n.db" "$log" "$dll"
        wait_for "$log" 'Now listening on'
        BASE=$(base "$log")
        until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Cookie: bench=uncached' "$BASE/odata/Interventions/InArea(code=%27VR-NW%27)?\$top=50&\$count=true")" = "200" ]; do sleep 0.02; done
        first=$(date +%s.%N)
        wait_for "$log" 'Read model at data version'
        ready=$(date +%s.%N)
        firsts+=("$(awk -v s="$start" -v f="$first" 'BEGIN { printf "%.2f", f - s }')")
        awk -v s="$start" -v f="$first" -v r="$ready" -v k="$run" 'BEGIN { printf "   run %d: first 200 after %.2f s, snapshot serving after %.2f s\n", k, f - s, r - s }'
        stop
      done
      median=$(printf '%s\n' "${firsts[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
      COLD+=("$form host: first 200 after $median s (median of $COLD_RUNS: ${firsts[*]})")
    done
    stop
  fi
done

echo
echo "Read model, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| interventions | snapshot bytes (managed heap) | build ms (measured) | build ms (background, at start) |"
echo "| ---: | ---: | ---: | ---: |"
for r in "${RESULTS[@]}"; do
  IFS='|' read -r n json <<<"$r"
  bytes=$(grep -o '"bytes":[0-9-]*' <<<"$json" | cut -d: -f2)
  build=$(grep -o '"buildMs":[0-9.]*' <<<"$json" | cut -d: -f2)
  background=$(grep -o '"backgroundBuildMs":[0-9.]*' <<<"$json" | cut -d: -f2)
  printf '| %s | %s | %s | %s |\n' "$n" "$bytes" "$build" "${background:--}"
done
if [ "${#COLD[@]}" -gt 0 ]; then
  echo
  echo "Cold start at $COLD_AT interventions (process start to the first 200 of an uncached region search):"
  printf -- '- %s\n' "${COLD[@]}"
fi
