#!/usr/bin/env bash
# Abuse benchmark: one command, see bench/README.md ("Under abuse").
#   bash bench/abuse/run.sh            (or: make bench-abuse)
# Eight attacker clients (distinct addresses via X-Forwarded-For) send unique expensive queries while
# wrk measures the cached region search and /health; once with the rate and cost limits on (the
# defaults), once with them off. Prints each run's p99 and the server's peak memory.
# Environment: INTERVENTIONS (20000), ORGANISATIONS (400), DURATION (20s), ATTACKERS_CONNECTIONS (8).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-20000}
ORGANISATIONS=${ORGANISATIONS:-400}
DURATION=${DURATION:-20s}
ATTACKERS_CONNECTIONS=${ATTACKERS_CONNECTIONS:-8}

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/blueprint-bench-abuse.XXXXXX)
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== building (Release)"
dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

echo "== writing a synthetic directory: $INTERVENTIONS interventions, $ORGANISATIONS organisations"
(cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
  --interventions "$INTERVENTIONS" --organisations "$ORGANISATIONS" >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }

SIGNING_KEY="$(head -c 32 /dev/urandom | base64)"
BASE=""
# start_server LOG [NAME=VALUE ...]: the Release host on 127.0.0.1, its own SQLite file, the given settings.
start_server() {
  local log=$1; shift
  (cd "$WORK" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:0" \
    ConnectionStrings__Blueprint="Data Source=$WORK/bench.db" \
    Data__Root="$ROOT" \
    Database__SeedSampleData=true \
    Database__SampleFile="$WORK/directory.json" \
    Auth__SigningKey="$SIGNING_KEY" \
    Web__Root="$WORK/no-front-end" \
    Listings__HideOverdue=false Listings__SendReminders=false \
    Logging__LogLevel__Default=Warning \
    "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    "$@" \
    dotnet "$DLL" >"$log" 2>&1) &
  SERVER_PID=$!
  BASE=""
  for _ in $(seq 1 600); do
    BASE=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log"; echo "server exited"; exit 1; }
    sleep 0.5
  done
  cat "$log"; echo "server did not start"; exit 1
}

echo "== seeding the database (first start)"
start_server "$WORK/seed.log" RateLimits__Enabled=false
stop_server

SELECT='$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified'
REGION="/odata/Interventions/InArea(code=%27VR-NW%27)?\$top=50&\$count=true&$SELECT"
HEALTH="/health"

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
# summary FILE: "p50 p99 req/s non2xx timeouts" of a wrk --latency output
summary() {
  local out=$1
  local p50 p99 rps non2xx timeouts
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$out"); non2xx=${non2xx:-0}
  timeouts=$(awk '/Socket errors/ { for (i = 1; i <= NF; i++) if ($i == "timeout") print $(i + 1) }' "$out"); timeouts=${timeouts:-0}
  echo "$p50 $p99 $rps $non2xx $timeouts"
}

FAILED=0
ROWS=()
# run MODE [settings…]: quiet measurement, then the same under attack; peak memory of the server process.
run() {
  local mode=$1; shift
  echo "== limits $mode: starting the server"
  start_server "$WORK/server-$mode.log" "$@"
  for path in "$REGION" "$HEALTH"; do
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$BASE$path")
    [ "$code" = "200" ] || { echo "$path: HTTP $code"; cat "$WORK/body"; exit 1; }
  done
  local rss_idle; rss_idle=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status")

  echo "   quiet: wrk on the cached region search and /health, 5 s"
  wrk -c 8 -t 1 -d 5s --latency "$BASE$REGION" >"$WORK/quiet-region-$mode.txt" &
  local w1=$!
  wrk -c 4 -t 1 -d 5s --latency "$BASE$HEALTH" >"$WORK/quiet-health-$mode.txt" &
  local w2=$!
  wait $w1 $w2

  echo "   attack: $ATTACKERS_CONNECTIONS connections for 8 client addresses, unique expensive queries; wrk measures for $DURATION"
  wrk -c "$ATTACKERS_CONNECTIONS" -t 1 -d "$DURATION" --timeout 30s -s "$ROOT/bench/abuse/attack.lua" "$BASE" >"$WORK/attack-$mode.txt" 2>&1 &
  local attack=$!
  sleep 2
  wrk -c 8 -t 1 -d "$DURATION" --latency "$BASE$REGION" >"$WORK/region-$mode.txt" &
  w1=$!
  wrk -c 4 -t 1 -d "$DURATION" --latency "$BASE$HEALTH" >"$WORK/health-$mode.txt" &
  w2=$!
  local peak_rss=0
  while kill -0 $w1 2>/dev/null || kill -0 $w2 2>/dev/null; do
    rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    sleep 0.2
  done
  wait $w1 $w2
  wait $attack || true
  local hwm; hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status")
  stop_server

  read -r qr50 qr99 qrps qrbad qrto < <(summary "$WORK/quiet-region-$mode.txt")
  read -r qh50 qh99 qhps qhbad qhto < <(summary "$WORK/quiet-health-$mode.txt")
  read -r r50 r99 rrps rbad rto < <(summary "$WORK/region-$mode.txt")
  read -r h50 h99 hrps hbad hto < <(summary "$WORK/health-$mode.txt")
  local ok2xx refused capped other atimeouts
  ok2xx=$(awk '$1 == "status" && $2 >= 200 && $2 < 300 { n += $3 } END { print n + 0 }' "$WORK/attack-$mode.txt")
  refused=$(awk '$1 == "status" && $2 == 429 { n += $3 } END { print n + 0 }' "$WORK/attack-$mode.txt")
  capped=$(awk '$1 == "status" && $2 == 400 { n += $3 } END { print n + 0 }' "$WORK/attack-$mode.txt")
  other=$(awk '$1 == "status" && !($2 >= 200 && $2 < 300) && $2 != 429 && $2 != 400 { printf "%s×%s ", $3, $2 }' "$WORK/attack-$mode.txt")
  atimeouts=$(awk '$1 == "timeouts" { print $2 }' "$WORK/attack-$mode.txt")
  if ! grep -q '^status ' "$WORK/attack-$mode.txt"; then echo "   the attackers' wrk reported no answers:"; cat "$WORK/attack-$mode.txt"; FAILED=1; fi

  # Expected non-2xx: none for the measured clients; for the attackers 429 and the row cap's 400 with limits on, nothing with them off.
  local problems=""
  for bad in "$qrbad" "$qhbad" "$rbad" "$hbad"; do [ "$bad" = "0" ] || problems+="measured clients got $bad non-2xx; "; done
  [ -z "$other" ] || problems+="attackers got $other; "
  if [ "$mode" = "off" ] && [ $((refused + capped)) -gt 0 ]; then problems+="attackers got $refused 429 and $capped 400 with limits off; "; fi
  if [ -n "$problems" ]; then echo "   UNEXPECTED: $problems"; FAILED=1; fi

  ROWS+=("$mode|$qr99|$r50|$r99|$rrps|$qh99|$h99|$hrps|$ok2xx|$refused|$capped|${atimeouts:-0}|$rss_idle|$peak_rss|$hwm|$rto/$hto")
}

run on RateLimits__Enabled=true ForwardedHeaders__KnownProxies__0=127.0.0.1
run off RateLimits__Enabled=false RateLimits__MaxExpandedRows=0 ForwardedHeaders__KnownProxies__0=127.0.0.1

echo
echo "Under abuse: $INTERVENTIONS interventions; 8 attacker addresses over $ATTACKERS_CONNECTIONS connections; wrk -c 8 (cached region) and -c 4 (/health), $DURATION; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| limits | region p99 quiet | region p50 / p99 attacked | region req/s | /health p99 quiet | /health p99 attacked | /health req/s | attackers 2xx / 429 / 400 (cap) / timeouts | server MB idle / peak under attack (VmHWM) | measured timeouts |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
for r in "${ROWS[@]}"; do
  IFS='|' read -r mode qr99 r50 r99 rrps qh99 h99 hrps ok refused capped at idle peak hwm mto <<<"$r"
  printf '| %s | %s ms | %s / %s ms | %s | %s ms | %s ms | %s | %s / %s / %s / %s | %s / %s (%s) | %s |\n' \
    "$mode" "$qr99" "$r50" "$r99" "$rrps" "$qh99" "$h99" "$hrps" "$ok" "$refused" "$capped" "$at" "$idle" "$peak" "$hwm" "$mto"
done
echo
echo "Goal with limits on: cached region and /health p99 under 50 ms while attacked, server memory under 500 MB."
exit $FAILED
