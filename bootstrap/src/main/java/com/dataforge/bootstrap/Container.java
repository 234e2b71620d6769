package com.dataforge.bootstrap;

import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.application.write.LoadFiles;
import com.dataforge.application.record.CreateRecords;
import com.dataforge.application.record.DeleteRecord;
import com.dataforge.application.record.GetRecord;
import com.dataforge.application.record.PatchRecord;
import com.dataforge.application.record.ReplaceRecord;
import com.dataforge.application.read.CountRows;
import com.dataforge.application.read.RowScopes;
import com.dataforge.application.readiness.CheckReadiness;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.application.schema.DescribeSchema;
import com.dataforge.application.schema.ListSchemas;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.http.CorsPolicy;
import com.dataforge.infrastructure.http.RateLimiter;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableWriter;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbFileLoader;
import com.dataforge.infrastructure.duckdb.DuckDbFileWriter;
import com.dataforge.infrastructure.duckdb.DuckDbReadiness;
import com.dataforge.infrastructure.duckdb.DuckDbRecordStore;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.DuckDbTableStatistics;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.LaneSettings;
import com.dataforge.infrastructure.lanes.Lanes;
import com.dataforge.infrastructure.lanes.Place;
import com.dataforge.infrastructure.metrics.Metrics;
import com.dataforge.infrastructure.openapi.OpenApiDocument;
import com.dataforge.infrastructure.access.ApiKeys;
import com.dataforge.infrastructure.http.AccessControl;
import com.dataforge.infrastructure.http.BulkInsertEndpoint;
import com.dataforge.infrastructure.http.BulkReadEndpoint;
import com.dataforge.infrastructure.http.CountEndpoint;
import com.dataforge.infrastructure.http.HealthEndpoint;
import com.dataforge.infrastructure.http.HttpApi;
import com.dataforge.infrastructure.http.RecordEndpoints;
import com.dataforge.infrastructure.http.MetricsEndpoint;
import com.dataforge.infrastructure.http.OpenApiEndpoints;
import com.dataforge.infrastructure.http.ReadyEndpoint;
import com.dataforge.infrastructure.http.RequestMetrics;
import com.dataforge.infrastructure.http.Router;
import com.dataforge.infrastructure.http.SchemaEndpoints;
import com.dataforge.infrastructure.http.SpoolCache;
import com.dataforge.infrastructure.http.SpoolFiles;
import com.dataforge.infrastructure.http.StallWatchdog;
import com.dataforge.infrastructure.http.route.ApiRoutes;
import com.dataforge.infrastructure.tls.ServerTls;
import java.time.Duration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hand-wired object graph of one server, and the order in which it is taken down. */
final class Container implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Container.class);
    /** The API's version, as the OpenAPI document states it. */
    private static final String VERSION = "1.0.0";
    /** The most Parquet responses kept for reuse at once ({@link SpoolCache}). */
    private static final int SPOOL_CACHE_FILES = 16;

    private final DuckDbDatabase database;
    private final Lanes lanes;
    /** The readiness check's own: busy lanes never make it fail. */
    private final ConnectionPool readyPool;
    private final BufferAllocator allocator;
    private final StallWatchdog watchdog;
    private final Optional<ServerTls> tls;
    private HttpApi http;
    private SpoolFiles spool;
    private SpoolCache spoolCache;
    private boolean closed;

    private Container(DuckDbDatabase database, Lanes lanes, ConnectionPool readyPool, BufferAllocator allocator,
            StallWatchdog watchdog, Optional<ServerTls> tls) {
        this.database = database;
        this.lanes = lanes;
        this.readyPool = readyPool;
        this.allocator = allocator;
        this.watchdog = watchdog;
        this.tls = tls;
    }

    static Container start(DataForge settings, Placement placement) {
        DeclaredSchemaCatalog catalog = catalog(settings);
        Optional<ServerTls> tls = settings.tls.open();
        try {
            return start(settings, placement, catalog, tls);
        } catch (RuntimeException e) {
            // Once the container exists, closing it closes TLS too; closing twice does no harm.
            tls.ifPresent(ServerTls::close);
            throw e;
        }
    }

    private static Container start(DataForge settings, Placement placement, DeclaredSchemaCatalog catalog,
            Optional<ServerTls> tls) {
        AccessControl access = accessControl(settings, catalog, placement, tls);
        // A busy port, a bad key file and bad TLS files must stop start-up before the database is created or changed.
        placement.requireAvailable();
        DuckDbDatabase database = database(settings);
        Container container;
        try {
            new DuckDbTableManager(database).ensureTables(catalog.all(), catalog::origin);
            // A stream rightly holds its connection for as long as its client reads, up to the longest response
            // allowed; only past that is it a probable leak. With no longest response, none is reported.
            Duration streamLeakThreshold = longestResponse().map(longest -> longest.plus(settings.leakThreshold))
                    .orElse(Duration.ZERO);
            container = new Container(database,
                    Lanes.open(database.connectionFactory(), new LaneSettings(settings.maxShortQueries,
                            settings.maxStreams, settings.maxStreamsPerClient, settings.maxWaitingStreams,
                            settings.acquireTimeout, settings.streamWait, settings.leakThreshold,
                            streamLeakThreshold)),
                    new ConnectionPool("ready", database.connectionFactory(),
                            new PoolSettings(1, settings.acquireTimeout, Duration.ZERO)),
                    new RootAllocator(), new StallWatchdog(settings.stallTimeout), tls);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            container.serve(catalog, settings, access, placement);
            return container;
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    /** The schemas given in code, and those of the directory if one was named or none were. */
    static DeclaredSchemaCatalog catalog(DataForge settings) {
        DeclaredSchemaCatalog.Builder catalog = DeclaredSchemaCatalog.builder();
        if (settings.schemaDirectoryGiven || settings.schemasInCode.isEmpty()) {
            catalog.directory(settings.schemas);
        }
        settings.schemasInCode.forEach(declared -> catalog.schema(declared.schema(), declared.origin()));
        return catalog.build();
    }

    /** The application's database when it gave one, else the file or in-memory database Data Forge opens. */
    static DuckDbDatabase database(DataForge settings) {
        if (settings.hostDatabase.isPresent()) {
            if (settings.memoryLimit.isPresent() || settings.threads.isPresent()) {
                throw new IllegalStateException("memoryLimit and threads configure a database Data Forge opens; the"
                        + " application's database keeps its own settings (SET memory_limit = '4GB', SET threads = 4"
                        + " on its connection)");
            }
            return DuckDbDatabase.sharedWith(settings.hostDatabase.get());
        }
        return DuckDbDatabase.open(new DuckDbDatabase.Settings(settings.database,
                Optional.of(settings.memoryLimitOfOwnDatabase()), settings.threads));
    }

    /**
     * The longest a response may take, as the JDK server reads it (once per JVM, from a property its owner sets:
     * {@link JvmWideSettings}); empty when responses have no limit.
     */
    private static Optional<Duration> longestResponse() {
        try {
            long seconds = Long.parseLong(System.getProperty("sun.net.httpserver.maxRspTime", "-1"));
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Keys from the key file, their row filters read against the catalog; without one, everyone may do everything,
     * which is safe only where nobody else can connect: on another address the server refuses to start unless told
     * it is meant to be open. Keys sent over plain HTTP to another address can be read on the way, hence a warning.
     */
    private static AccessControl accessControl(DataForge settings, SchemaCatalog catalog, Placement placement,
            Optional<ServerTls> tls) {
        if (settings.keyFile.isPresent()) {
            // Mounted, the keys travel over whatever the application's server speaks: its TLS is its own business.
            if (placement instanceof Placement.OwnPort && tls.isEmpty()
                    && !placement.address().isLoopbackAddress()) {
                LOG.warn("API keys travel in clear text: {} is not a loopback address and TLS is off, so anyone on"
                        + " the network path can read a key and use it; give --tls-cert and --tls-key (or"
                        + " --tls-keystore), or serve through a TLS proxy", placement.address().getHostAddress());
            }
            return AccessControl.withKeys(ApiKeys.load(settings.keyFile.get(),
                    new RowScopes(catalog, settings.selectionLimits)));
        }
        InetAddress address = placement.address();
        boolean loopback = address.isLoopbackAddress();
        if (!loopback && !settings.insecure) {
            throw new IllegalStateException("serving on " + address.getHostAddress() + " without API keys would let"
                    + " anyone who can reach it read and change every table; give --key-file FILE, or --insecure to"
                    + " serve it open");
        }
        LOG.warn("authentication is off (no --key-file): {} may read and write every table",
                loopback ? "any process on this machine" : "anyone who can reach " + address.getHostAddress());
        return AccessControl.OPEN;
    }

    private void serve(DeclaredSchemaCatalog catalog, DataForge settings, AccessControl access, Placement placement) {
        if (settings.demoRows > 0) {
            // A bulk insert like any other, so in the stream lane.
            try (Place loading = lanes.enter(Lane.STREAM, "start-up")) {
                catalog.find(new Identifier(DemoRows.SCHEMA)).ifPresent(schema -> new DemoDataLoader(lanes)
                        .loadIfEmpty(schema, DemoRows.query(), settings.demoRows));
            }
        }
        // Every adapter borrows through the lanes: a query runs on a connection of its request's lane.
        DuckDbArrowTableReader reader = new DuckDbArrowTableReader(lanes, allocator, settings.maxBytesPerRead);
        DuckDbTableStatistics statistics = new DuckDbTableStatistics(lanes, reader);
        SchemaEndpoints schemas = new SchemaEndpoints(new ListSchemas(catalog),
                new DescribeSchema(catalog, statistics));
        BulkReadToArrow bulkRead = new BulkReadToArrow(catalog, reader, settings.selectionLimits);
        spool = SpoolFiles.under(settings.spoolDirectoryOrDefault());
        // An idle server keeps on disk no more than one response may take.
        spoolCache = new SpoolCache(spool, settings.spoolCacheTime, SPOOL_CACHE_FILES, settings.maxSpoolBytes);
        BulkReadEndpoint.ParquetFiles parquet = new BulkReadEndpoint.ParquetFiles(new ExportSelection(catalog,
                new DuckDbFileWriter(lanes, reader), settings.selectionLimits), spoolCache, settings.maxSpoolBytes);
        CountRows countRows = new CountRows(catalog, statistics, settings.selectionLimits);
        DuckDbRecordStore store = new DuckDbRecordStore(lanes, allocator);
        RecordEndpoints records = new RecordEndpoints(new GetRecord(catalog, store), new CreateRecords(catalog, store),
                new ReplaceRecord(catalog, store), new PatchRecord(catalog, store), new DeleteRecord(catalog, store),
                settings.maxRecordBodyBytes);
        Metrics metrics = new Metrics();
        // The document is public: with keys it names no table, or anyone could learn every table and column that
        // GET /api/v1/schemas shows each key only for the tables it may read.
        OpenApiEndpoints openApi = new OpenApiEndpoints(OpenApiDocument.of(ApiRoutes.TABLE,
                access.enabled() ? List.of() : catalog.all(), VERSION, placement.basePath()));
        CorsPolicy cors = CorsPolicy.of(settings.corsOrigins);
        RateLimiter rateLimiter = RateLimiter.of(settings.ratePerSecond, settings.rateBurst);
        Router router = Router.builder(ApiRoutes.TABLE)
                .metrics(new RequestMetrics(metrics))
                .cors(cors)
                .access(access)
                .rateLimit(rateLimiter)
                .admission(lanes)
                .stallWatchdog(watchdog)
                .onSchemaWritten(spoolCache::drop)
                .endpoint(ApiRoutes.HEALTH, new HealthEndpoint())
                .endpoint(ApiRoutes.READY, new ReadyEndpoint(new CheckReadiness(new DuckDbReadiness(readyPool)), lanes))
                .endpoint(ApiRoutes.METRICS, new MetricsEndpoint(metrics))
                .endpoint(ApiRoutes.OPENAPI, openApi.document())
                .endpoint(ApiRoutes.DOCS, openApi.page())
                .endpoint(ApiRoutes.SCHEMAS, schemas.list())
                .endpoint(ApiRoutes.SCHEMA, schemas.describe())
                .endpoint(ApiRoutes.BULK_READ, BulkReadEndpoint.bulkRead(bulkRead, countRows, parquet))
                .endpoint(ApiRoutes.BULK_INSERT, new BulkInsertEndpoint(
                        new BulkInsertFromArrow(catalog, new DuckDbArrowTableWriter(lanes, allocator),
                                settings.maxUploadRows),
                        new LoadFiles(catalog, new DuckDbFileLoader(lanes, allocator), settings.maxUploadRows),
                        spool, allocator, new BulkInsertEndpoint.UploadLimits(settings.maxUploadBytes,
                                settings.maxBytesPerRead)))
                .endpoint(ApiRoutes.RECORDS, BulkReadEndpoint.recordListing(bulkRead, countRows, parquet))
                .endpoint(ApiRoutes.CREATE_RECORDS, records.create())
                .endpoint(ApiRoutes.COUNT, new CountEndpoint(countRows))
                .endpoint(ApiRoutes.RECORD, records.get())
                .endpoint(ApiRoutes.REPLACE_RECORD, records.replace())
                .endpoint(ApiRoutes.PATCH_RECORD, records.patch())
                .endpoint(ApiRoutes.DELETE_RECORD, records.delete())
                .build();
        ServerGauges.register(metrics, lanes, readyPool, allocator, watchdog);
        http = placement.serve(router, settings.shutdownGrace, tls.map(ServerTls::configurator));
        LOG.info("serving address={} base_path={} tls=[{}] schemas={} database={} lanes=[{}] stall_timeout={}"
                + " cors_origins={} api_keys={} rate_limit={} max_request_s={} max_response_s={} max_header_bytes={}"
                + " spool={}",
                http.address(), placement.basePath().isEmpty() ? "/" : placement.basePath(),
                tls.map(Object::toString).orElse(placement.basePath().isEmpty() ? "off" : "the application's"),
                catalog.all().size(),
                settings.hostDatabase.isPresent() ? "the application's"
                        : settings.database.map(Object::toString).orElse("in-memory"),
                lanes, watchdog, cors, access, rateLimiter,
                System.getProperty("sun.net.httpserver.maxReqTime", "none"),
                System.getProperty("sun.net.httpserver.maxRspTime", "none"),
                System.getProperty("sun.net.httpserver.maxReqHeaderSize", "393216"), spool.directory());
    }

    InetSocketAddress address() {
        return http.address();
    }

    String scheme() {
        return http.scheme();
    }

    ResourceCounters counters() {
        PoolStats stats = lanes.connections().plus(readyPool.stats());
        return new ResourceCounters(stats.active(), stats.idle(), stats.waiting(), stats.totalAcquired(),
                allocator.getAllocatedMemory());
    }

    /** Places taken in the lanes that query: zero when no request is running. */
    int lanePlacesInUse() {
        return Lane.querying().stream().mapToInt(lane -> lanes.stats(lane).inUse()).sum();
    }

    /** Stops HTTP first so nothing new arrives, then the pool, Arrow memory and finally the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.close();
        }
        tls.ifPresent(ServerTls::close);
        watchdog.close();
        lanes.close();
        readyPool.close();
        if (spoolCache != null) {
            spoolCache.close();
        }
        if (spool != null) {
            spool.close();
        }
        long leaked = allocator.getAllocatedMemory();
        if (leaked != 0) {
            LOG.error("{} bytes of Arrow memory still held at shutdown; a read was not closed", leaked);
        } else {
            allocator.close();
        }
        database.close();
        LOG.info("stopped");
    }
}
