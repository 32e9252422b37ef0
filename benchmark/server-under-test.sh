# Sourced by benchmark/fan-out, benchmark/soak and benchmark/search: starts the server they
# measure, with the launcher's JVM settings (./parley server), on a free port and a temporary data
# directory, and stops it when the script exits. Sets SERVER_URL, SERVER_PID and JAVA.
# Extra settings for the server come as environment variables (PARLEY_...).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
JAR="${PARLEY_JAR:-$REPO_DIR/server/target/parley-server-0.1.0-SNAPSHOT.jar}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# The server's JVM flags as ./parley server sets them (JDK 25 here), from their one home.
. "$REPO_DIR/jvm-options"
JAVA_OPTS="${PARLEY_JAVA_OPTS:-$PARLEY_SERVER_JVM $PARLEY_SERVER_JVM_FROM_22}"
[ -f "$JAR" ] || { echo "benchmark: $JAR is missing; build it: ./mvnw -q -B package -DskipTests" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    # The server's own output, when it said anything but its start line: worth reading.
    [ "$(wc -l <"$WORK/server.log" 2>/dev/null || echo 0)" -gt 1 ] && cp "$WORK/server.log" "$BENCH_DIR/results/server-$(date +%s).log"
    rm -rf "$WORK"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Every client of a benchmark comes from 127.0.0.1: the per-address limits on registrations, log-ins
# and streams, meant for one person's address, would stop them. Unless the caller chose otherwise.
export PARLEY_LIMITS_REGISTRATIONS_BURST="${PARLEY_LIMITS_REGISTRATIONS_BURST:-1000000}" \
    PARLEY_LIMITS_REGISTRATIONS_REFILL="${PARLEY_LIMITS_REGISTRATIONS_REFILL:-1000000}" \
    PARLEY_EVENTS_MAX_STREAMS_PER_ADDRESS="${PARLEY_EVENTS_MAX_STREAMS_PER_ADDRESS:-1000000}" \
    PARLEY_AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS="${PARLEY_AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS:-1000000}"

# A private copy of the jar, so a concurrent build cannot pull classes from under the server.
mkdir -p "$WORK/server" "$WORK/data"
cp -p "$JAR" "$WORK/server/" && cp -rp "$(dirname "$JAR")/libs" "$WORK/server/"
# A benchmark that brings its own data (benchmark/search) defines prepare_data, which fills the data
# directory before the server starts on it, with the copied jar and libs/ at hand.
if declare -F prepare_data >/dev/null; then
    prepare_data "$WORK/data" "$WORK/server"
fi
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 40000))
while port_in_use "$PORT"; do PORT=$((20000 + RANDOM % 40000)); done
# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
MALLOC_ARENA_MAX="$PARLEY_SERVER_MALLOC_ARENA_MAX" "$JAVA" $JAVA_OPTS -jar "$WORK/server/$(basename "$JAR")" --port "$PORT" --data-dir "$WORK/data" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 300); do
    grep -qs "Parley is serving" "$WORK/server.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    [ "$i" = 300 ] && { echo "benchmark: the server did not start" >&2; exit 1; }
    sleep 0.2
done
SERVER_URL="http://127.0.0.1:$PORT"
echo "server: $JAVA_OPTS, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
