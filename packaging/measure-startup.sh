#!/usr/bin/env bash
# Measures how long each shipped form of Data Forge takes from its start to the first 200 from /health: the median
# of RUNS starts (default 5) on an existing database (the first start also loads the demo rows; see README).
#
#   packaging/measure-startup.sh [RUNS]       after ./dataforge image (which also builds the jar)
#
# Prints one line per form: the jar, the image with its AOT cache, the image without it.
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

# The median of RUNS measurements of "$@", after one start that creates the database and loads the demo rows.
median() {
    start_to_health "$@" >/dev/null
    local -a times=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(start_to_health "$@")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

printf 'jar (java -jar):              %s ms\n' "$(median "$jdk/bin/java" -jar "$PWD/$jar")"
rm -rf -- "$work/data"
printf 'image, AOT cache:             %s ms\n' "$(median "$PWD/$image/bin/dataforge")"
rm -rf -- "$work/data"
printf 'image, no AOT cache:          %s ms\n' "$(median env DATAFORGE_JAVA_OPTS=-XX:AOTMode=off \
    "$PWD/$image/bin/dataforge")"
