#!/usr/bin/env bash
# What a full collection leaves behind on kept-alive connections, run by hand (not in CI); needs what run.sh needs.
# Seeds 10,000 projects, then reads the cached list on 64 kept-alive connections for 40 s while an editor publishes
# every 0.2 s, asks for a full collection 10 s in, and prints the young collections of each 10 s after it: their
# mean pause and the heap they leave (which grows when dead objects in the old generation keep young ones alive).
#   ./bench/full-collection.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[ -f server/target/bitwreckers-server.jar ] || { echo "bench: build the server first (see bench/run.sh)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bitwreckers-bench.XXXX)
trap 'publishing_stop; stop_server; drop_db; rm -rf "$WORK"' EXIT

drop_db
start_server
seed 10000
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$BASE$LIST_PATH" >/dev/null
publishing_start "$(psql_bench -c "SELECT id FROM documents WHERE type = 'project' AND data->>'category' = 'web'
                                   ORDER BY created_at DESC, id DESC LIMIT 1")"
wrk -t2 -c"$CONNECTIONS" -d40s --latency "$BASE$LIST_PATH" > "$WORK/wrk.out" &
LOAD=$!
sleep 10
jcmd "$SERVER" GC.run >/dev/null # the server's java process: ./cms execs it
wait $LOAD
publishing_stop
echo "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/wrk.out")," \
  "server RSS $(rss_mb "$SERVER") MB"
# GC log lines: [12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 118M->33M(309M) 1.234ms
awk '/Pause Full \(Diagnostic/ { t0 = substr($1, 2) + 0; on = 1; next }
  on && /Pause Young/ {
    b = int((substr($1, 2) + 0 - t0) / 10); match($0, /->[0-9]+M/); heap = substr($0, RSTART + 2, RLENGTH - 3)
    n[b]++; pause[b] += $NF + 0; if (!(b in first)) first[b] = heap; last[b] = heap }
  END { for (b = 0; b < 3; b++) if (n[b])
    printf "%d-%d s after the full collection: %d young collections, mean pause %.1f ms, heap after them %s -> %s MB\n",
      b * 10, b * 10 + 10, n[b], pause[b] / n[b], first[b], last[b] }' "$GC_LOG"
