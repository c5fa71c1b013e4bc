#!/usr/bin/env bash
# A real single-node Elasticsearch on 127.0.0.1 for local work and tests, from Elastic's official small server
# archive on Maven Central (no Docker, no other download site).
#   search/elasticsearch.sh start   fetch (once), configure and start; waits until the cluster is healthy
#   search/elasticsearch.sh stop    stop it
#   search/elasticsearch.sh status  print the cluster health
# Settings: ES_VERSION (9.5.3), ES_PORT (9200), ES_HOME (target/elasticsearch), ES_HEAP (512m).
set -euo pipefail
cd "$(dirname "$0")/.."

ES_VERSION=${ES_VERSION:-9.5.3}
ES_PORT=${ES_PORT:-9200}
ES_HOME=${ES_HOME:-$PWD/target/elasticsearch}
ES_HEAP=${ES_HEAP:-512m}
ES_USER=${ES_USER:-bwsearch}
DIST="$ES_HOME/elasticsearch-$ES_VERSION"
URL="http://127.0.0.1:$ES_PORT"

health() {
  curl -sf "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null
}

java_home() {
  # Elasticsearch 9 needs Java 21+; reuse the JDK ./cms finds
  for home in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    if [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      echo "$home"; return 0
    fi
  done
  echo "elasticsearch.sh: no Java 21+ found under /usr/lib/jvm (set JAVA_HOME)" >&2
  return 1
}

fetch() {
  [ -x "$DIST/bin/elasticsearch" ] && return 0
  mkdir -p "$ES_HOME"
  # the integ-test zip is Elastic's real server with only its core modules; Maven fetches it from Central
  ./mvnw -B -q -ntp dependency:copy -N \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$ES_HOME" >/dev/null
  unzip -q -o "$ES_HOME/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME"
  rm -f "$ES_HOME/elasticsearch-$ES_VERSION.zip"
  # the port is given at start (-E), so one unpacked copy serves any port
  cat >> "$DIST/config/elasticsearch.yml" <<YAML
discovery.type: single-node
network.host: 127.0.0.1
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
YAML
  mkdir -p "$DIST/config/jvm.options.d"
  printf -- '-Xms%s\n-Xmx%s\n' "$ES_HEAP" "$ES_HEAP" > "$DIST/config/jvm.options.d/heap.options"
}

start() {
  if health >/dev/null; then echo "elasticsearch.sh: already running at $URL"; return 0; fi
  fetch
  local jh run=()
  jh=$(java_home)
  if [ "$(id -u)" = 0 ]; then
    # Elasticsearch refuses to run as root: give it an unprivileged user of its own
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME"
    run=(runuser -u "$ES_USER" --)
  fi
  "${run[@]}" env ES_JAVA_HOME="$jh" "$DIST/bin/elasticsearch" -d -p "$DIST/es.pid" -E "http.port=$ES_PORT" \
    >"$ES_HOME/start.log" 2>&1
  for _ in $(seq 1 120); do
    if health >/dev/null; then echo "elasticsearch.sh: ready at $URL"; return 0; fi
    sleep 1
  done
  echo "elasticsearch.sh: not healthy after 120 s; see $ES_HOME/start.log and $DIST/logs" >&2
  return 1
}

stop() {
  [ -f "$DIST/es.pid" ] || return 0
  local pid
  pid=$(cat "$DIST/es.pid")
  kill "$pid" 2>/dev/null || true
  # wait for the exit, so a start right after finds the port and the data folder free
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$DIST/es.pid"; echo "elasticsearch.sh: stopped"; return 0; }
    sleep 0.1
  done
  echo "elasticsearch.sh: pid $pid did not stop within 60 s" >&2
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) health || { echo "elasticsearch.sh: not running at $URL" >&2; exit 1; } ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
