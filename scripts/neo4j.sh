#!/usr/bin/env bash
# A real Neo4j Community server (5.26 LTS) for development and CI.
#
#   scripts/neo4j.sh start    fetch (first time only), start, wait for Bolt; last line: the URL
#   scripts/neo4j.sh stop     stop and wait until the process is gone (fine if not running)
#   scripts/neo4j.sh status   print the URL and exit 0 if it answers on Bolt, else exit 1
#   scripts/neo4j.sh url      print the URL
#   scripts/neo4j.sh reset    stop and delete the database files (keeps the jars and password)
#
# Environment: NEO4J_VERSION, NEO4J_BOLT_PORT (7687), NEO4J_PASSWORD (else a random one,
# kept in .cache/neo4j/password), PYTHON (with the `neo4j` driver; default .venv/bin/python,
# else python3), JAVA_HOME (Java 17 or 21), NEO4J_HEAP and NEO4J_PAGECACHE (2g each),
# NEO4J_CACHE (.cache/neo4j: another folder is a second server with its own home and
# password, using the first one's jars when it has them).
#
# neo4j.com is out of reach here, so there is no tarball: Maven Central's
# org.neo4j:neo4j carries the whole Community server classpath, and this script
# supplies what the tarball would add (home layout, neo4j.conf). Needs java and mvn.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT_CACHE="$ROOT/.cache/neo4j"
CACHE="${NEO4J_CACHE:-$DEFAULT_CACHE}"
[[ "$CACHE" == /* ]] || CACHE="$PWD/$CACHE"  # the launcher runs from inside the home
# 5.26.31 is the newest 5.26.x that Maven Central served when this was written.
NEO4J_VERSION="${NEO4J_VERSION:-5.26.31}"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HEAP="${NEO4J_HEAP:-2g}"
PAGECACHE="${NEO4J_PAGECACHE:-2g}"
export NEO4J_HOME="$CACHE/home"
export NEO4J_CONF="$NEO4J_HOME/conf"
PASSWORD_FILE="$CACHE/password"
LAUNCHER_LOG="$CACHE/launcher.log"
PID_FILE="$NEO4J_HOME/run/neo4j.pid"
START_TIMEOUT=120
# Maven 3.8's default dependency plugin (2.8) cannot resolve this tree.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x "$ROOT/.venv/bin/python" ]]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
elif [[ "$PYTHON" == */* && "$PYTHON" != /* ]]; then
  PYTHON="$PWD/$PYTHON"  # callers pass paths relative to where they stand
fi

die() { echo "neo4j.sh: $*" >&2; exit 1; }

# Failures should explain themselves in CI logs, where nobody can look at the files.
show_logs() {
  local file
  (( $# )) || set -- "$LAUNCHER_LOG" "$NEO4J_HOME/logs/neo4j.log"
  for file in "$@"; do
    [[ -s "$file" ]] || continue
    echo "----- last lines of $file -----" >&2
    tail -n 25 "$file" >&2
  done
  if [[ "$*" == *neo4j.log* ]] && grep -q ' ERROR ' "$NEO4J_HOME/logs/debug.log" 2>/dev/null; then
    echo "----- last errors in $NEO4J_HOME/logs/debug.log -----" >&2
    grep -A3 ' ERROR ' "$NEO4J_HOME/logs/debug.log" | tail -n 30 >&2
  fi
}

# fail MESSAGE [LOG FILE...]: the server's logs unless other files are named.
fail() { echo "neo4j.sh: $1" >&2; shift; show_logs "$@"; exit 1; }

password() {
  if [[ -n "${NEO4J_PASSWORD:-}" ]]; then
    printf '%s' "$NEO4J_PASSWORD"
  elif [[ -s "$PASSWORD_FILE" ]]; then
    cat "$PASSWORD_FILE"
  else
    return 1
  fi
}

# The test code reads the password back with urllib's unquote.
urlencode() {
  local LC_ALL=C s="$1" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) printf '%s' "$c" ;;
      *) printf '%%%02X' "'$c" ;;
    esac
  done
}

url() {
  local pw
  pw="$(password)" || die "no password yet: run 'scripts/neo4j.sh start' first (or set NEO4J_PASSWORD)"
  printf 'bolt://neo4j:%s@127.0.0.1:%s\n' "$(urlencode "$pw")" "$BOLT_PORT"
}

# The pid file alone could name a recycled pid, so also check it is our server.
running_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--home-dir=$NEO4J_HOME" || return 1
  fi
  echo "$pid"
}

# A real Bolt round trip, since an open port does not mean the databases are up.
# Exit codes: 0 answered, 1 timed out, 2 wrong password, 3 server process died.
bolt_check() {
  local timeout="$1" pid="${2:-0}" pw
  pw="$(password)" || return 1
  NEO4J_SH_PASSWORD="$pw" "$PYTHON" - "bolt://127.0.0.1:$BOLT_PORT" "$pid" "$timeout" <<'EOF'
import os, sys, time

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

uri, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
auth = ("neo4j", os.environ["NEO4J_SH_PASSWORD"])
deadline = time.monotonic() + timeout
while True:
    try:
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=5) as driver:
            with driver.session() as session:
                session.run("RETURN 1").consume()
        sys.exit(0)
    except AuthError as error:
        print(f"authentication failed: {error}", file=sys.stderr)
        sys.exit(2)
    except Exception as error:
        last = error
    if pid:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit(3)
    if time.monotonic() >= deadline:
        print(f"no answer on {uri}: {last}", file=sys.stderr)
        sys.exit(1)
    time.sleep(0.5)
EOF
}

fetch_jars() {
  # One version only in lib/: Neo4j discovers its parts through META-INF/services.
  [[ -f "$NEO4J_HOME/lib/neo4j-$NEO4J_VERSION.jar" ]] && return 0
  if [[ "$CACHE" != "$DEFAULT_CACHE" && -f "$DEFAULT_CACHE/home/lib/neo4j-$NEO4J_VERSION.jar" ]]; then
    mkdir -p "$NEO4J_HOME"
    rm -rf "${NEO4J_HOME:?}/lib"
    ln -s "$DEFAULT_CACHE/home/lib" "$NEO4J_HOME/lib"
    return 0
  fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Neo4j from Maven Central"
  mkdir -p "$NEO4J_HOME"
  rm -rf "${NEO4J_HOME:?}/lib.partial"
  cat >"$CACHE/pom.xml" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tradegraph</groupId>
  <artifactId>neo4j-server</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${neo4j.version}</version>
    </dependency>
  </dependencies>
</project>
EOF
  echo "neo4j.sh: fetching Neo4j $NEO4J_VERSION from Maven Central (first run only)..." >&2
  # Into a side folder first, so that an interrupted fetch is never taken for a
  # complete one, and a failed switch of version keeps the old jars. -U: Maven
  # would otherwise replay a cached failure (say, a network blip) for a day.
  mvn -q -B -U -f "$CACHE/pom.xml" -Dneo4j.version="$NEO4J_VERSION" \
    "$DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime \
    -DoutputDirectory="$NEO4J_HOME/lib.partial" >"$CACHE/maven.log" 2>&1 ||
    fail "Maven could not fetch org.neo4j:neo4j:$NEO4J_VERSION" "$CACHE/maven.log"
  rm -rf "${NEO4J_HOME:?}/lib"
  mv "$NEO4J_HOME/lib.partial" "$NEO4J_HOME/lib"
  rm -f "$CACHE/maven.log"
}

# Rewritten on every start so that a changed port or a changed script takes effect.
# Unknown setting names make the server refuse to start (strict validation).
write_conf() {
  mkdir -p "$NEO4J_CONF"
  cat >"$NEO4J_CONF/neo4j.conf" <<EOF
# Written by scripts/neo4j.sh on every start; edit the script, not this file.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.http.enabled=false
server.https.enabled=false
dbms.usage_report.enabled=false
server.directories.import=import

# Fixed, since the heap otherwise defaults to a share of the machine's memory. A bulk
# load keeps each 20,000-row transaction's state on the heap: with 1 GiB the server
# spent its time in garbage collection. The scale-10 demo data takes over 1 GiB of store
# files, which a 1 GiB page cache kept reading back from disk; 2 GiB heap and 2 GiB page
# cache still leave room for several developers' servers on one 24 GiB machine.
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE

# Test data needs no history beyond what recovery uses, nor 256 MB of
# preallocated transaction log per database (2 databases: half a gigabyte).
db.tx_log.rotation.retention_policy=keep_none
db.tx_log.preallocate=false
db.tx_log.rotation.size=64M

# Netty's graceful shutdown otherwise idles 2 x 5 s on every stop.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0

# The JVM flags of 5.26's default neo4j.conf, less -XX:+AlwaysPreTouch (it
# commits the whole heap up front: slower starts for no gain in tests), and with the
# throughput collector instead of G1: a bulk load's transaction state outlives G1's small
# young generation, whose copying took a third of the server's time on 2 cores (jstat).
server.jvm.additional=-XX:+UseParallelGC
server.jvm.additional=-XX:-OmitStackTraceInFastThrow
server.jvm.additional=-XX:+UnlockExperimentalVMOptions
server.jvm.additional=-XX:+TrustFinalNonStaticFields
server.jvm.additional=-XX:+DisableExplicitGC
server.jvm.additional=-Djdk.nio.maxCachedBufferSize=1024
server.jvm.additional=-Dio.netty.tryReflectionSetAccessible=true
server.jvm.additional=-Djdk.tls.ephemeralDHKeySize=2048
server.jvm.additional=-Djdk.tls.rejectClientInitiatedRenegotiation=true
server.jvm.additional=-XX:FlightRecorderOptions=stackdepth=256
server.jvm.additional=-XX:+UnlockDiagnosticVMOptions
server.jvm.additional=-XX:+DebugNonSafepoints
server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
server.jvm.additional=--enable-native-access=ALL-UNNAMED
server.jvm.additional=-Dlog4j2.disable.jmx=true
server.jvm.additional=-Dlog4j.layout.jsonTemplate.maxStringLength=32768
# A server that ran out of memory should fail the tests, not limp on.
server.jvm.additional=-XX:+ExitOnOutOfMemoryError
EOF
}

# Called only before the first start: later the password lives in the database,
# and the file must keep matching it whatever NEO4J_PASSWORD says.
init_password() {
  local pw
  if [[ -n "${NEO4J_PASSWORD:-}" ]]; then
    pw="$NEO4J_PASSWORD"
  elif [[ -s "$PASSWORD_FILE" ]]; then
    pw="$(<"$PASSWORD_FILE")"  # after a reset: keep the URL people already have
  else
    # Hex keeps the URL free of characters that would need quoting.
    pw="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  fi
  (( ${#pw} >= 8 )) || die "the password must have at least 8 characters"
  (umask 077 && printf '%s\n' "$pw" >"$PASSWORD_FILE")
  chmod 600 "$PASSWORD_FILE"
  (cd "$NEO4J_HOME" && "$JAVA" -cp "$NEO4J_HOME/lib/*" org.neo4j.cli.AdminTool \
    dbms set-initial-password "$pw") </dev/null >>"$LAUNCHER_LOG" 2>&1 9>&- ||
    fail "could not set the initial password" "$LAUNCHER_LOG"
}

start() {
  local pid status=0 started=""
  mkdir -p "$CACHE"
  command -v "$JAVA" >/dev/null || die "java not found (Neo4j $NEO4J_VERSION needs Java 17 or 21)"
  "$PYTHON" -c 'import neo4j' 2>/dev/null ||
    die "$PYTHON cannot import the neo4j driver (pip install neo4j, or set PYTHON)"

  if ! pid="$(running_pid)"; then
    fetch_jars
    write_conf
    : >"$LAUNCHER_LOG"
    # The initial password only counts before the system database exists.
    [[ -d "$NEO4J_HOME/data/databases/system" ]] || init_password
    password >/dev/null ||
      die "the database exists but $PASSWORD_FILE is gone: set NEO4J_PASSWORD, or run reset"
    # Neo4j wants 40000 open files; take what the hard limit allows.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    # The launcher validates neo4j.conf, forks the server and returns once it has
    # started. Its output goes to a file: the forked server inherits these file
    # descriptors, and must not hold a caller's pipe (CI would wait on it forever),
    # nor the lock (fd 9), which would block every later stop. A JAVA_OPTS or
    # HEAP_SIZE in the caller's environment would replace the conf's JVM flags.
    (cd "$NEO4J_HOME" && env -u JAVA_OPTS -u HEAP_SIZE \
      "$JAVA" -cp "$NEO4J_HOME/lib/*" org.neo4j.server.startup.Neo4jCommand start) \
      </dev/null >>"$LAUNCHER_LOG" 2>&1 9>&- || fail "Neo4j did not start"
    pid="$(running_pid)" || fail "Neo4j started but its process is gone"
    started=yes
  fi

  bolt_check "$START_TIMEOUT" "$pid" 2>"$CACHE/check.log" || status=$?
  if (( status != 0 )); then
    cat "$CACHE/check.log" >&2
    case "$status" in
      2) echo "neo4j.sh: the database was created with another password; 'scripts/neo4j.sh reset' starts afresh" >&2 ;;
      3) echo "neo4j.sh: the server process died" >&2 ;;
      *) echo "neo4j.sh: no Bolt answer on port $BOLT_PORT within ${START_TIMEOUT}s" >&2 ;;
    esac
    show_logs
    # Leave no broken server behind, but never stop one this call did not start.
    [[ -z "$started" ]] || stop || true
    exit 1
  fi
  url
}

stop() {
  local pid i
  pid="$(running_pid)" || { rm -f "$PID_FILE"; return 0; }
  # SIGTERM is what Neo4j's own 'stop' sends: a clean shutdown with a checkpoint.
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 10 * START_TIMEOUT; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "neo4j.sh: Neo4j (pid $pid) ignored SIGTERM for ${START_TIMEOUT}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
}

status() {
  local pid
  pid="$(running_pid)" || { echo "neo4j.sh: not running" >&2; return 1; }
  bolt_check 5 "$pid" || { echo "neo4j.sh: running (pid $pid) but not answering on Bolt" >&2; return 1; }
  url
}

reset() {
  stop
  rm -rf "${NEO4J_HOME:?}/data" "${NEO4J_HOME:?}/logs" "${NEO4J_HOME:?}/run"
}

# Two callers starting or stopping at once (parallel test runs) must not race.
lock() {
  mkdir -p "$CACHE"
  if command -v flock >/dev/null; then
    exec 9>"$CACHE/.lock"
    flock 9
  fi
}

case "${1:-}" in
  start) lock; start ;;
  stop) lock; stop ;;
  status) status ;;
  url) url ;;
  reset) lock; reset ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
