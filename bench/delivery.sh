#!/usr/bin/env bash
# Delivery read-path benchmark, run by hand (not part of the test suite).
# Starts the built server with the demo content on its own database, then loads a few page endpoints with wrk
# (Debian: apt-get install wrk) from this machine: cached lists, an item, a populated list, 304 revalidations,
# and an uncached filter that must go to PostgreSQL each time.
#   ./bench/delivery.sh [seconds-per-endpoint] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-32}
PORT=18080
ADMIN_PORT=18081
DB=bitwreckers_bench
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -f server/target/bitwreckers-server.jar ] || ./cms build >/dev/null

psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
PORT=$PORT ADMIN_PORT=$ADMIN_PORT HOST=127.0.0.1 DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" \
  ./cms start > /tmp/bitwreckers-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$ADMIN_PORT/observe/health" >/dev/null && break; sleep 1; done

BASE="http://127.0.0.1:$PORT"
ETAG=$(curl -sI "$BASE/api/v1/portfolio/projects" | tr -d '\r' | sed -n 's/^ETag: //Ip')
run() {
  local name=$1; shift
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')"
}
echo "wrk: ${DURATION}s per endpoint, $CONNECTIONS connections, 2 threads, $(nproc) cores"
run "list (cached)"          "$BASE/api/v1/portfolio/projects"
run "item by slug (cached)"  "$BASE/api/v1/portfolio/projects/campus-marketplace"
run "populated list (cached)" "$BASE/api/v1/portfolio/projects?populate=team&pageSize=24"
run "stats (cached)"         "$BASE/api/v1/stats/network"
run "304 revalidation"       -H "If-None-Match: $ETAG" "$BASE/api/v1/portfolio/projects"
run "uncached (new query each time)" -s bench/unique-query.lua "$BASE/api/v1/portfolio/projects"
