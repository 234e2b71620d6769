package com.dataforge.bootstrap;

import com.dataforge.application.read.SelectionLimits;
import com.dataforge.infrastructure.http.CorsPolicy;
import com.dataforge.infrastructure.http.RateLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

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
    int maxShortQueries;
    int maxStreams;
    int maxStreamsPerClient;
    Duration stallTimeout;
    Duration acquireTimeout;
    Duration leakThreshold = Duration.ofMinutes(5);
    String memoryLimit = DefaultMemoryLimit.forThisMachine();
    Optional<Integer> threads = Optional.empty();
    long demoRows;
    long maxBytesPerRead;
    long maxUploadBytes;
    long maxUploadRows;
    long maxRecordBodyBytes;
    SelectionLimits selectionLimits = SelectionLimits.DEFAULTS;
    CorsPolicy cors = CorsPolicy.NONE;
    Optional<Path> keyFile = Optional.empty();
    final TlsSettings tls = new TlsSettings();
    boolean insecure;
    RateLimiter rateLimiter;
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

    /**
     * The most short requests (a record by key, a count, a schema, a record write) querying at once: the DuckDB
     * connections of the short lane, which no stream can take. Each holds its connection only while its query runs.
     */
    public DataForge maxShortQueries(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("max short queries must be at least 1, got " + connections);
        }
        this.maxShortQueries = connections;
        return this;
    }

    /**
     * The most streams (bulk reads, record listings, bulk inserts) in flight: each holds a DuckDB connection of the
     * stream lane for as long as its client takes. One more waits up to the acquire timeout, then gets 503.
     */
    public DataForge maxStreams(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("max streams must be at least 1, got " + streams);
        }
        this.maxStreams = streams;
        return this;
    }

    /**
     * The most streams one client (an API key, or an address without keys) may have in flight or waiting; one more
     * is answered 503 at once. 0 means no bound of its own (only {@link #maxStreams}).
     */
    public DataForge maxStreamsPerClient(int streams) {
        if (streams < 0) {
            throw new IllegalArgumentException("max streams per client must be 0 (no bound) or more, got "
                    + streams);
        }
        this.maxStreamsPerClient = streams;
        return this;
    }

    /**
     * How long a client may leave the server blocked on one socket write (or read) of its request: past it the
     * connection is closed, and the request gives back its place and DuckDB connection. A client that reads slowly
     * but steadily is not cut off; one that stops reading and keeps the socket open is.
     */
    public DataForge stallTimeout(Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("stall timeout must be at least 1 ms, got " + timeout);
        }
        this.stallTimeout = timeout;
        return this;
    }

    /** How long a request waits for a place or connection of its lane before it is answered 503. */
    public DataForge acquireTimeout(Duration timeout) {
        this.acquireTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** A connection held longer than this is reported with the stack of the code that borrowed it. */
    public DataForge leakThreshold(Duration threshold) {
        this.leakThreshold = Objects.requireNonNull(threshold, "threshold");
        return this;
    }

    /**
     * DuckDB's memory_limit, e.g. "4GB"; a query that needs more fails with a 503 instead of growing the process.
     * Half of the machine's physical memory unless set.
     */
    public DataForge memoryLimit(String limit) {
        this.memoryLimit = Objects.requireNonNull(limit, "limit");
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
     * How many filters, list values, pattern characters, columns and sort keys one read or count may ask for; past
     * any of them a request is refused with a 400 before DuckDB sees it. {@link SelectionLimits#DEFAULTS} unless set.
     */
    public DataForge selectionLimits(SelectionLimits limits) {
        this.selectionLimits = Objects.requireNonNull(limits, "limits");
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

    /**
     * Serves HTTPS only, TLS 1.3 and 1.2 with the JDK's default cipher suites, presenting the key and certificate of
     * {@code context}'s key manager; the host keeps them current (its key manager may hand new handshakes a renewed
     * certificate). API keys may then be used on any address without travelling in clear text.
     */
    public DataForge tls(SSLContext context) {
        tls.context(context);
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
