# Helpers shared by the bench scripts (sourced): a server on its own database, wrk runs with CPU and memory figures.
. distribution/src/bin/jvm.sh # aot_cache_current: whether the launcher will use its AOT cache
BENCH_DB=${BENCH_DB:-bitwreckers_bench_run}
PORT=${BENCH_PORT:-28180}
ADMIN_PORT=${BENCH_ADMIN_PORT:-28181}
BASE="http://127.0.0.1:$PORT"
ADMIN="http://127.0.0.1:$ADMIN_PORT"
TOKEN=bench-admin-token-0123456789abcdef-local
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
HZ=$(getconf CLK_TCK)
LIST_PATH="/api/v1/content/project?filter[category]=web&sort=-created_at&pageSize=20"
GC_LOG=${GC_LOG:-/tmp/bitwreckers-bench-gc.log} # the server's collections, for the heap each request allocates

psql_bench() { psql -h 127.0.0.1 -U postgres -d "$BENCH_DB" -qtAX "$@"; }
drop_db() { psql -h 127.0.0.1 -U postgres -qtAX -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null; }

# start_server [VAR=value...]: spawns the built server; SERVER is its pid, START_MS the time from spawn to the
# first 200 of a delivery list.
start_server() {
  local t0 dist
  dist=$(ls -d distribution/target/bitwreckers-*/bitwreckers-* | head -n 1) # what ./cms start runs
  AOT_USED=$(aot_cache_current "$dist/bitwreckers.aot" "$dist/libs" && echo "AOT cache" || echo "no AOT cache yet: training run")
  rm -f "$GC_LOG"
  t0=$(date +%s%N)
  env PORT="$PORT" ADMIN_PORT="$ADMIN_PORT" HOST=127.0.0.1 ADMIN_API_TOKEN="$TOKEN" RATE_LIMIT_FORMS=1000000 \
    DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$BENCH_DB" JAVA_OPTS="-Xlog:gc:file=$GC_LOG ${JAVA_OPTS:-}" \
    "$@" ./cms start >>/tmp/bitwreckers-bench.log 2>&1 &
  SERVER=$!
  for _ in $(seq 1 3000); do
    curl -sf -o /dev/null "$BASE/api/v1/content/project?pageSize=1" && break
    kill -0 "$SERVER" 2>/dev/null || { echo "bench: the server stopped; see /tmp/bitwreckers-bench.log" >&2; exit 1; }
    sleep 0.01
  done
  START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; } # set -e: a trap must not stop here

# publishing_start ID [draft]: edits and publishes that project every PUBLISH_PERIOD seconds until publishing_stop, as
# an editor at work while visitors read: each publish changes the type's generation on every node. With "draft" the
# edits are saved as drafts only, which change nothing published.
PUBLISH_PERIOD=${PUBLISH_PERIOD:-0.2}
PUBLISHING=""
publishing_start() {
  ( i=0
    while :; do
      i=$((i + 1))
      curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        --data "{\"data\":{\"title\":\"Edited $i\"}}" "$ADMIN/admin/v1/content/project/$1" || exit 1
      if [ "${2:-}" != draft ]; then
        curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" "$ADMIN/admin/v1/content/project/$1/publish" \
          || exit 1
      fi
      sleep "$PUBLISH_PERIOD"
    done ) &
  PUBLISHING=$!
}
publishing_stop() {
  [ -n "$PUBLISHING" ] || return 0
  kill "$PUBLISHING" 2>/dev/null || true; wait "$PUBLISHING" 2>/dev/null || true
  PUBLISHING=""
}

ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
pg_pids() { psql_bench -c "SELECT pid FROM pg_stat_activity WHERE datname = '$BENCH_DB' AND pid <> pg_backend_pid()"; }
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
header() {
  row scenario req/s p50 p99 "server CPU" "PostgreSQL CPU" "server RSS" "heap per request"
  row --- --- --- --- --- --- --- ---
}

# heap_per_request FIRST_LINE REQUESTS: the server's heap allocated per request (KB) over the measured run, from the
# young collections in GC_LOG after that line: what each freed since the one before, over the time between the
# first and the last. Unlike req/s and CPU it hardly moves with what else the machine runs, so it compares builds.
heap_per_request() {
  awk -v from="$1" -v n="$2" -v d="$DURATION" 'NR > from && /Pause Young/ && match($0, /[0-9]+M->[0-9]+M/) {
      split(substr($0, RSTART, RLENGTH), m, /M->|M/); t = substr($1, 2) + 0 # [12.345s][info][gc] ...
      if (k++) { freed += m[1] - last; span = t - first } else { first = t }
      last = m[2] }
    END { if (k > 2 && span > 0) printf "%d KB", freed * 1024 / span * d / n; else print "-" }' "$GC_LOG"
}

# measure NAME PIDS wrk-args...: warm-up, then a measured run; CPU is % of one core over the measured run.
measure() {
  local name=$1 pids=$2 out s0 s1 p0 p1 pg gc
  shift 2
  WARMUP_REQUESTS=$(wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$@" | awk '/requests in/ {print $1}')
  pg=$(pg_pids)
  gc=$(wc -l < "$GC_LOG" 2>/dev/null || echo 0)
  s0=$(ticks $pids); p0=$(ticks $pg)
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  s1=$(ticks $pids); p1=$(ticks $pg)
  LAST_REQUESTS=$(echo "$out" | awk '/requests in/ {print $1}')
  LAST_ERRORS=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  # a failing endpoint answers fast: its rate must not read as a result
  [ -z "$LAST_ERRORS" ] || echo "bench: $name: $LAST_ERRORS answers were not 2xx" >&2
  row "$name" "$(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}')${LAST_ERRORS:+ ($LAST_ERRORS not 2xx)}" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(( (s1 - s0) * 100 / HZ / DURATION )) %" "$(( (p1 - p0) * 100 / HZ / DURATION )) %" \
    "$( [ "$pids" = "$SERVER" ] && echo "$(rss_mb "$SERVER") MB" || echo "-")" \
    "$( [ "$pids" = "$SERVER" ] && heap_per_request "$gc" "$LAST_REQUESTS" || echo "-")"
}

# seed UP_TO: bulk-imports projects up to that count (published), then waits for their search index jobs;
# needs WORK (a scratch folder) and a started server
SEEDED=0
seed() {
  local t0 t1 batch
  python3 bench/projects.py "$SEEDED" $(($1 - SEEDED)) "$WORK/batches"
  t0=$(date +%s%N)
  # two requests at a time: one per core
  ls "$WORK"/batches/*.json | xargs -P2 -I{} curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary @{} "$ADMIN/admin/v1/content/project/bulk" \
    || { echo "bench: bulk import failed" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "seeded $(($1 - SEEDED)) projects in $(( (t1 - t0) / 1000000 )) ms:" \
    "$(( ($1 - SEEDED) * 1000000000 / (t1 - t0) )) documents/s (bulk import, 1,000 per request, 2 at a time, published)" >&2
  # the rebuild a new database's first start queues may end after the import's index jobs
  until [ "$(psql_bench -c "SELECT count(*) FROM jobs WHERE kind IN ('search.index', 'search.rebuild')
             AND status IN ('queued', 'running')")" = 0 ]; do
    sleep 0.5
  done
  echo "search index jobs done after $(( ($(date +%s%N) - t1) / 1000000 )) ms" >&2
  # what autovacuum would do in time, but may be off (it is on the development machine) or behind: statistics of the
  # new rows for the planner, and the search index's pending entries merged (a GIN index keeps new entries in an
  # unsorted list that every search scans until a vacuum; a manual ANALYZE leaves them there)
  psql_bench -c "VACUUM ANALYZE"
  rm -rf "$WORK/batches"
  SEEDED=$1
}
