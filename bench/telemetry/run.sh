#!/usr/bin/env bash
# What OpenTelemetry costs: req/s and p99 of one cached and one uncached directory URL with telemetry off, on as
# configured by default (one request in ten traced, OpenTelemetry:TraceSampleRatio=0.1) and on with every request
# traced (ratio 1), in one run (traces and metrics exported over OTLP/HTTP to a throwaway listener on loopback that
# accepts and drops them).
# One command, see bench/README.md ("Telemetry cost").
#   bash bench/telemetry/run.sh            (or: make bench-telemetry)
# Environment: INTERVENTIONS (20000), ORGANISATIONS (400), CONNECTIONS (32), THREADS (2), DURATION (10s), BUILD=0;
# MODES ("off on all"; also "metrics": metrics only, TraceSampleRatio=0), run in the order given.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTERVENTIONS=${INTERVENTIONS:-20000}
ORGANISATIONS=${ORGANISATIONS:-400}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
BUILD=${BUILD:-1}
MODES=${MODES:-off on all}

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d /tmp/blueprint-bench-telemetry.XXXXXX)
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
SINK_PID=""
cleanup() {
  stop
  if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; fi
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

# A throwaway OTLP/HTTP collector: answers 200 with an empty (valid) protobuf body to every export, keeps nothing.
SINK_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$SINK_PORT" "$WORK/exports" <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, counter = int(sys.argv[1]), sys.argv[2]
exports = 0
class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        global exports
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
        exports += 1
        with open(counter, "w") as f:
            f.write(str(exports))
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
PY
SINK_PID=$!

# serve MODE: starts the API (seeding the file on the first start) with telemetry off, on (default sampling), all
# (every request traced) or metrics (no request traced); sets BASE.
serve() {
  local otlp="" ratio=""
  [ "$1" != off ] && otlp="http://127.0.0.1:$SINK_PORT"
  [ "$1" = all ] && ratio=1
  [ "$1" = metrics ] && ratio=0
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
    OpenTelemetry__OtlpEndpoint="$otlp" OpenTelemetry__OtlpProtocol=http/protobuf ${ratio:+OpenTelemetry__TraceSampleRatio=$ratio} \
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
# A Cookie header makes the directory cache stand aside (see DirectoryCachePolicy): the uncached OData cost.
NOCACHE="Cookie: bench=uncached"

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A RPS P99
for mode in $MODES; do
  echo "== telemetry $mode: starting the API"
  serve "$mode"
  for case in cached uncached; do
    hargs=(); [ "$case" = uncached ] && hargs=(-H "$NOCACHE")
    code=$(curl -s -o /dev/null -w '%{http_code}' "${hargs[@]}" "$BASE$LA_ODATA")
    [ "$code" = 200 ] || { echo "$case: HTTP $code"; exit 1; }
    wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s "${hargs[@]}" "$BASE$LA_ODATA" >/dev/null
    out=$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "${hargs[@]}" "$BASE$LA_ODATA")
    RPS[$mode-$case]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    P99[$mode-$case]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    printf '   %-9s %10s req/s  p99 %s ms\n' "$case" "${RPS[$mode-$case]}" "${P99[$mode-$case]}"
  done
  stop
done
exports=$(cat "$WORK/exports" 2>/dev/null || echo 0)
[ "$exports" -gt 0 ] || { echo "telemetry on, but nothing reached the OTLP listener"; exit 1; }

echo
echo "Telemetry cost, LA search (W06000015), $INTERVENTIONS interventions, wrk -c $CONNECTIONS -t $THREADS -d $DURATION, $(nproc) cores;"
echo "load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after;"
echo "modes in the order run: $MODES; on = traces (one request in ten, the default) and metrics over OTLP/HTTP to a loopback"
echo "listener; all = every request traced; metrics = no request traced ($exports exports received)"
echo
echo "| URL | mode | req/s | against off | p99 ms |"
echo "| --- | --- | ---: | ---: | ---: |"
for case in cached uncached; do
  for mode in $MODES; do
    awk -v c="$case" -v m="$mode" -v a="${RPS[off-$case]:-0}" -v b="${RPS[$mode-$case]}" -v q="${P99[$mode-$case]}" \
      'BEGIN { printf "| %s | %s | %.0f | %s | %s |\n", c, m, b, (a > 0 ? sprintf("%.2f", b / a) : "-"), q }'
  done
done
