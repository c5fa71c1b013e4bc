#!/usr/bin/env bash
# Analytics benchmark, run by hand (not part of the test suite). Starts the built server on its own database with
# the demo content, writes synthetic visits straight into the tables, recounts their rollups through the admin API,
# times every report, measures bytes per visit, and loads the beacon endpoint with wrk (apt-get install wrk).
#   ./bench/analytics.sh [events, default 10000000] [days, default 30] [seconds of beacon load, default 20]
# KEEP_DATABASE=1 leaves the database behind (bitwreckers_bench_analytics), to look at query plans afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-10000000}
DAYS=${2:-30}
SECONDS_LOAD=${3:-20}
PORT=18090
ADMIN_PORT=18091
DB=bitwreckers_bench_analytics
TOKEN=bench-analytics-token-0123456789abcdef
PSQL=(psql -h 127.0.0.1 -U postgres -qAt)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -f server/target/bitwreckers-server.jar ] || ./cms build >/dev/null

"${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
PORT=$PORT ADMIN_PORT=$ADMIN_PORT HOST=127.0.0.1 ADMIN_API_TOKEN=$TOKEN ANALYTICS_BEACONS_PER_MINUTE=100000000 \
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" ./cms start > /tmp/bitwreckers-bench-analytics.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; [ -n "${KEEP_DATABASE:-}" ] || "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$ADMIN_PORT/observe/health" >/dev/null && break; sleep 1; done

echo "generating $EVENTS visits over $DAYS days..."
start=$(date +%s.%N)
"${PSQL[@]}" -d $DB -v ON_ERROR_STOP=1 -v events="$EVENTS" -v days="$DAYS" -f bench/analytics-events.sql >/dev/null
echo "  generated in $(echo "$(date +%s.%N) - $start" | bc) s"
rows=$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM analytics_events")
bytes=$("${PSQL[@]}" -d $DB -c "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits
        WHERE inhparent = 'analytics_events'::regclass")
echo "storage: $rows visits, $((bytes / rows)) bytes per visit with indexes"

ADMIN="http://127.0.0.1:$ADMIN_PORT/admin/v1/analytics"
AUTH="Authorization: Bearer $TOKEN"
from=$(date -u -d "-$DAYS days" +%F)
to=$(date -u +%F)
done_before=$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM jobs WHERE kind = 'analytics.rollup' AND status = 'done'")
start=$(date +%s.%N)
curl -sf -X POST -H "$AUTH" "$ADMIN/rollups?from=$from&to=$to" >/dev/null
expected=$((done_before + DAYS + 1))
until [ "$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM jobs WHERE kind = 'analytics.rollup' AND status = 'done'")" -ge $expected ]; do
  sleep 1
done
echo "rollups of $((DAYS + 1)) days recounted in $(echo "$(date +%s.%N) - $start" | bc) s"
# the planner needs statistics of the rollups just written (as in bench/run.sh): autovacuum takes them within a minute
# or so, but a report straight after a recount of every day would otherwise be planned for empty tables
"${PSQL[@]}" -d $DB -c "ANALYZE"

echo
printf '%-44s %8s %8s\n' "report (period $DAYS days, 20 runs)" "p50 ms" "p95 ms"
time_report() {
  local name=$1 path=$2 times
  times=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" "$ADMIN/$path"; done | sort -n)
  printf '%-44s %8.1f %8.1f\n' "$name" "$(echo "$times" | sed -n 10p | awk '{print $1 * 1000}')" \
    "$(echo "$times" | sed -n 19p | awk '{print $1 * 1000}')"
}
P="from=$from&to=$to"
time_report summary "summary?$P"
time_report timeseries "timeseries?$P"
time_report "breakdown page" "breakdown?dimension=page&$P"
time_report "breakdown channel" "breakdown?dimension=channel&$P"
time_report "breakdown browser" "breakdown?dimension=browser&$P"
time_report "top documents" "top-documents?type=project&$P"
time_report "document views" "documents/project/1?$P"
time_report "timeseries, filtered (daily cells)" "timeseries?$P&filter=channel:search"
time_report "breakdown, filtered (daily cells)" "breakdown?dimension=page&$P&filter=device:mobile"
time_report realtime "realtime"
time_report applications "applications?$P"
time_report events "events?$P"
time_report members "members?$P"
time_report newsletter "newsletter?$P"
start=$(date +%s.%N)
panels=()
for path in "summary?$P" "timeseries?$P" "breakdown?dimension=page&$P" "breakdown?dimension=channel&$P" \
            "top-documents?type=project&$P" "realtime" "applications?$P" "events?$P" "members?$P" "newsletter?$P"; do
  curl -s -o /dev/null -H "$AUTH" "$ADMIN/$path" &
  panels+=($!)
done
wait "${panels[@]}" # not a bare wait: the server is a background job too
echo "whole dashboard (10 panels at once): $(echo "($(date +%s.%N) - $start) * 1000" | bc | cut -d. -f1) ms"

echo
# 5 s of warm-up, as in bench/run.sh: the first beacon loads the user-agent rules (seconds of CPU) and the JIT settles
wrk -t2 -c64 -d5s -s bench/beacon.lua "http://127.0.0.1:$PORT/api/v1/collect" >/dev/null
until [ "$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state = 'active'")" -le 1 ]; do
  sleep 0.2
done
before=$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM analytics_events")
out=$(wrk -t2 -c64 -d"${SECONDS_LOAD}s" --latency -s bench/beacon.lua "http://127.0.0.1:$PORT/api/v1/collect")
accepted=$(echo "$out" | awk '/requests in/ {print $1}')
for _ in $(seq 1 30); do
  now=$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM analytics_events")
  [ "$now" -ge $((before + accepted)) ] && break
  sleep 1
done
after=$("${PSQL[@]}" -d $DB -c "SELECT count(*) FROM analytics_events")
written=$((after - before))
printf 'beacons: %s req/s, p50 %s, p99 %s; %s accepted, %s written, dropped: %s\n' \
  "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
  "$(echo "$out" | awk '$1=="99%" {print $2}')" "$accepted" "$written" \
  "$("${PSQL[@]}" -d $DB -c "SELECT coalesce(string_agg(reason || '=' || hits, ' '), 'none') FROM analytics_dropped")"

# the ingest goal's rate (2,500 beacons/s per core, 5,000/s here) held steady: accept latency without wrk's own queue
sleep 5 # the writer catches up with the saturated run first
out=$(PACE_MS=12 wrk -t2 -c64 -d"${SECONDS_LOAD}s" --latency -s bench/beacon.lua "http://127.0.0.1:$PORT/api/v1/collect")
printf 'beacons at a steady rate: %s req/s, p50 %s, p90 %s, p99 %s\n' \
  "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
  "$(echo "$out" | awk '$1=="90%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')"
