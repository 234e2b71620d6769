#!/usr/bin/env bash
# Measures how long each shipped form of Data Forge takes from its start to the first 200 from /health: the median
# of RUNS starts (default 5) on an existing database (the first start also loads the demo rows; see README).
#
#   packaging/measure-startup.sh [RUNS]       after ./dataforge image (which also builds the jar)
#
# Prints the median for each form: the jar, the image with its AOT cache, the image without it; they share one
# database, created by a first start of the jar.
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
readonly RUNS=${1:-5} PORT=${DATAFORGE_MEASURE_PORT:-18080}
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$(ls dist/dataforge-*.jar | head -n 1)
image=$(ls -d dist/dataforge-*-linux-x64 | head -n 1)
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# Milliseconds from launching "$@" (in $work) to the first 200 from /health; the server is stopped after.
start_to_health() {
    local started pid elapsed
    started=$(date +%s%N)
    (cd -- "$work" && exec "$@" serve --port "$PORT" >"$work/output.log" 2>&1) &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/output.log" >&2; return 1; }
        sleep 0.01
    done
    elapsed=$((($(date +%s%N) - started) / 1000000))
    kill -TERM "$pid"
    wait "$pid" || true
    printf '%s\n' "$elapsed"
}

# The median of a list of numbers, one a line.
median() {
    sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

# The three forms take turns, so that a change in the machine's load (it is shared) reaches all of them alike.
forms=(jar aot no-aot)
declare -A command=(
    [jar]="$jdk/bin/java -jar $PWD/$jar"
    [aot]="$PWD/$image/bin/dataforge"
    [no-aot]="env DATAFORGE_JAVA_OPTS=-XX:AOTMode=off $PWD/$image/bin/dataforge"
)
declare -A times=()
# shellcheck disable=SC2086 # each command is a list of words
start_to_health ${command[jar]} >/dev/null # creates the database and loads the demo rows
for _ in $(seq 1 "$RUNS"); do
    for form in "${forms[@]}"; do
        times[$form]+="$(start_to_health ${command[$form]})"$'\n'
    done
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'jar (java -jar):       %s ms\n' "$(printf '%s' "${times[jar]}" | median)"
printf 'image, AOT cache:      %s ms\n' "$(printf '%s' "${times[aot]}" | median)"
printf 'image, no AOT cache:   %s ms\n' "$(printf '%s' "${times[no-aot]}" | median)"
