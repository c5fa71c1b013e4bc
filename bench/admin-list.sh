#!/usr/bin/env bash
# The admin app's list view with many documents (issue 16), run by hand (not in CI). Seeds projects through the bulk
# import, creates an admin account, then drives the machine's Chromium (apt-get install chromium) through the content
# list: first load with a cold cache, next page, sort, search. Prints p50 and p95 of each step.
#   ./cms build && RUNS=10 ./bench/admin-list.sh [documents, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DB=bitwreckers_bench_admin_list
source bench/lib.sh
COUNT=${1:-100000}
for tool in node python3 psql "${CHROMIUM:-/usr/bin/chromium}"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
[ -d admin-ui/node_modules/playwright-core ] || { echo "bench: run ./cms build first (it installs admin-ui's packages)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bitwreckers-bench-admin.XXXX)
trap 'stop_server; drop_db; rm -rf "$WORK"' EXIT
drop_db

start_server
seed "$COUNT"
export BENCH_EMAIL=bench-admin@bitwreckers.test BENCH_PASSWORD="bench-list-view-$RANDOM-password"
BITWRECKERS_PASSWORD=$BENCH_PASSWORD DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$BENCH_DB" \
  CONFIG_DIR="$PWD/config" CONTENT_TYPES_DIR="$PWD/content-types" \
  "$(ls -d distribution/target/bitwreckers-*/bitwreckers-* | head -n 1)/bin/bitwreckers" create-admin \
  --email "$BENCH_EMAIL" >/dev/null
echo "list view with $(psql_bench -c "SELECT count(*) FROM documents WHERE type = 'project'") projects:"
ADMIN_URL=$ADMIN node bench/admin-list.mjs
