#!/usr/bin/env bash
# Cross-process freshness: how long after a command-line `publish` a running server's cached directory
# route serves the new listing. One command, see bench/README.md ("Freshness").
#   bash bench/freshness/run.sh            (or: make bench-freshness)
# Environment: RUNS (5); BUILD=0 uses the Release build already there.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${RUNS:-5}
BUILD=${BUILD:-1}

WORK=$(mktemp -d /tmp/blueprint-bench-freshness.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$BUILD" != 0 ]; then
  echo "== building (Release)"
  dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

# The server and the command line share one SQLite file, as on a real machine.
export ConnectionStrings__Blueprint="Data Source=$WORK/bench.db"
export Data__Root="$ROOT"
export Auth__SigningKey
Auth__SigningKey="$(head -c 32 /dev/urandom | base64)"

echo "== starting the API on 127.0.0.1 with the sample directory"
(cd "$WORK" && exec env \
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="http://127.0.0.1:0" \
  Web__Root="$WORK/no-front-end" \
  Listings__HideOverdue=false Listings__SendReminders=false \
  Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  "Logging__LogLevel__Blueprint.Api.Freshness=Information" \
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

now() { date +%s.%N; }
# The cached public route a professional's search uses, filtered to this run's listing.
names() {
  curl -sf -G "$BASE/odata/Interventions/InArea(code='W06000015')" \
    --data-urlencode "\$filter=startswith(Name,'$1')" --data-urlencode "\$select=Name"
}

printf '\n%-4s %14s %20s %20s %16s\n' run "publish (s)" "after commit (s)" "after exit (s)" "from start (s)"
LAGS=()
for run in $(seq 1 "$RUNS"); do
  marker="ZZFRESH$run$(date +%s%N)"
  python3 - "$ROOT/data/sample/survey-msforms.csv" "$WORK/run$run.csv" "$marker" <<'PY'
import csv, sys
source, target, marker = sys.argv[1:]
with open(source, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, row = rows[0], rows[1]
row[header.index("ID")] = marker
row[header.index("Name of the intervention")] = marker + " Programme"
row[header.index("May we publish this intervention in the interventions directory?")] = "Yes"
row[header.index("Where is the intervention delivered? (tick all that apply)")] = "Cardiff;"
with open(target, "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([header, row])
PY
  import_id=$( (cd "$ROOT" && dotnet "$DLL" import "$WORK/run$run.csv") | grep -o 'Staged as import [0-9]*' | grep -o '[0-9]*$')
  [ -n "$import_id" ] || { echo "import failed"; exit 1; }

  # Prime the server's output cache with the empty answer (twice: the second is a cache hit).
  names "$marker" >/dev/null; body=$(names "$marker")
  case "$body" in *"$marker"*) echo "listing visible before publish"; exit 1 ;; esac

  start=$(now)
  (cd "$ROOT" && dotnet "$DLL" publish --import "$import_id" >"$WORK/publish$run.log" 2>&1) || { cat "$WORK/publish$run.log"; exit 1; }
  published=$(now)
  until names "$marker" | grep -q "$marker"; do
    sleep 0.02
    if awk -v s="$published" -v n="$(now)" 'BEGIN { exit !(n - s > 60) }'; then echo "not served within 60 s"; exit 1; fi
  done
  served=$(now)
  # The version row's ChangedAt is written in the publish transaction, just before its commit.
  committed=$(date -u -d "$(sqlite3 "$WORK/bench.db" "SELECT ChangedAt FROM DataVersion") UTC" +%s.%N)
  lag=$(awk -v a="$committed" -v b="$served" 'BEGIN { printf "%.2f", b - a }')
  LAGS+=("$lag")
  awk -v r="$run" -v s="$start" -v c="$committed" -v p="$published" -v v="$served" \
    'BEGIN { printf "%-4s %14.2f %20.2f %20.2f %16.2f\n", r, p - s, v - c, v - p, v - s }'
done

printf '%s\n' "${LAGS[@]}" | sort -n | awk '{ a[NR] = $1 } END {
  printf "\nserved after the publish committed: median %.2f s, max %.2f s over %d runs\n", a[int((NR + 1) / 2)], a[NR], NR }'
