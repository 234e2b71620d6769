#!/usr/bin/env bash
# Builds the jlink runtime image of the Data Forge service, DIST/dataforge-VERSION-linux-x64/, and its .tar.gz.
# Maven's packaging module runs it (./dataforge image); it needs only the JDK's own tools (and strip, if present).
#
#   build-image.sh JDK MODULES WORK DIST VERSION
#     JDK      the JDK >= 25 whose jdeps, javac, jar and jlink are used, and whose modules are linked
#     MODULES  a directory holding every runtime jar of dataforge.server, its own included
#     WORK     a scratch directory (emptied first)
#     DIST     where the image and the archive go
#
# Set DATAFORGE_IMAGE_AOT=false to leave out the ahead-of-time cache (for measuring without it).
set -euo pipefail

readonly JDK=$1 MODULES=$2 WORK=$3 VERSION=$5
mkdir -p -- "$4"
DIST=$(cd -- "$4" && pwd -P)
readonly DIST
readonly NAME=dataforge-$VERSION-linux-x64
readonly IMAGE=$DIST/$NAME
readonly MAIN=dataforge.server/com.dataforge.server.Main
# The options ./dataforge gives the JVM, linked into the image: Arrow reads direct buffers' addresses through
# java.nio internals and uses sun.misc.Unsafe; DuckDB, zstd-jni, lz4-java and arrow-c-data load native code.
readonly JVM_OPTIONS="--add-opens=java.base/java.nio=org.apache.arrow.memory.core\
 --enable-native-access=duckdb.jdbc,com.github.luben.zstd_jni,org.lz4.java,org.apache.arrow.c\
 --sun-misc-unsafe-memory-access=allow"

# Requires of JDK modules that no class the service can reach uses (jdeps -verbose:class on every linked jar):
# OptionalRequires.java makes them `requires static`, so jlink leaves the JDK module out, and the library still works
# where the module is present. commons-compress (under arrow-compression) and commons-lang3 (under commons-compress)
# use java.beans only in their Pack200 and circuit-breaker classes, yet require java.desktop, which with java.prefs
# and java.datatransfer is 9 MB of the linked classes; arrow-memory-core requires java.compiler and uses none of it.
readonly OPTIONAL_REQUIRES=(org.apache.commons.compress=java.desktop org.apache.commons.lang3=java.desktop
    org.apache.arrow.memory.core=java.compiler)

step() {
    printf '[image] %s\n' "$*" >&2
}

die() {
    printf '[image] failed: %s\n' "$*" >&2
    exit 1
}

rm -rf -- "$WORK" "$IMAGE" "$IMAGE.tar.gz"
mkdir -p -- "$WORK/jars" "$WORK/descriptors" "$WORK/classes" "$WORK/native" "$DIST"
cp -- "$MODULES"/*.jar "$WORK/jars/"

# Other platforms' copies of native code go, from the automatic modules (their packages are read from the jar) and
# from every explicit module whose descriptor does not list its packages (a listed resource directory that went
# missing would make jlink refuse the module; arrow-c-data lists them, so it stays whole). DuckDB's library moves to lib/: without its resource in the jar, DuckDB falls back to System.loadLibrary,
# which searches the image's lib/ first, instead of unpacking 72 MB to a temporary file at every start.
step "native libraries: linux-x64 only, DuckDB's in lib/"
trimmed=()
for jar in "$WORK"/jars/*.jar; do
    described=$("$JDK/bin/jar" --describe-module --file "$jar" --release 25 2>&1)
    if [[ $described == 'No module descriptor found'* || $described != *$'\ncontains '* ]]; then
        trimmed+=("$jar")
    fi
done
"$JDK/bin/java" "$(dirname -- "${BASH_SOURCE[0]}")/NativeLibraries.java" "$WORK/native" "${trimmed[@]}"
[[ -f $WORK/native/libduckdb_java.so ]] || die "DuckDB's linux-x64 library was not found in its jar"

step "module descriptors for the automatic modules (jdeps --generate-module-info)"
automatic=()
for jar in "$WORK"/jars/*.jar; do
    described=$("$JDK/bin/jar" --describe-module --file "$jar" --release 25 2>&1)
    if [[ $described == 'No module descriptor found'* ]]; then
        automatic+=("$jar")
    fi
done
"$JDK/bin/jdeps" --generate-module-info "$WORK/descriptors" --module-path "$WORK/jars" --multi-release 25 \
    --ignore-missing-deps "${automatic[@]}" >/dev/null
for jar in "${automatic[@]}"; do
    module=$("$JDK/bin/jar" --describe-module --file "$jar" | sed -n 's/^\([^ @]*\)[^ ]* automatic$/\1/p')
    # With --multi-release (some jars on the module path are), jdeps writes it under versions/25/.
    descriptor=$(find "$WORK/descriptors/$module" -name module-info.java | head -n 1)
    [[ -n $descriptor ]] || die "jdeps wrote no descriptor for $module ($jar)"
    "$JDK/bin/javac" -nowarn --module-path "$WORK/jars" --patch-module "$module=$jar" -d "$WORK/classes/$module" \
        "$descriptor"
    "$JDK/bin/jar" --update --file "$jar" -C "$WORK/classes/$module" module-info.class
    step "  $module"
done

step "requires static: ${OPTIONAL_REQUIRES[*]}"
"$JDK/bin/java" "$(dirname -- "${BASH_SOURCE[0]}")/OptionalRequires.java" "$WORK/jars" "${OPTIONAL_REQUIRES[@]}"

step "jlink: dataforge.server and the JDK modules its graph needs"
# Arrow finds compression codecs through ServiceLoader: arrow-compression is linked because
# dataforge.infrastructure requires it, so --bind-services (which would pull in far more) is not needed.
"$JDK/bin/jlink" --module-path "$WORK/jars" --add-modules dataforge.server \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --add-options="$JVM_OPTIONS" --output "$IMAGE"
cp -- "$WORK/native/libduckdb_java.so" "$IMAGE/lib/"
# Its symbol table is 13 MB of the 72; the dynamic symbols JNI binds by stay.
if command -v strip >/dev/null; then
    strip --strip-unneeded "$IMAGE/lib/libduckdb_java.so"
fi

cat >"$IMAGE/bin/dataforge" <<'LAUNCHER'
#!/bin/sh
# Data Forge, from its runtime image: bin/dataforge serve [flags] (serve --help lists them).
# The JVM options it needs are linked into the image; DATAFORGE_JAVA_OPTS adds yours (e.g. -Xmx4g).
# Through a symlink (e.g. /usr/local/bin/dataforge), the image is where the link's target lives.
self=$0
while [ -L "$self" ]; do
    target=$(readlink -- "$self") || break
    case $target in
        /*) self=$target ;;
        *) self=${self%/*}/$target ;;
    esac
done
home="${self%/*}/.."
aot=
if [ -f "$home/lib/dataforge.aot" ]; then
    aot="-XX:AOTCache=$home/lib/dataforge.aot"
fi
# shellcheck disable=SC2086 # DATAFORGE_JAVA_OPTS is a list of options
exec "$home/bin/java" $aot $DATAFORGE_JAVA_OPTS -m dataforge.server/com.dataforge.server.Main "$@"
LAUNCHER
chmod +x "$IMAGE/bin/dataforge"

if [[ ${DATAFORGE_IMAGE_AOT:-true} != false ]]; then
    step "ahead-of-time cache (JEP 483/514): a training run that starts the service and serves each kind of request"
    train=$WORK/train
    mkdir -p -- "$train"
    # In an empty directory, so that it serves the bundled examples, with demo rows, as a first start does.
    (cd -- "$train" && exec "$IMAGE/bin/java" -XX:AOTCacheOutput="$IMAGE/lib/dataforge.aot" -m "$MAIN" serve \
        --port 0 --db "$train/train.duckdb" >"$train/output.log" 2>&1) &
    pid=$!
    port=
    for _ in $(seq 1 600); do
        port=$(sed -n 's|^Data Forge listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$train/output.log")
        [[ -n $port ]] && break
        kill -0 "$pid" 2>/dev/null || die "the training run exited: $(cat "$train/output.log")"
        sleep 0.1
    done
    [[ -n $port ]] || { kill -9 "$pid"; die "the training run did not start: $(cat "$train/output.log")"; }
    for path in /health /ready /metrics /openapi.json /api/v1/schemas /api/v1/schemas/well_production \
        '/api/v1/arrow/bulk-read/well_production?limit=50000' \
        '/api/v1/arrow/bulk-read/well_production?limit=50000&compression=zstd' \
        '/api/v1/records/well_production?limit=100&order=well_code.desc' \
        '/api/v1/records/well_production/count?field_code=gte.1' /api/v1/records/fields_aliases \
        /api/v1/records/nothing; do
        exec 3<>"/dev/tcp/127.0.0.1/$port"
        printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
        cat <&3 >/dev/null
        exec 3<&-
    done
    # At exit the JVM assembles the cache from what the run loaded and profiled.
    kill -TERM "$pid"
    wait "$pid" || true
    grep -q '^AOTCache creation is complete' "$train/output.log" && grep -q 'INFO  Container stopped' \
        "$train/output.log" || die "the training run did not stop cleanly and write its cache: $(cat "$train/output.log")"
fi

step "archive"
tar -C "$DIST" -czf "$IMAGE.tar.gz" "$NAME"
step "$IMAGE: $(du -sm "$IMAGE" | cut -f1) MB; $IMAGE.tar.gz: $(du -sm "$IMAGE.tar.gz" | cut -f1) MB"
