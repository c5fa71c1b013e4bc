# shellcheck shell=bash
# Which Java runs the platform, and with which JVM options: sourced by bin/bitwreckers (the launcher) and by ./cms
# (which builds with it and starts the launcher), so these facts are written once.

# java_major JAVA: the feature version of that java binary (21, 25, ...), empty if it cannot tell. A JDK's `release`
# file says it at once; asking the binary starts a JVM (about 80 ms). Read with shell builtins: every program the
# launcher runs is a few milliseconds before the JVM even starts.
java_major() {
  local bin release line version
  bin=$(readlink -f "$1")
  release="${bin%/bin/*}/release"
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"[0-9]*) version=${line#JAVA_VERSION=\"}; echo "${version%%[!0-9]*}"; return 0 ;;
      esac
    done < "$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

# find_java [jdk]: prints the home of a Java 21 or newer: JAVA_HOME if new enough, else the `java` on PATH, else the
# newest under /usr/lib/jvm. With "jdk", only homes with javac count (building needs a JDK; running, a JRE). Each
# candidate is looked at only when the ones before it would not do.
find_java() {
  local need=${1:-} home java
  if [ -n "${JAVA_HOME:-}" ] && java_usable "$JAVA_HOME" "$need"; then echo "$JAVA_HOME"; return 0; fi
  if java=$(command -v java); then
    java=$(readlink -f "$java")
    home=${java%/bin/java}
    if java_usable "$home" "$need"; then echo "$home"; return 0; fi
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    if java_usable "$home" "$need"; then echo "$home"; return 0; fi
  done
  return 1
}

# java_usable HOME [jdk]: whether HOME holds a Java 21 or newer (with javac, for "jdk")
java_usable() {
  local major
  [ -x "$1/bin/java" ] || return 1
  [ "${2:-}" != jdk ] || [ -x "$1/bin/javac" ] || return 1
  major=$(java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

# Memory defaults measured with bench/run.sh (docs/performance.md): the serial collector and a 192 MB heap keep the
# resident size under 300 MB under load, with the 64 MB response cache inside the heap. Analytics' robot rules
# (loaded with the first beacon) hold about 115 MB more, so the heap is 320 MB unless ANALYTICS_ENABLED=false.
# JAVA_OPTS comes after them, so its -Xmx and the like win; a collector chosen in JAVA_OPTS replaces the serial one.
# The brotli encoder of cached answers is a native library: JDK 24 and later warn when one loads without native access.
jvm_options() {
  local gc="-XX:+UseSerialGC" heap="-Xmx320m"
  case " ${JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) gc="" ;; esac
  [ "${ANALYTICS_ENABLED:-true}" = "false" ] && heap="-Xmx192m"
  echo "$gc $heap -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-}"
}

# aot_cache_current CACHE LIBS: whether CACHE exists and is newer than every jar in the folder LIBS. The JVM refuses a
# cache made with other jars ("shared class paths mismatch") and then starts without one, so any rebuilt jar, not
# only the server's, makes the cache stale.
aot_cache_current() {
  local jar found=""
  [ -f "$1" ] || return 1
  for jar in "$2"/*.jar; do
    [ -f "$jar" ] || continue
    [ "$1" -nt "$jar" ] || return 1
    found=1
  done
  [ -n "$found" ]
}

# aot_options JAVA CACHE LIBS: JDK 25's ahead-of-time cache (JEP 483/514/515) holds the classes loaded and linked, and
# method profiles, of an earlier run, so the next start skips most of that work. A start without a current cache (see
# aot_cache_current) is the training run: the cache is written when it stops. Older JVMs, or no CACHE: nothing.
aot_options() {
  local java=$1 cache=$2 libs=$3 major
  [ -n "$cache" ] || return 0
  major=$(java_major "$java")
  [ -n "$major" ] && [ "$major" -ge 25 ] || return 0
  if aot_cache_current "$cache" "$libs"; then
    echo "-XX:AOTCache=$cache -Xlog:aot*=error,cds*=error"
  else
    echo "-XX:AOTCacheOutput=$cache -Xlog:aot*=error,cds*=error"
  fi
}
