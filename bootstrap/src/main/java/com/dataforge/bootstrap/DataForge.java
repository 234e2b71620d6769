package com.dataforge.bootstrap;

import com.dataforge.infrastructure.http.BulkAdmission;
import com.dataforge.infrastructure.http.CorsPolicy;
import com.dataforge.infrastructure.http.RateLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a Data Forge server, standalone or inside another application:
 *
 * <pre>{@code
 * try (DataForgeServer server = DataForge.builder().port(0).schemas(Path.of("schemas")).start()) {
 *     URI api = server.baseUri();
 * }
 * }</pre>
 *
 * Defaults are those of {@code serve}, from {@link Setting}: 127.0.0.1:8080, ./data/dataforge.duckdb, ./schemas,
 * 100,000 demo rows in an empty well_production if the schemas declare it. The limits the JDK's HTTP server reads
 * once per JVM (header size, request and response time, {@link Setting.Scope#JVM_WIDE}) are not set here: they
 * belong to whoever owns the JVM, so an embedded server runs with its host's.
 */
public final class DataForge {

    // Fields without an initializer take their default from the Setting table, in the constructor.
    String host;
    int port;
    Optional<Path> database;
    Path schemas;
    int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
    Duration acquireTimeout;
    Duration leakThreshold = Duration.ofMinutes(5);
    Optional<String> memoryLimit = Optional.empty();
    Optional<Integer> threads = Optional.empty();
    long demoRows;
    long maxBytesPerRead;
    long maxUploadBytes;
    long maxUploadRows;
    long maxRecordBodyBytes;
    CorsPolicy cors = CorsPolicy.NONE;
    Optional<Path> keyFile = Optional.empty();
    boolean insecure;
    RateLimiter rateLimiter;
    BulkAdmission bulkAdmission;
    Duration shutdownGrace;

    private DataForge() {
        Setting.applyDefaults(this);
    }

    public static DataForge builder() {
        return new DataForge();
    }

    /** The address to bind; anything but loopback exposes the data to the network. */
    public DataForge host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** The port to bind; 0 picks a free one, reported by {@link DataForgeServer#address()}. */
    public DataForge port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /** The DuckDB file, created with its directory if absent. */
    public DataForge database(Path file) {
        this.database = Optional.of(file);
        return this;
    }

    /** Keeps the data in memory only: it is gone when the server closes. */
    public DataForge inMemoryDatabase() {
        this.database = Optional.empty();
        return this;
    }

    /** The directory of schema files ({@code *.json}). */
    public DataForge schemas(Path directory) {
        this.schemas = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The most DuckDB connections, and so queries, in use at once. */
    public DataForge poolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + size);
        }
        this.poolSize = size;
        return this;
    }

    /** How long a request waits for a free connection before it is answered 503. */
    public DataForge acquireTimeout(Duration timeout) {
        this.acquireTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** A connection held longer than this is reported with the stack of the code that borrowed it. */
    public DataForge leakThreshold(Duration threshold) {
        this.leakThreshold = Objects.requireNonNull(threshold, "threshold");
        return this;
    }

    /** DuckDB's memory_limit, e.g. "4GB". */
    public DataForge memoryLimit(String limit) {
        this.memoryLimit = Optional.of(limit);
        return this;
    }

    /** DuckDB's worker threads. */
    public DataForge threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + count);
        }
        this.threads = Optional.of(count);
        return this;
    }

    /** Rows of demo data to load into an empty well_production table at start; 0 for none. */
    public DataForge demoRows(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("demo rows must not be negative, got " + rows);
        }
        this.demoRows = rows;
        return this;
    }

    /**
     * The most Arrow memory one batch of a read, or one uploaded batch once decompressed, may hold; a read whose
     * batch needs more is refused with a 400, an upload with a 413.
     */
    public DataForge maxBytesPerRead(long bytes) {
        this.maxBytesPerRead = positive(bytes, "max bytes per read");
        return this;
    }

    /** The most bytes one bulk-insert request body may carry; a larger one is refused with a 413. */
    public DataForge maxUploadBytes(long bytes) {
        this.maxUploadBytes = positive(bytes, "max upload bytes");
        return this;
    }

    /** The most rows one bulk insert may carry; a larger one is refused with a 413 and nothing is inserted. */
    public DataForge maxUploadRows(long rows) {
        this.maxUploadRows = positive(rows, "max upload rows");
        return this;
    }

    /** The most bytes one request body of the JSON record API may carry; a larger one is refused with a 413. */
    public DataForge maxRecordBodyBytes(long bytes) {
        this.maxRecordBodyBytes = positive(bytes, "max record body bytes");
        return this;
    }

    /**
     * The web origins ({@code https://host[:port]}, or {@code *} for any) whose browser scripts may call the API;
     * none by default, so browsers keep other sites' scripts out.
     *
     * @throws IllegalArgumentException naming an entry that is not an origin
     */
    public DataForge corsOrigins(List<String> origins) {
        this.cors = CorsPolicy.of(origins);
        return this;
    }

    /**
     * The API key file (names, SHA-256 digests and per-schema permissions of the keys); without one, no key is
     * asked for, which is allowed only on a loopback address unless {@link #insecure(boolean)}.
     */
    public DataForge keyFile(Path file) {
        this.keyFile = Optional.of(file);
        return this;
    }

    /** Lets a server without API keys bind an address other than loopback, open to whoever can reach it. */
    public DataForge insecure(boolean insecure) {
        this.insecure = insecure;
        return this;
    }

    /**
     * At most {@code perSecond} requests a second under /api/ per key (per client address without keys), with bursts
     * of up to {@code burst}; beyond it, 429 with Retry-After. 0 turns the limit off, which is the default.
     */
    public DataForge rateLimit(double perSecond, int burst) {
        this.rateLimiter = RateLimiter.of(perSecond, burst);
        return this;
    }

    /**
     * At most {@code limit} bulk reads and inserts at once; one more waits up to {@code wait} for a place, then
     * gets 503 with Retry-After. 0 means no bound (the pool's own size and timeout still apply), the default.
     */
    public DataForge maxBulkInFlight(int limit, Duration wait) {
        if (limit < 0) {
            throw new IllegalArgumentException("max bulk in flight must be 0 (no bound) or more, got " + limit);
        }
        this.bulkAdmission = new BulkAdmission(limit, wait);
        return this;
    }

    private static long positive(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }

    /** How long closing the server lets in-flight requests finish. */
    public DataForge shutdownGrace(Duration grace) {
        this.shutdownGrace = Objects.requireNonNull(grace, "grace");
        return this;
    }

    /** Opens the database, creates missing tables, loads demo data if asked, and starts serving. */
    public DataForgeServer start() {
        return new DataForgeServer(Container.start(this));
    }
}
