#!/usr/bin/env bash
# The issue-14 benchmark, run by hand (not in CI). Builds nothing: run after
#   ./mvnw -B -o -pl server -am verify -DskipTests   (the server jar and its plugins)
# Needs wrk and nginx (Debian: apt-get install wrk nginx), PostgreSQL on 127.0.0.1:5432, python3.
# Seeds 10,000 and then 100,000 projects through the bulk import, runs every scenario at each size with
# wrk -t2 -c64 (WARMUP s warm-up, DURATION s measured), and prints one markdown table.
#   WARMUP=5 DURATION=20 ./bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
for tool in wrk nginx python3 psql; do command -v $tool >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done
[ -f server/target/bitwreckers-server.jar ] || { echo "bench: build the server first (see the top of $0)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bitwreckers-bench.XXXX)
chmod 755 "$WORK" # nginx's workers read the list file as another user
trap 'publishing_stop; stop_server; [ ! -f "$WORK/nginx.pid" ] || kill "$(cat "$WORK/nginx.pid")"; drop_db; rm -rf "$WORK"' EXIT

nginx_start() {
  mkdir -p "$WORK/www"
  curl -sfg "$BASE$LIST_PATH" > "$WORK/www/list.json"
  gzip -k -f "$WORK/www/list.json"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; gzip_static on; types { application/json json; }
  server { listen 127.0.0.1:28190; root $WORK/www; } }
CONF
  nginx -c "$WORK/nginx.conf"
  sleep 0.3
}

size() { # the scenarios at one size
  local n=$1 slug edited
  echo "| **$n projects** | | | | | | |"
  start_server
  row "start to first 200 ($AOT_USED)" "$START_MS ms" "" "" "" "" "$(rss_mb "$SERVER") MB"
  seed "$n"
  slug=$(psql_bench -c "SELECT slug FROM documents WHERE type = 'project' ORDER BY id DESC LIMIT 1")
  measure "list, response cache on" "$SERVER" "$BASE$LIST_PATH"
  measure "list, response cache on, gzip" "$SERVER" -H 'Accept-Encoding: gzip' "$BASE$LIST_PATH"
  measure "list, response cache on, brotli" "$SERVER" -H 'Accept-Encoding: br' "$BASE$LIST_PATH"
  measure "item, response cache on" "$SERVER" "$BASE/api/v1/content/project/$slug"
  measure "search \"northwind\", cache on" "$SERVER" "$BASE/api/v1/search?q=northwind"
  edited=$(psql_bench -c "SELECT id FROM documents WHERE type = 'project' AND data->>'category' = 'web'
                          ORDER BY created_at DESC, id DESC LIMIT 1")
  publishing_start "$edited"
  measure "list, response cache on, a publish every $PUBLISH_PERIOD s" "$SERVER" "$BASE$LIST_PATH"
  publishing_stop
  publishing_start "$edited" draft
  measure "list, response cache on, a draft saved every $PUBLISH_PERIOD s" "$SERVER" "$BASE$LIST_PATH"
  publishing_stop
  if [ "$n" = 10000 ]; then
    nginx_start
    local workers
    workers=$(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ' || true)
    measure "nginx, same list bytes" "$workers" "http://127.0.0.1:28190/list.json"
    measure "nginx, same bytes, gzip_static" "$workers" -H 'Accept-Encoding: gzip' "http://127.0.0.1:28190/list.json"
    kill "$(cat "$WORK/nginx.pid")"; rm -f "$WORK/nginx.pid"
  fi
  stop_server
  start_server DELIVERY_CACHE_MB=0
  row "start to first 200, response cache off ($AOT_USED)" "$START_MS ms" "" "" "" "" "$(rss_mb "$SERVER") MB"
  measure "list, no response cache" "$SERVER" "$BASE$LIST_PATH"
  measure "item, no response cache" "$SERVER" "$BASE/api/v1/content/project/$slug"
  measure "search \"northwind\", no cache" "$SERVER" "$BASE/api/v1/search?q=northwind"
  if [ "$n" = 10000 ]; then
    local before after done_before
    before=$(psql_bench -c "SELECT count(*) FROM documents WHERE type = 'contact_submission'")
    done_before=$(psql_bench -c "SELECT count(*) FROM jobs WHERE status = 'done'")
    measure "public form submission + mail job" "$SERVER" -s bench/form.lua "$BASE/api/v1/contact/submit"
    after=$(psql_bench -c "SELECT count(*) FROM documents WHERE type = 'contact_submission'")
    echo "form: $((WARMUP_REQUESTS + LAST_REQUESTS)) requests answered (warm-up and measured, ${LAST_ERRORS:-0} not 2xx" \
      "in the measured run), $((after - before)) submissions stored," \
      "$(( $(psql_bench -c "SELECT count(*) FROM jobs WHERE status = 'done'") - done_before )) jobs finished meanwhile," \
      "$(psql_bench -c "SELECT count(*) FROM jobs WHERE status = 'queued'") still queued" >&2
  fi
  row "RSS after the scenarios" "" "" "" "" "" "$(rss_mb "$SERVER") MB"
  stop_server
  # the submissions' mail and index jobs (tens of thousands) would otherwise run beside the next size's scenarios
  psql_bench -c "DELETE FROM jobs WHERE status IN ('queued', 'running')" \
    -c "DELETE FROM documents WHERE type = 'contact_submission'" -c "VACUUM ANALYZE" >/dev/null
}

drop_db
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t2 -c$CONNECTIONS, ${WARMUP} s warm-up, ${DURATION} s measured," \
  "$("$(find_java)/bin/java" -version 2>&1 | head -1) (the launcher's)"
header
size 10000
size 100000
# which ranking the search figures come from: the rum index (V37) where PostgreSQL has the extension
echo "search ranking: $(psql_bench -c "SELECT CASE WHEN to_regclass('search_entries_published_rum') IS NULL
  THEN 'every match ranked (no rum extension)' ELSE 'the rum index' END")" >&2
