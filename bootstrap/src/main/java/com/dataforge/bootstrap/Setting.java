package com.dataforge.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Every setting of a Data Forge server, declared once: its flag, environment variable, default and meaning.
 * {@code serve --help}, the {@link DataForge} builder's defaults and the parsing of flags and variables
 * ({@link ServeOptions}) all come from this table, and a test holds README's configuration table to it.
 *
 * <p>Settings come in three {@link Scope scopes}: most configure one server and are applied to the builder; a few
 * are read by the JDK's HTTP server once per JVM, so only a process that Data Forge owns may set them; and a few are
 * read by the standalone service's logging configuration or launcher, not by the library.
 */
public enum Setting {
    HOST("ADDR", "127.0.0.1", null, "Address to bind.", DataForge::host),
    PORT("N", "8080", null, "Port to bind; 0 picks a free one.", (b, v) -> b.port(Integer.parseInt(v))),
    DB("FILE", "data/dataforge.duckdb", null, "DuckDB database file (:memory: for none).", (b, v) -> {
        if (v.equals(":memory:")) {
            b.inMemoryDatabase();
        } else {
            b.database(Path.of(v));
        }
    }),
    SCHEMAS("DIR", "schemas", null, "Directory of schema files. The standalone service serves its two bundled"
            + " example schemas when this is not given and ./schemas does not exist.", (b, v) -> b.schemas(Path.of(v))),
    DEMO_ROWS("N", "100000", null, "Demo rows to load into an empty well_production. 0 loads none.",
            (b, v) -> b.demoRows(Long.parseLong(v))),
    MAX_STREAMS("N", "16", null, "Streams (bulk reads, record listings, bulk inserts) in flight, each with a DuckDB"
            + " connection of the stream lane. One more waits up to --stream-wait-s, then gets 503 naming the"
            + " lane, with Retry-After: 5.", (b, v) -> b.maxStreams(Integer.parseInt(v))),
    MAX_WAITING_STREAMS("N", "64", null, "Streams that may wait for a place of the stream lane at once; one more"
            + " gets 503 at once. A waiting stream holds a thread and a socket, no DuckDB connection.",
            (b, v) -> b.maxWaitingStreams(Integer.parseInt(v))),
    STREAM_WAIT_S("N", "60", null, "How long a stream waits for a place before it gets 503. Streams last seconds"
            + " to minutes, so readers that merely queue behind --max-streams others are served, not refused.",
            (b, v) -> b.streamWait(Duration.ofSeconds(Long.parseLong(v)))),
    MAX_STREAMS_PER_CLIENT("N", "4", null, "Streams one API key (one client address, without keys) may have in"
            + " flight or waiting; one more gets 503 at once. 0: no bound of its own.",
            (b, v) -> b.maxStreamsPerClient(Integer.parseInt(v))),
    MAX_SHORT_QUERIES("N", "8", null, "DuckDB connections of the short lane (records by key, record writes, counts,"
            + " schemas), which no stream can take. A short request holds one only while its query runs.",
            (b, v) -> b.maxShortQueries(Integer.parseInt(v))),
    MEMORY_LIMIT("SIZE", null, "half the physical memory", "DuckDB memory_limit, e.g. 4GB (GB is 10^9 bytes, GiB"
            + " 2^30); a query that needs more gets 503 instead of growing the process. The default is half of the"
            + " machine's (or container's) memory, in MiB.", DataForge::memoryLimit),
    THREADS("N", null, "one per core", "Number of DuckDB worker threads.", (b, v) -> b.threads(Integer.parseInt(v))),
    ACQUIRE_TIMEOUT_MS("N", "5000", null, "How long a short request (and /ready) waits for a DuckDB connection of"
            + " its lane before it gets 503.", (b, v) -> b.acquireTimeout(Duration.ofMillis(Long.parseLong(v)))),
    STALL_TIMEOUT_S("N", "60", null, "A client that leaves one socket write (or read) of its request blocked this"
            + " long is cut off, and its place and connection returned. Slow but steady clients are not.",
            (b, v) -> b.stallTimeout(Duration.ofSeconds(Long.parseLong(v)))),
    MAX_READ_BYTES("N", "536870912", null, "Most Arrow memory one batch of a read, or one uploaded batch once"
            + " decompressed, may hold.", (b, v) -> b.maxBytesPerRead(Long.parseLong(v))),
    MAX_UPLOAD_BYTES("N", "4294967296", null, "Most bytes one bulk-insert body may carry (413 beyond).",
            (b, v) -> b.maxUploadBytes(Long.parseLong(v))),
    MAX_UPLOAD_ROWS("N", "100000000", null, "Most rows one bulk insert may carry (413 beyond, nothing inserted).",
            (b, v) -> b.maxUploadRows(Long.parseLong(v))),
    MAX_SPOOL_BYTES("N", "4294967296", null, "Most bytes of the Parquet file that DuckDB writes for one read"
            + " asking for application/vnd.apache.parquet or format=parquet (413 beyond, naming max_spool_bytes);"
            + " also the most the files kept for --spool-cache-s may take together.",
            (b, v) -> b.maxSpoolBytes(Long.parseLong(v))),
    SPOOL_DIR("DIR", null, "FILE.spool beside --db; java.io.tmpdir/dataforge-spool without a database file",
            "Where Parquet responses and Parquet and CSV uploads are spooled to a file for DuckDB to write or read;"
            + " each server makes a directory of its own in it, and each request's file is removed when the request"
            + " ends (a Parquet response's once --spool-cache-s has passed), and all of them when the server stops.",
            (b, v) -> b.spoolDirectory(Path.of(v))),
    SPOOL_CACHE_S("N", "30", null, "How long a Parquet response's file is reused by the same caller's requests for"
            + " the same selection (the range GETs that Polars and DuckDB's httpfs send after a HEAD). A write"
            + " through Data Forge drops its schema's files at once; a write made outside it shows after at most this"
            + " long. 0 reuses none.", (b, v) -> b.spoolCacheTime(Duration.ofSeconds(Long.parseLong(v)))),
    MAX_RECORD_BODY_BYTES("N", "16777216", null, "Most bytes one JSON record request body may carry (413 beyond).",
            (b, v) -> b.maxRecordBodyBytes(Long.parseLong(v))),
    KEY_FILE("FILE", null, "none", "API keys: names, SHA-256 digests and per-schema permissions. Without one no key"
            + " is asked for, which is allowed on a loopback address only.", (b, v) -> b.keyFile(Path.of(v))),
    TLS_CERT("FILE", null, "none", "PEM certificate chain, the server's certificate first (certbot's fullchain.pem)."
            + " With --tls-key the server serves HTTPS only, TLS 1.3 and 1.2. Reloaded when the file changes.",
            (b, v) -> b.tls.certificate(Path.of(v))),
    TLS_KEY("FILE", null, "none", "Private key of --tls-cert, unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY: RSA, EC or"
            + " EdDSA, as certbot's privkey.pem); openssl pkey -in KEY -out KEY.pkcs8.pem converts other forms.",
            (b, v) -> b.tls.key(Path.of(v))),
    TLS_KEYSTORE("FILE", null, "none", "PKCS#12 keystore with the server's key and certificate chain, instead of"
            + " --tls-cert and --tls-key; its password from DATAFORGE_TLS_KEYSTORE_PASSWORD or"
            + " --tls-keystore-password-file. Reloaded when the file changes.", (b, v) -> b.tls.keystore(Path.of(v))),
    TLS_KEYSTORE_PASSWORD("none", "Password of --tls-keystore. No flag: a flag's value shows in the process list.",
            (b, v) -> b.tls.keystorePassword(v)),
    TLS_KEYSTORE_PASSWORD_FILE("FILE", null, "none", "File holding the password of --tls-keystore (a trailing line"
            + " break is ignored); read again with the keystore.", (b, v) -> b.tls.keystorePasswordFile(Path.of(v))),
    RATE_LIMIT("N", "0", "(off)", "Requests a second per key (per client address without keys) under /api/, in"
            + " bursts of up to twice that; beyond it 429 with Retry-After.", (b, v) -> {
                double perSecond = Double.parseDouble(v);
                b.rateLimit(perSecond, (int) Math.max(1, Math.ceil(2 * perSecond)));
            }),
    MAX_HEADER_BYTES("N", "65536", "sun.net.httpserver.maxReqHeaderSize", "Most bytes of request line and headers;"
            + " past it the connection is closed unanswered."),
    MAX_REQUEST_S("N", "3600", "sun.net.httpserver.maxReqTime", "Longest a client may take to send a request, body"
            + " included; past it the connection is closed."),
    MAX_RESPONSE_S("N", "3600", "sun.net.httpserver.maxRspTime", "Longest a response may take; a client that stops"
            + " reading is cut off then and its DuckDB connection returned."),
    INSECURE(null, null, "off", "Serve without keys on an address other than loopback.",
            (b, v) -> b.insecure(Boolean.parseBoolean(v))),
    CORS_ORIGINS("LIST", null, "none", "Comma-separated web origins (https://host[:port]) whose browser scripts may"
            + " call the API, or * for any.", (b, v) -> b.corsOrigins(Arrays.stream(v.split(","))
                    .map(String::strip).filter(origin -> !origin.isEmpty()).toList())),
    SHUTDOWN_GRACE_S("N", "30", null, "How long running requests may finish at shutdown.",
            (b, v) -> b.shutdownGrace(Duration.ofSeconds(Long.parseLong(v)))),
    LOG_FORMAT("text", "json writes every log line as one JSON object (level, loggerName, formattedMessage,"
            + " mdc.request_id, ...) for log collectors."),
    LOG_LEVEL("INFO", "Root log level."),
    JAVA_OPTS(null, "Extra JVM options for the launchers (./dataforge, the image's bin/dataforge), e.g. -Xmx4g."
            + " They go after the launcher's own options, so they take precedence.");

    /** Who reads a setting, and so who may apply it. */
    public enum Scope {
        /** Configures one server: applied to the {@link DataForge} builder. */
        SERVER,
        /**
         * A system property the JDK's HTTP server reads once per JVM: set only by a process Data Forge owns (the
         * standalone service), never by an embedding, whose host owns the JVM.
         */
        JVM_WIDE,
        /** Read by the standalone service's logging configuration or launcher; no flag, the library ignores it. */
        SERVICE
    }

    private final Scope scope;
    /** A secret, given by its environment variable only: a flag's value shows in the process list. */
    private final boolean environmentOnly;
    private final Optional<String> valueName;
    private final Optional<String> defaultValue;
    private final Optional<String> defaultNote;
    private final Optional<String> systemProperty;
    private final String meaning;
    private final BiConsumer<DataForge, String> apply;

    /** A server setting: a flag (a switch when {@code valueName} is null) and a variable, applied to the builder. */
    Setting(String valueName, String defaultValue, String defaultNote, String meaning,
            BiConsumer<DataForge, String> apply) {
        this(Scope.SERVER, false, valueName, defaultValue, defaultNote, null, meaning, apply);
    }

    /** A secret server setting: its environment variable only, no flag, applied to the builder. */
    Setting(String defaultNote, String meaning, BiConsumer<DataForge, String> apply) {
        this(Scope.SERVER, true, null, null, defaultNote, null, meaning, apply);
    }

    /** A JVM-wide setting: a whole number above 0 that becomes {@code systemProperty}. */
    Setting(String valueName, String defaultValue, String systemProperty, String meaning) {
        this(Scope.JVM_WIDE, false, valueName, defaultValue, null, systemProperty, meaning, (b, v) -> {
            throw new UnsupportedOperationException(systemProperty + " is JVM-wide");
        });
    }

    /** A setting of the standalone service: an environment variable only. */
    Setting(String defaultValue, String meaning) {
        this(Scope.SERVICE, false, null, defaultValue, null, null, meaning, (b, v) -> {
        });
    }

    Setting(Scope scope, boolean environmentOnly, String valueName, String defaultValue, String defaultNote,
            String systemProperty, String meaning, BiConsumer<DataForge, String> apply) {
        this.scope = scope;
        this.environmentOnly = environmentOnly;
        this.valueName = Optional.ofNullable(valueName);
        this.defaultValue = Optional.ofNullable(defaultValue);
        this.defaultNote = Optional.ofNullable(defaultNote);
        this.systemProperty = Optional.ofNullable(systemProperty);
        this.meaning = meaning;
        this.apply = apply;
    }

    public Scope scope() {
        return scope;
    }

    /**
     * {@code --max-upload-rows} for MAX_UPLOAD_ROWS; empty for settings of the service and secrets, which have no
     * flag.
     */
    public Optional<String> flag() {
        return scope == Scope.SERVICE || environmentOnly ? Optional.empty() : Optional.of(flagName());
    }

    private String flagName() {
        return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The flag as help shows it, with its value: {@code --port N}; empty for a setting without a flag. */
    public String flagWithValue() {
        return flag().map(flag -> valueName.map(value -> flag + " " + value).orElse(flag)).orElse("");
    }

    /** True for a flag that takes no value (its variable takes true or false). */
    public boolean isSwitch() {
        return flag().isPresent() && valueName.isEmpty();
    }

    /** {@code DATAFORGE_MAX_UPLOAD_ROWS} for MAX_UPLOAD_ROWS. */
    public String variable() {
        return "DATAFORGE_" + name();
    }

    /** The value used when neither flag nor variable gives one; empty when the default is computed or "none". */
    public Optional<String> defaultValue() {
        return defaultValue;
    }

    /**
     * The default as README and help state it: the value, then any note ({@code 0 (off)}), or only the note when
     * there is no literal value ({@code one per core}).
     */
    public String defaultText() {
        String note = defaultNote.orElse("");
        return defaultValue.map(value -> note.isEmpty() ? value : value + " " + note).orElse(note);
    }

    /** For a JVM-wide setting, the system property it sets. */
    public Optional<String> systemProperty() {
        return systemProperty;
    }

    public String meaning() {
        return meaning;
    }

    /** Applies {@code value} to {@code builder}. */
    void applyTo(DataForge builder, String value) {
        apply.accept(builder, value);
    }

    /** Gives {@code builder} every default of this table, so that the builder and {@code serve} agree. */
    static void applyDefaults(DataForge builder) {
        for (Setting setting : values()) {
            if (setting.scope == Scope.SERVER) {
                setting.defaultValue.ifPresent(value -> setting.applyTo(builder, value));
            }
        }
    }

    static Setting byFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag().filter(flag::equals).isPresent()) {
                return setting;
            }
            if (setting.environmentOnly && setting.flagName().equals(flag)) {
                throw new IllegalArgumentException(flag + " is not taken as a flag, since a flag's value shows in the"
                        + " process list; set " + setting.variable() + " instead");
            }
        }
        throw new IllegalArgumentException("unknown option '" + flag + "'; --help lists them");
    }
}
