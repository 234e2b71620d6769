package com.dataforge.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code serve}: each flag may also come from a DATAFORGE_* environment variable, and a flag beats
 * the environment, which beats the default.
 */
final class ServeOptions {

    static final String USAGE = """
            Usage: dataforge serve [options]

              --host ADDR          address to bind (DATAFORGE_HOST, default 127.0.0.1)
              --port N             port to bind, 0 for any free one (DATAFORGE_PORT, default 8080)
              --db FILE            DuckDB database file, or :memory: (DATAFORGE_DB, default data/dataforge.duckdb)
              --schemas DIR        directory of schema files (DATAFORGE_SCHEMAS, default schemas)
              --demo-rows N        demo rows loaded into an empty well_production, 0 for none
                                   (DATAFORGE_DEMO_ROWS, default 100000)
              --max-streams N      streams (bulk reads, record listings, bulk inserts) in flight, each with a DuckDB
                                   connection of its own (DATAFORGE_MAX_STREAMS, default 16)
              --max-streams-per-client N  streams one key (or address, without keys) may have in flight or
                                   waiting, 0 for no bound of its own (DATAFORGE_MAX_STREAMS_PER_CLIENT, default 4)
              --max-short-queries N  DuckDB connections for short requests (records by key, counts, schemas,
                                   record writes), which no stream can take (DATAFORGE_MAX_SHORT_QUERIES, default 8)
              --acquire-timeout-ms N  wait for a place or connection of the request's lane before answering 503
                                   (DATAFORGE_ACQUIRE_TIMEOUT_MS, default 5000)
              --stall-timeout-s N  a client that leaves a write (or read) of its request blocked this long is cut
                                   off and its connection returned; steady slow clients are not
                                   (DATAFORGE_STALL_TIMEOUT_S, default 60)
              --memory-limit SIZE  DuckDB memory_limit, e.g. 4GB (DATAFORGE_MEMORY_LIMIT, default half the memory)
              --threads N          DuckDB worker threads (DATAFORGE_THREADS, default one per core)
              --max-read-bytes N   most Arrow memory one read, or one uploaded batch, may hold
                                   (DATAFORGE_MAX_READ_BYTES, default 536870912)
              --max-upload-bytes N most bytes one bulk-insert body may carry (DATAFORGE_MAX_UPLOAD_BYTES,
                                   default 4294967296)
              --max-upload-rows N  most rows one bulk insert may carry (DATAFORGE_MAX_UPLOAD_ROWS, default 100000000)
              --max-record-body-bytes N  most bytes one JSON record request body may carry
                                   (DATAFORGE_MAX_RECORD_BODY_BYTES, default 16777216)
              --cors-origins LIST  comma-separated web origins (https://host[:port]) whose browser scripts may call
                                   the API, or * for any (DATAFORGE_CORS_ORIGINS, default none)
              --key-file FILE      API keys: names, SHA-256 digests, per-schema permissions (DATAFORGE_KEY_FILE,
                                   default none: no key asked for, allowed on a loopback address only)
              --rate-limit N       requests a second per key (per address without keys) under /api/, 0 for none
                                   (DATAFORGE_RATE_LIMIT, default 0); bursts of twice that
              --max-header-bytes N most bytes of request line and headers; past it the connection is closed
                                   (DATAFORGE_MAX_HEADER_BYTES, default 65536)
              --max-request-s N    longest a client may take to send a request, body included; then it is cut
                                   off (DATAFORGE_MAX_REQUEST_S, default 3600)
              --max-response-s N   longest a response may take; a client that stops reading is cut off then and
                                   its connection returned (DATAFORGE_MAX_RESPONSE_S, default 3600)
              --insecure           serve without keys on a non-loopback address (DATAFORGE_INSECURE=true)
              --shutdown-grace-s N seconds in-flight requests get at shutdown (DATAFORGE_SHUTDOWN_GRACE_S, 30)
              --help               this text
            """;

    /** Options that lanes replaced; refused rather than ignored, so an operator's setting is never lost silently. */
    private static final List<String> RETIRED = List.of("POOL_SIZE", "MAX_BULK_IN_FLIGHT");

    private ServeOptions() {
    }

    /** @throws IllegalArgumentException naming the flag or variable at fault */
    static DataForge parse(String[] args, Map<String, String> environment) {
        DataForge builder = DataForge.builder().demoRows(100_000).maxResponseTime(Duration.ofHours(1))
                .maxRequestTime(Duration.ofHours(1)).maxHeaderBytes(64 << 10);
        for (String retired : RETIRED) {
            refuseRetired(environment.containsKey("DATAFORGE_" + retired), "DATAFORGE_" + retired);
            refuseRetired(Arrays.stream(args).anyMatch(arg -> arg.equals(flag(retired))
                    || arg.startsWith(flag(retired) + "=")), flag(retired));
        }
        for (Option option : Option.values()) {
            String value = environment.get(option.variable());
            if (value != null && !value.isBlank()) {
                apply(builder, option, value, option.variable());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            if (arg.equals("--insecure")) {
                builder.insecure(true);
                continue;
            }
            Option option = Option.byFlag(flag);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            apply(builder, option, value, flag);
        }
        return builder;
    }

    private static void refuseRetired(boolean given, String name) {
        if (given) {
            throw new IllegalArgumentException(name + " is gone: DuckDB connections are now per lane; set"
                    + " --max-streams, --max-streams-per-client and --max-short-queries instead");
        }
    }

    private static String flag(String name) {
        return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void apply(DataForge builder, Option option, String value, String source) {
        try {
            switch (option) {
                case HOST -> builder.host(value);
                case PORT -> builder.port(Integer.parseInt(value));
                case DB -> {
                    if (value.equals(":memory:")) {
                        builder.inMemoryDatabase();
                    } else {
                        builder.database(Path.of(value));
                    }
                }
                case SCHEMAS -> builder.schemas(Path.of(value));
                case DEMO_ROWS -> builder.demoRows(Long.parseLong(value));
                case MAX_STREAMS -> builder.maxStreams(Integer.parseInt(value));
                case MAX_STREAMS_PER_CLIENT -> builder.maxStreamsPerClient(Integer.parseInt(value));
                case MAX_SHORT_QUERIES -> builder.maxShortQueries(Integer.parseInt(value));
                case STALL_TIMEOUT_S -> builder.stallTimeout(Duration.ofSeconds(Long.parseLong(value)));
                case ACQUIRE_TIMEOUT_MS -> builder.acquireTimeout(Duration.ofMillis(Long.parseLong(value)));
                case MEMORY_LIMIT -> builder.memoryLimit(value);
                case THREADS -> builder.threads(Integer.parseInt(value));
                case MAX_READ_BYTES -> builder.maxBytesPerRead(Long.parseLong(value));
                case MAX_UPLOAD_BYTES -> builder.maxUploadBytes(Long.parseLong(value));
                case MAX_UPLOAD_ROWS -> builder.maxUploadRows(Long.parseLong(value));
                case MAX_RECORD_BODY_BYTES -> builder.maxRecordBodyBytes(Long.parseLong(value));
                case RATE_LIMIT -> {
                    double perSecond = Double.parseDouble(value);
                    builder.rateLimit(perSecond, (int) Math.max(1, Math.ceil(2 * perSecond)));
                }
                case MAX_HEADER_BYTES -> builder.maxHeaderBytes(Integer.parseInt(value));
                case MAX_REQUEST_S -> builder.maxRequestTime(Duration.ofSeconds(Long.parseLong(value)));
                case MAX_RESPONSE_S -> builder.maxResponseTime(Duration.ofSeconds(Long.parseLong(value)));
                case KEY_FILE -> builder.keyFile(Path.of(value));
                case INSECURE -> builder.insecure(Boolean.parseBoolean(value));
                case CORS_ORIGINS -> builder.corsOrigins(Arrays.stream(value.split(",")).map(String::strip)
                        .filter(origin -> !origin.isEmpty()).toList());
                case SHUTDOWN_GRACE_S -> builder.shutdownGrace(Duration.ofSeconds(Long.parseLong(value)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": '" + value + "' is not a whole number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private enum Option {
        HOST, PORT, DB, SCHEMAS, DEMO_ROWS, MAX_STREAMS, MAX_STREAMS_PER_CLIENT, MAX_SHORT_QUERIES,
        ACQUIRE_TIMEOUT_MS, STALL_TIMEOUT_S, MEMORY_LIMIT, THREADS, MAX_READ_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS,
        MAX_RECORD_BODY_BYTES, CORS_ORIGINS, KEY_FILE, INSECURE, RATE_LIMIT, MAX_HEADER_BYTES, MAX_REQUEST_S,
        MAX_RESPONSE_S, SHUTDOWN_GRACE_S;

        String flag() {
            return ServeOptions.flag(name());
        }

        String variable() {
            return "DATAFORGE_" + name();
        }

        static Option byFlag(String flag) {
            for (Option option : values()) {
                if (option.flag().equals(flag)) {
                    return option;
                }
            }
            throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
    }
}
