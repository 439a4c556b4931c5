#!/usr/bin/env bash
# Freshness between hosts: how long after an edit commits through host A the other host, B, serves it from its
# cached directory route. Two Release servers over one SQLite file (WAL), as two hosts over one database.
# One command, see bench/README.md ("Freshness between hosts").
#   bash bench/freshness/hosts.sh            (or: make bench-freshness-hosts)
# Environment: RUNS (5); BUILD=0 uses the Release build already there; POLL (Freshness:PollMilliseconds, 1000);
# REDIS=1 shares a Redis output cache (starts redis-server on a free loopback port; needs redis-server).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${RUNS:-5}
BUILD=${BUILD:-1}
POLL=${POLL:-1000}
REDIS=${REDIS:-0}

WORK=$(mktemp -d /tmp/blueprint-bench-hosts.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$BUILD" != 0 ]; then
  echo "== building (Release)"
  dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

export ConnectionStrings__Blueprint="Data Source=$WORK/bench.db"
export Data__Root="$ROOT"
export Auth__SigningKey
Auth__SigningKey="$(head -c 32 /dev/urandom | base64)"
export Freshness__PollMilliseconds="$POLL"

if [ "$REDIS" != 0 ]; then
  command -v redis-server >/dev/null || { echo "REDIS=1 needs redis-server (bash tests/tools/ensure-redis.sh)"; exit 1; }
  REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  export DirectoryCache__Redis="127.0.0.1:$REDIS_PORT,abortConnect=false"
fi

# start NAME: starts a server on a free loopback port; sets BASE to its address.
start() {
  (cd "$WORK" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:0" \
    Web__Root="$WORK/no-front-end" \
    Listings__HideOverdue=false Listings__SendReminders=false \
    Logging__LogLevel__Default=Warning \
    "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    dotnet "$DLL" >"$WORK/$1.log" 2>&1) &
  PIDS+=($!)
  local pid=$!
  BASE=""
  for _ in $(seq 1 600); do
    BASE=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/$1.log" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
    [ -n "$BASE" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$1.log"; echo "server $1 exited"; exit 1; }
    sleep 0.5
  done
  [ -n "$BASE" ] || { cat "$WORK/$1.log"; echo "server $1 did not start"; exit 1; }
}

echo "== starting host A (migrates and loads the sample), then host B over the same file"
start a
A=$BASE
start b
B=$BASE
echo "   A: $A   B: $B   poll: $POLL ms   shared Redis cache: $([ "$REDIS" != 0 ] && echo yes || echo no)"
TOKEN=$(cd "$ROOT" && dotnet "$DLL" token --role admin --hours 1 | tail -1)

ID=$(curl -sf -G "$A/odata/Interventions" --data-urlencode "\$top=1" --data-urlencode "\$select=Id" --data-urlencode "\$filter=Areas/any(a: a/Code eq 'W06000015')" | jq '.value[0].Id')
now() { date +%s.%N; }
# The cached public route a professional's search uses, filtered to this run's name.
names() {
  curl -sf -G "$1/odata/Interventions/InArea(code='W06000015')" \
    --data-urlencode "\$filter=startswith(Name,'$2')" --data-urlencode "\$select=Name"
}

printf '\n%-4s %18s %22s %22s\n' run "edit on A (s)" "on B after commit (s)" "on B after answer (s)"
LAGS=()
for run in $(seq 1 "$RUNS"); do
  marker="ZZHOSTS$run$(date +%s%N)"
  # Prime both hosts' caches with the empty answer (the second read is a cache hit).
  for host in "$A" "$B"; do names "$host" "$marker" >/dev/null; names "$host" "$marker" >/dev/null; done
  etag=$(curl -sf -H "Authorization: Bearer $TOKEN" "$A/odata/Interventions($ID)" | jq -r '."@odata.etag"')
  start=$(now)
  code=$(curl -s -o "$WORK/edit.json" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    -H "If-Match: $etag" --data "{\"Name\":\"$marker Programme\"}" "$A/odata/Interventions($ID)")
  case "$code" in 2*) ;; *) echo "edit through A: HTTP $code"; cat "$WORK/edit.json"; exit 1 ;; esac
  answered=$(now)
  until names "$B" "$marker" | grep -q "$marker"; do
    sleep 0.02
    if awk -v s="$answered" -v n="$(now)" 'BEGIN { exit !(n - s > 60) }'; then echo "not served by B within 60 s"; exit 1; fi
  done
  served=$(now)
  # The version row's ChangedAt is written in the edit's transaction, just before its commit.
  committed=$(date -u -d "$(sqlite3 "$WORK/bench.db" "SELECT ChangedAt FROM DataVersion") UTC" +%s.%N)
  lag=$(awk -v a="$committed" -v b="$served" 'BEGIN { printf "%.2f", b - a }')
  LAGS+=("$lag")
  awk -v r="$run" -v s="$start" -v c="$committed" -v p="$answered" -v v="$served" \
    'BEGIN { printf "%-4s %18.2f %22.2f %22.2f\n", r, p - s, v - c, v - p }'
done

printf '%s\n' "${LAGS[@]}" | sort -n | awk '{ a[NR] = $1 } END {
  printf "\nserved by host B after the edit committed on host A: median %.2f s, max %.2f s over %d runs\n", a[int((NR + 1) / 2)], a[NR], NR }'
