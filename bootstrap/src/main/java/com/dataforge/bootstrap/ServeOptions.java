package com.dataforge.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
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
              --pool-size N        DuckDB connections, the most queries at once (DATAFORGE_POOL_SIZE, default cores)
              --acquire-timeout-ms N  wait for a connection before answering 503 (DATAFORGE_ACQUIRE_TIMEOUT_MS, 5000)
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
              --max-bulk-in-flight N  bulk reads and inserts at once, 0 for no bound; one more waits 2 s, then
                                   503 (DATAFORGE_MAX_BULK_IN_FLIGHT, default 0)
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

    private ServeOptions() {
    }

    /** @throws IllegalArgumentException naming the flag or variable at fault */
    static DataForge parse(String[] args, Map<String, String> environment) {
        DataForge builder = DataForge.builder().demoRows(100_000).maxResponseTime(Duration.ofHours(1))
                .maxRequestTime(Duration.ofHours(1)).maxHeaderBytes(64 << 10);
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
                case POOL_SIZE -> builder.poolSize(Integer.parseInt(value));
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
                case MAX_BULK_IN_FLIGHT -> builder.maxBulkInFlight(Integer.parseInt(value), Duration.ofSeconds(2));
                case KEY_FILE -> builder.keyFile(Path.of(value));
                case INSECURE -> builder.insecure(Boolean.parseBoolean(value));
                case CORS_ORIGINS -> builder.corsOrigins(java.util.Arrays.stream(value.split(",")).map(String::strip)
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
        HOST, PORT, DB, SCHEMAS, DEMO_ROWS, POOL_SIZE, ACQUIRE_TIMEOUT_MS, MEMORY_LIMIT, THREADS, MAX_READ_BYTES,
        MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, MAX_RECORD_BODY_BYTES, CORS_ORIGINS, KEY_FILE, INSECURE, RATE_LIMIT,
        MAX_BULK_IN_FLIGHT, MAX_HEADER_BYTES, MAX_REQUEST_S, MAX_RESPONSE_S,
        SHUTDOWN_GRACE_S;

        String flag() {
            return "--" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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
