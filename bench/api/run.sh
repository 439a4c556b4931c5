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
DB_SERVER_PID=""
cleanup() {
  for pid in "$SERVER_PID" "$DB_SERVER_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build -c Release "$ROOT/src/Blueprint.Api" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
DLL="$ROOT/src/Blueprint.Api/bin/Release/net10.0/Blueprint.Api.dll"

echo "== writing a synthetic directory: $INTERVENTIONS interventions, $ORGANISATIONS organisations"
(cd "$ROOT" && Data__Root="$ROOT" dotnet "$DLL" sample --out "$WORK/directory.json" \
  --interventions "$INTERVENTIONS" --organisations "$ORGANISATIONS" >"$WORK/sample.log" 2>&1) || { cat "$WORK/sample.log"; exit 1; }

SIGNING_KEY="$(head -c 32 /dev/urandom | base64)"
# serve LOG READMODEL: starts the API on a free port with the bench's settings; ReadModel:Enabled as given.
serve() {
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
    Bench__Enabled=true \
    RateLimits__Enabled=false \
    Logging__LogLevel__Default=Warning \
    "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    "Logging__LogLevel__Blueprint.Api.ReadModel=Information" \
    ReadModel__Enabled="$2" \
    dotnet "$DLL" >"$WORK/$1" 2>&1) &
}

# listening LOG PID: waits for the server's address
listening() {
  local base=""
  for _ in $(seq 1 1200); do
    base=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$WORK/$1" 2>/dev/null | head -1 | sed 's/Now listening on: //' || true)
    [ -n "$base" ] && break
    kill -0 "$2" 2>/dev/null || { cat "$WORK/$1" >&2; echo "server exited" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$base" ] || { cat "$WORK/$1" >&2; echo "server did not start" >&2; exit 1; }
  echo "$base"
}

echo "== starting the API on 127.0.0.1 (seeding on first start)"
serve server.log true
SERVER_PID=$!

BASE=$(listening server.log "$SERVER_PID") || exit 1
echo "   listening on $BASE (pid $SERVER_PID)"
for _ in $(seq 1 600); do grep -q 'Read model at data version' "$WORK/server.log" && break; sleep 0.5; done
grep -o 'Read model at data version.*' "$WORK/server.log" | tail -1 | sed 's/^/   /'

echo "== starting a second API over the same database with the read model off (the database rows)"
serve db-server.log false
DB_SERVER_PID=$!
DB_BASE=$(listening db-server.log "$DB_SERVER_PID") || exit 1
echo "   listening on $DB_BASE (pid $DB_SERVER_PID)"

# A provider's token for the mixed set (a signed-in caller: the output cache never answers it), for organisation 1
# (bench/api/mixed-urls.txt asks for its listings).
ORG_ID=1
PROVIDER_TOKEN=$(cd "$WORK" && env ConnectionStrings__Blueprint="Data Source=$WORK/bench.db" Data__Root="$ROOT" Auth__SigningKey="$SIGNING_KEY" \
  Logging__LogLevel__Default=Warning dotnet "$DLL" token --role provider --org "$ORG_ID" --hours 1 | tail -1)

SELECT='$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified'
LA_ODATA="/odata/Interventions/InArea(code=%27W06000015%27)?\$top=50&\$count=true&$SELECT"
REGION_ODATA="/odata/Interventions/InArea(code=%27VR-NW%27)?\$top=50&\$count=true&$SELECT"
NEAR_ODATA="/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=10)?\$top=50&$SELECT,DistanceKm"
# The map's own requests for a region search with its default filter: every marker, and the counts per local authority.
MARKERS_REGION="/api/geo/markers?area=VR-NW&lang=en&names=false&filter=Status%20ne%20%27closed%27"
COUNTS_LA="/api/geo/counts?kind=local-authority&filter=Status%20ne%20%27closed%27"
# A Cookie header makes the directory cache stand aside (see DirectoryCachePolicy): the uncached OData cost.
NOCACHE="Cookie: bench=uncached"

# name | path | extra header | reference (plain row name for the ratio) | server (empty: read model on; db: read model off)
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
  "OData InArea LA, uncached, database path|$LA_ODATA|$NOCACHE|plain LA|db"
  "OData InArea region, uncached, database path|$REGION_ODATA|$NOCACHE|plain region|db"
  "OData Near 10 km, uncached, database path|$NEAR_ODATA|$NOCACHE|plain LA|db"
  "map markers region, uncached|$MARKERS_REGION|$NOCACHE|plain region"
  "map markers region, uncached, database path|$MARKERS_REGION|$NOCACHE|plain region|db"
  "map counts LA, uncached|$COUNTS_LA|$NOCACHE|plain LA"
  "map counts LA, uncached, database path|$COUNTS_LA|$NOCACHE|plain LA|db"
)

to_ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "== checking responses (uncached rows: a second request must not come from the output cache, which marks its answers with Age)"
base_of() { [ "$1" = "db" ] && echo "$DB_BASE" || echo "$BASE"; }
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header _ server <<<"$c"
  args=(-s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{size_download}\n')
  [ -n "$header" ] && args+=(-H "$header")
  read -r code size < <(curl "${args[@]}" "$(base_of "$server")$path")
  [ "$code" = "200" ] || { echo "$name: HTTP $code"; cat "$WORK/body"; exit 1; }
  curl "${args[@]}" "$(base_of "$server")$path" >/dev/null
  if [ -n "$header" ] && grep -qi '^age:' "$WORK/headers"; then echo "$name: answered from the output cache"; exit 1; fi
  count=$(grep -o '"@odata.count":[0-9]*' "$WORK/body" | head -1 | cut -d: -f2 || true)
  rows=$(grep -o '"Id":' "$WORK/body" | wc -l || true)
  printf '   %-44s %6s bytes  rows %3s  count %s\n' "$name" "$size" "$rows" "${count:--}"
done
MIXED="$ROOT/bench/api/mixed-urls.txt"
for i in $(seq 0 9); do
  code=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $PROVIDER_TOKEN" "$BASE$(sed -n "$((i + 1))p" "$MIXED")")
  [ "$code" = "200" ] || { echo "mixed URL $((i + 1)): HTTP $code"; cat "$WORK/body"; exit 1; }
done
echo "   mixed set: ten URLs answer 200 as a provider"

echo "== load: wrk -c $CONNECTIONS -t $THREADS -d $DURATION --latency (after a 3 s warm-up each)"
declare -A RPS
RESULTS=()
# record NAME REF WRK-OUTPUT
record() {
  local name=$1 ref=$2 out=$3 rps p50 p99 errs
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errs=$(awk '/Non-2xx/ { printf "non-2xx %s ", $NF } /Socket errors/ { gsub(",", ""); printf "timeouts %s", $NF }' <<<"$out")
  case "$name" in "plain EF LA") RPS["plain LA"]=$rps ;; "plain EF region") RPS["plain region"]=$rps ;; esac
  RESULTS+=("$name|$rps|$p50|$p99|$ref|$errs")
  printf '   %-44s %10s req/s\n' "$name" "$rps"
  if grep -q 'Non-2xx' <<<"$out"; then FAILED="$FAILED $name;"; fi
}
FAILED=""
for c in "${CASES[@]}"; do
  IFS='|' read -r name path header ref server <<<"$c"
  hargs=(); [ -n "$header" ] && hargs=(-H "$header")
  url="$(base_of "$server")$path"
  wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s "${hargs[@]}" "$url" >/dev/null
  out=$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "${hargs[@]}" "$url")
  record "$name" "$ref" "$out"
done
# The mixed set: ten URLs in turn (bench/api/mixed.lua), as a signed-in provider.
export BENCH_TOKEN="$PROVIDER_TOKEN" BENCH_URLS="$MIXED"
wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s -s "$ROOT/bench/api/mixed.lua" "$BASE" >/dev/null
record "mixed 10 URLs, provider, uncached" "plain LA" "$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency -s "$ROOT/bench/api/mixed.lua" "$BASE")"
# $search with a new term every request: the read model's first pass over the listings for a term, every time.
wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s -s "$ROOT/bench/api/new-terms.lua" "$BASE" >/dev/null
record "\$search, a new term each request, provider" "plain LA" "$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency -s "$ROOT/bench/api/new-terms.lua" "$BASE")"
wrk -c "$CONNECTIONS" -t "$THREADS" -d 3s -s "$ROOT/bench/api/mixed.lua" "$DB_BASE" >/dev/null
record "mixed 10 URLs, provider, database path" "plain LA" "$(wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency -s "$ROOT/bench/api/mixed.lua" "$DB_BASE")"

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
if [ -n "$FAILED" ]; then echo "non-2xx answers in:$FAILED" >&2; exit 1; fi
