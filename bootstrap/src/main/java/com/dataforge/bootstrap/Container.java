package com.dataforge.bootstrap;

import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.record.CreateRecords;
import com.dataforge.application.record.DeleteRecord;
import com.dataforge.application.record.GetRecord;
import com.dataforge.application.record.PatchRecord;
import com.dataforge.application.record.ReplaceRecord;
import com.dataforge.application.read.CountRows;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.application.schema.DescribeSchema;
import com.dataforge.application.schema.ListSchemas;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.infrastructure.catalog.FileSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableWriter;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbReadiness;
import com.dataforge.infrastructure.duckdb.DuckDbRecordStore;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.DuckDbTableStatistics;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
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
import com.dataforge.infrastructure.http.route.ApiRoutes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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

    private final DuckDbDatabase database;
    private final ConnectionPool pool;
    private final BufferAllocator allocator;
    private HttpApi http;
    private boolean closed;

    private Container(DuckDbDatabase database, ConnectionPool pool, BufferAllocator allocator) {
        this.database = database;
        this.pool = pool;
        this.allocator = allocator;
    }

    static Container start(DataForge settings) {
        AccessControl access = accessControl(settings);
        FileSchemaCatalog catalog = FileSchemaCatalog.load(settings.schemas);
        // A busy port must stop start-up before the database is created or changed.
        HttpApi.requireFree(new InetSocketAddress(settings.host, settings.port));
        DuckDbDatabase database = DuckDbDatabase.open(
                new DuckDbDatabase.Settings(settings.database, Optional.of(settings.memoryLimit), settings.threads));
        Container container;
        try {
            new DuckDbTableManager(database).ensureTables(catalog.all());
            container = new Container(database,
                    new ConnectionPool("duckdb", database.connectionFactory(),
                            new PoolSettings(settings.poolSize, settings.acquireTimeout, settings.leakThreshold)),
                    new RootAllocator());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            container.serve(catalog, settings, access);
            return container;
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    /**
     * Keys from the key file; without one, everyone may do everything, which is safe only where nobody else can
     * connect: on another address the server refuses to start unless told it is meant to be open.
     */
    private static AccessControl accessControl(DataForge settings) {
        if (settings.keyFile.isPresent()) {
            return AccessControl.withKeys(ApiKeys.load(settings.keyFile.get()));
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(settings.host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host '" + settings.host + "' does not resolve", e);
        }
        if (!loopback && !settings.insecure) {
            throw new IllegalStateException("binding " + settings.host + " without API keys would let anyone who can"
                    + " reach it read and change every table; give --key-file FILE, or --insecure to serve it open");
        }
        LOG.warn("authentication is off (no --key-file): {} may read and write every table",
                loopback ? "any process on this machine" : "anyone who can reach " + settings.host);
        return AccessControl.OPEN;
    }

    private void serve(FileSchemaCatalog catalog, DataForge settings, AccessControl access) {
        if (settings.demoRows > 0) {
            catalog.find(new Identifier(DemoDataLoader.SCHEMA))
                    .ifPresent(schema -> new DemoDataLoader(pool).loadIfEmpty(schema, settings.demoRows));
        }
        DuckDbArrowTableReader reader = new DuckDbArrowTableReader(pool, allocator, settings.maxBytesPerRead);
        DuckDbTableStatistics statistics = new DuckDbTableStatistics(pool, reader);
        SchemaEndpoints schemas = new SchemaEndpoints(new ListSchemas(catalog),
                new DescribeSchema(catalog, statistics));
        BulkReadToArrow bulkRead = new BulkReadToArrow(catalog, reader, settings.selectionLimits);
        CountRows countRows = new CountRows(catalog, statistics, settings.selectionLimits);
        DuckDbRecordStore store = new DuckDbRecordStore(pool, allocator);
        RecordEndpoints records = new RecordEndpoints(new GetRecord(catalog, store), new CreateRecords(catalog, store),
                new ReplaceRecord(catalog, store), new PatchRecord(catalog, store), new DeleteRecord(catalog, store),
                settings.maxRecordBodyBytes);
        Metrics metrics = new Metrics();
        // The document is public: with keys it names no table, or anyone could learn every table and column that
        // GET /api/v1/schemas shows each key only for the tables it may read.
        OpenApiEndpoints openApi = new OpenApiEndpoints(OpenApiDocument.of(ApiRoutes.TABLE,
                access.enabled() ? List.of() : catalog.all(), VERSION));
        Router router = Router.builder(ApiRoutes.TABLE)
                .metrics(new RequestMetrics(metrics))
                .cors(settings.cors)
                .access(access)
                .rateLimit(settings.rateLimiter)
                .admission(settings.bulkAdmission)
                .endpoint(ApiRoutes.HEALTH, new HealthEndpoint())
                .endpoint(ApiRoutes.READY, new ReadyEndpoint(new DuckDbReadiness(pool)))
                .endpoint(ApiRoutes.METRICS, new MetricsEndpoint(metrics))
                .endpoint(ApiRoutes.OPENAPI, openApi.document())
                .endpoint(ApiRoutes.DOCS, openApi.page())
                .endpoint(ApiRoutes.SCHEMAS, schemas.list())
                .endpoint(ApiRoutes.SCHEMA, schemas.describe())
                .endpoint(ApiRoutes.BULK_READ, BulkReadEndpoint.bulkRead(bulkRead, countRows))
                .endpoint(ApiRoutes.BULK_INSERT, new BulkInsertEndpoint(
                        new BulkInsertFromArrow(catalog, new DuckDbArrowTableWriter(pool, allocator),
                                settings.maxUploadRows),
                        allocator, new BulkInsertEndpoint.UploadLimits(settings.maxUploadBytes,
                                settings.maxBytesPerRead)))
                .endpoint(ApiRoutes.RECORDS, BulkReadEndpoint.recordListing(bulkRead, countRows))
                .endpoint(ApiRoutes.CREATE_RECORDS, records.create())
                .endpoint(ApiRoutes.COUNT, new CountEndpoint(countRows))
                .endpoint(ApiRoutes.RECORD, records.get())
                .endpoint(ApiRoutes.REPLACE_RECORD, records.replace())
                .endpoint(ApiRoutes.PATCH_RECORD, records.patch())
                .endpoint(ApiRoutes.DELETE_RECORD, records.delete())
                .build();
        ServerGauges.register(metrics, pool, allocator);
        // The JDK server takes this from a system property, once, when its first server is made.
        settings.maxResponseTime.ifPresent(limit -> System.setProperty("sun.net.httpserver.maxRspTime",
                Long.toString(limit.toSeconds())));
        settings.maxRequestTime.ifPresent(limit -> System.setProperty("sun.net.httpserver.maxReqTime",
                Long.toString(limit.toSeconds())));
        settings.maxHeaderBytes.ifPresent(bytes -> System.setProperty("sun.net.httpserver.maxReqHeaderSize",
                Integer.toString(bytes)));
        http = HttpApi.start(new InetSocketAddress(settings.host, settings.port), router, settings.shutdownGrace);
        LOG.info("serving address={} schemas={} database={} pool_size={} cors_origins={} api_keys={}"
                + " rate_limit={} max_bulk_in_flight={} max_request_s={} max_response_s={}"
                + " max_header_bytes={}",
                http.address(), catalog.all().size(), settings.database.map(Object::toString).orElse("in-memory"),
                settings.poolSize, settings.cors, access, settings.rateLimiter, settings.bulkAdmission,
                System.getProperty("sun.net.httpserver.maxReqTime", "none"),
                System.getProperty("sun.net.httpserver.maxRspTime", "none"),
                System.getProperty("sun.net.httpserver.maxReqHeaderSize", "393216"));
    }

    InetSocketAddress address() {
        return http.address();
    }

    ResourceCounters counters() {
        PoolStats stats = pool.stats();
        return new ResourceCounters(stats.active(), stats.idle(), stats.waiting(), stats.totalAcquired(),
                allocator.getAllocatedMemory());
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
        pool.close();
        long leaked = allocator.getAllocatedMemory();
        if (leaked != 0) {
            LOG.error("{} bytes of Arrow memory still held at shutdown; a read was not closed", leaked);
        } else {
            allocator.close();
        }
        database.checkpoint();
        database.close();
        LOG.info("stopped");
    }
}
