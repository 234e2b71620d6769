package com.dataforge.bootstrap;

import com.dataforge.application.read.SelectionLimits;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.catalog.SchemaFileParser;
import com.dataforge.infrastructure.http.CorsPolicy;
import com.dataforge.infrastructure.http.RateLimiter;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.duckdb.DuckDBConnection;

/**
 * Starts Data Forge inside another application, on a port of its own or mounted in the application's own HTTP
 * server:
 *
 * <pre>{@code
 * try (DataForgeServer server = DataForge.builder().port(0).schemas(Path.of("schemas")).start()) {
 *     URI api = server.baseUri();
 * }
 * try (DataForgeMount data = DataForge.builder().database(connection).schema(readings).mount(httpServer, "/data")) {
 *     // GET /data/api/v1/arrow/bulk-read/readings
 * }
 * }</pre>
 *
 * Every type this builder takes or returns is the JDK's or this package's, so an application needs nothing but
 * {@code requires dataforge.bootstrap}. Defaults are those of {@code serve}, from {@link Setting}: 127.0.0.1:8080,
 * ./data/dataforge.duckdb, ./schemas, 100,000 demo rows in an empty well_production if the schemas declare it. The
 * limits the JDK's HTTP server reads once per JVM (header size, request and response time,
 * {@link Setting.Scope#JVM_WIDE}) are not set here: they belong to whoever owns the JVM, so an embedded server runs
 * with its host's.
 */
public final class DataForge {

    /** A schema given in code, and how messages about it name it. */
    record DeclaredInCode(TableSchema schema, String origin) {
    }

    // Fields without an initializer take their default from the Setting table, in the constructor.
    String host;
    int port;
    Optional<Path> database;
    /** A database the application has open, which Data Forge then uses instead of {@link #database}. */
    Optional<DuckDBConnection> hostDatabase = Optional.empty();
    Path schemas;
    /** Whether {@link #schemas} was named, as opposed to defaulted: the default is read only without schemas in code. */
    boolean schemaDirectoryGiven;
    final List<DeclaredInCode> schemasInCode = new ArrayList<>();
    int maxShortQueries;
    int maxStreams;
    int maxStreamsPerClient;
    int maxWaitingStreams;
    Duration streamWait;
    Duration stallTimeout;
    Duration acquireTimeout;
    Duration leakThreshold = Duration.ofMinutes(5);
    /** Empty for the default, half the machine's memory, which only a database Data Forge opens is given. */
    Optional<String> memoryLimit = Optional.empty();
    Optional<Integer> threads = Optional.empty();
    long demoRows;
    long maxBytesPerRead;
    long maxUploadBytes;
    long maxUploadRows;
    long maxSpoolBytes;
    /** Empty for the default: beside the database file Data Forge opens, else under java.io.tmpdir. */
    Optional<Path> spoolDirectory = Optional.empty();
    Duration spoolCacheTime;
    long maxRecordBodyBytes;
    SelectionLimits selectionLimits = SelectionLimits.DEFAULTS;
    List<String> corsOrigins = List.of();
    Optional<Path> keyFile = Optional.empty();
    final TlsSettings tls = new TlsSettings();
    boolean insecure;
    /** Requests a second per caller, 0 for no limit; a rate limiter of its own per server started. */
    double ratePerSecond;
    int rateBurst;
    Duration shutdownGrace;

    private DataForge() {
        Setting.applyDefaults(this);
        // The defaults are not the caller's choice of directory.
        schemaDirectoryGiven = false;
    }

    public static DataForge builder() {
        return new DataForge();
    }

    /**
     * The address to bind; anything but loopback exposes the data to the network. Not used by {@link #mount}, which
     * answers on the application's server.
     */
    public DataForge host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * The port to bind; 0 picks a free one, reported by {@link DataForgeServer#address()}. Not used by
     * {@link #mount}.
     */
    public DataForge port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /** The DuckDB file, created with its directory if absent; Data Forge opens it and closes it. */
    public DataForge database(Path file) {
        this.database = Optional.of(file);
        this.hostDatabase = Optional.empty();
        return this;
    }

    /** Keeps the data in memory only: it is gone when the server closes. */
    public DataForge inMemoryDatabase() {
        this.database = Optional.empty();
        this.hostDatabase = Optional.empty();
        return this;
    }

    /**
     * Serves the DuckDB database the application has open on {@code connection} (from {@code
     * DriverManager.getConnection("jdbc:duckdb:...")}): the tables the schemas declare are created there if
     * missing, and the application may go on writing them through its own connections while Data Forge serves
     * them. Data Forge never uses {@code connection} itself: it opens connections of its own from it
     * ({@code DuckDBConnection.duplicate()}), and closing Data Forge closes only those, without a checkpoint, so
     * the application's connection and database stay open.
     *
     * <p>The database's settings stay the application's: {@link #memoryLimit} and {@link #threads} are refused with
     * it. One is changed: DuckDB's {@code row_group_pruner} optimizer is disabled for the whole database, because it
     * makes {@code ORDER BY ... LIMIT} wrong after deletes and DuckDB takes the option for a whole database only.
     *
     * @throws IllegalArgumentException if {@code connection} is not a DuckDB connection
     */
    public DataForge database(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        try {
            this.hostDatabase = Optional.of(connection.unwrap(DuckDBConnection.class));
        } catch (SQLException e) {
            throw new IllegalArgumentException("the connection given is not a DuckDB connection ("
                    + connection.getClass().getName() + "); open one with DriverManager.getConnection(\"jdbc:duckdb:"
                    + "...\")", e);
        }
        return this;
    }

    /**
     * The directory of schema files ({@code *.json}), served together with any schema given in code. When neither
     * this nor a schema in code is given, ./schemas is read.
     */
    public DataForge schemas(Path directory) {
        this.schemas = Objects.requireNonNull(directory, "directory");
        this.schemaDirectoryGiven = true;
        return this;
    }

    /**
     * Serves a schema declared in code, checked now by the rules for schema files.
     *
     * @throws IllegalArgumentException naming the schema and the field at fault
     */
    public DataForge schema(SchemaDefinition definition) {
        String origin = "schema '" + definition.name + "' given in code";
        schemasInCode.add(new DeclaredInCode(SchemaFileParser.declare(origin, definition.name,
                definition.description, definition.columns, definition.primaryKey), origin));
        return this;
    }

    /**
     * Serves a schema given as JSON text in the format of a schema file, checked now.
     *
     * @throws IllegalArgumentException naming the text (the first given is text 1) and the field at fault
     */
    public DataForge schemaJson(String json) {
        String origin = "schema text " + (schemasInCode.size() + 1);
        schemasInCode.add(new DeclaredInCode(new SchemaFileParser().parse(origin, Objects.requireNonNull(json,
                "json")), origin));
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

    /**
     * The most streams that may wait for a place at once, when {@link #maxStreams} are in flight; one more is answered
     * 503 at once. 0: a stream that finds no place free is refused at once.
     */
    public DataForge maxWaitingStreams(int streams) {
        if (streams < 0) {
            throw new IllegalArgumentException("max waiting streams must be 0 or more, got " + streams);
        }
        this.maxWaitingStreams = streams;
        return this;
    }

    /** How long a stream waits for a place before it is answered 503. */
    public DataForge streamWait(Duration wait) {
        this.streamWait = Objects.requireNonNull(wait, "wait");
        return this;
    }

    /** How long a short request (and the readiness check) waits for a connection before it is answered 503. */
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
        this.memoryLimit = Optional.of(Objects.requireNonNull(limit, "limit"));
        return this;
    }

    /** The memory limit a database Data Forge opens is given: the one set, else half the machine's memory. */
    String memoryLimitOfOwnDatabase() {
        return memoryLimit.orElseGet(DefaultMemoryLimit::forThisMachine);
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

    /**
     * The most bytes of the Parquet file DuckDB writes for one read asking for {@code application/vnd.apache.parquet};
     * past it the read is refused with a 413.
     */
    public DataForge maxSpoolBytes(long bytes) {
        this.maxSpoolBytes = positive(bytes, "max spool bytes");
        return this;
    }

    /**
     * Where Parquet responses and Parquet and CSV uploads are spooled to files; each server makes a directory of its
     * own in it and removes it when it stops. By default {@code FILE.spool} beside the database file, on the disk
     * where DuckDB puts its own temporary files ({@code FILE.tmp}), or {@code java.io.tmpdir/dataforge-spool} for an
     * in-memory database or the application's.
     */
    public DataForge spoolDirectory(Path directory) {
        this.spoolDirectory = Optional.of(Objects.requireNonNull(directory, "directory"));
        return this;
    }

    /**
     * How long a Parquet response's file is kept for the next requests of the same caller for the same selection
     * (the range GETs Polars and DuckDB's httpfs send after a HEAD), so that they read the very file the first one
     * described. A write through Data Forge to the schema drops its files at once; a write the application makes on
     * its own connection is seen after at most this long. Zero keeps none.
     */
    public DataForge spoolCacheTime(Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("spool cache time must not be negative, got " + time);
        }
        this.spoolCacheTime = time;
        return this;
    }

    /** The spool directory given, or the default for the database served. */
    Path spoolDirectoryOrDefault() {
        return spoolDirectory.orElseGet(() -> hostDatabase.isEmpty() && database.isPresent()
                ? database.get().resolveSibling(database.get().getFileName() + ".spool")
                : Path.of(System.getProperty("java.io.tmpdir"), "dataforge-spool"));
    }

    /** The most bytes one request body of the JSON record API may carry; a larger one is refused with a 413. */
    public DataForge maxRecordBodyBytes(long bytes) {
        this.maxRecordBodyBytes = positive(bytes, "max record body bytes");
        return this;
    }

    /**
     * How many filters, list values, pattern characters, columns and sort keys one read or count may ask for; past
     * any of them a request is refused with a 400 before DuckDB sees it. {@link SelectionLimits#DEFAULTS} unless set.
     * Not public: its type is the application layer's, which an embedding application does not read; tests tighten
     * the limits through it.
     */
    DataForge selectionLimits(SelectionLimits limits) {
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
        CorsPolicy.of(origins); // checked here, so that a bad origin is refused where it is given
        this.corsOrigins = List.copyOf(origins);
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
     * certificate). API keys may then be used on any address without travelling in clear text. For {@link #start}
     * only: {@link #mount} serves over the application's server, whose TLS is the application's to set (an
     * {@code HttpsServer} with its {@code HttpsConfigurator}), and refuses this.
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
        RateLimiter.of(perSecond, burst); // checked here, as above; each server started gets a limiter of its own
        this.ratePerSecond = perSecond;
        this.rateBurst = burst;
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

    /** Opens the database, creates missing tables, loads demo data if asked, and starts serving on its own port. */
    public DataForgeServer start() {
        return new DataForgeServer(Container.start(this, new Placement.OwnPort(host, port)));
    }

    /**
     * Opens the database, creates missing tables, loads demo data if asked, and serves every endpoint under
     * {@code basePath} of the application's {@code server}, started or not: {@code /data/api/v1/...},
     * {@code /data/openapi.json}, {@code /data/docs}, and {@code /data/health}, {@code /data/ready} and
     * {@code /data/metrics}, which describe Data Forge. The server stays the application's: its executor runs the
     * requests (give it one, e.g. {@code Executors.newVirtualThreadPerTaskExecutor()}: without, every request waits
     * for the one before), its limits apply, and nothing JVM-wide is set. {@link #host} and {@link #port} are not
     * used; without a key file the server must listen on a loopback address, unless {@link #insecure}.
     *
     * @param basePath where Data Forge's paths begin, such as {@code /data}: one or more segments of letters,
     *     digits and {@code -._~}, without a trailing slash
     * @throws IllegalArgumentException if {@code basePath} is not such a path, or the server has a context there
     * @throws IllegalStateException if {@link #tls} was given: the application's server does its own TLS
     */
    public DataForgeMount mount(HttpServer server, String basePath) {
        if (tls.requested()) {
            throw new IllegalStateException("tls(...) and the TLS files apply to a server Data Forge starts on its own"
                    + " port; mounted, Data Forge answers over the application's server, so give that server TLS"
                    + " (an HttpsServer with an HttpsConfigurator) and leave tls(...) out");
        }
        return new DataForgeMount(Container.start(this, new Placement.Mounted(server, basePath)), basePath);
    }
}
