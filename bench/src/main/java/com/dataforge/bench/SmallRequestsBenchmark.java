package com.dataforge.bench;

import com.dataforge.bench.Measurements.Run;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The small-requests section ({@code --only small}): what an application calling the record API in a loop feels, held
 * against the database's own speed for the same statements. On well_production it makes six kinds of request: GET by
 * key (keys sampled across the whole table, all present), a 10-row page at a random offset, the 10 newest rows
 * ({@code order=production_period.desc}, which DuckDB answers by scanning the whole column, its row-group pruner being
 * off), a count with one filter, POST of one new record, and PATCH of one field of a stored record. Each is timed
 *
 * <ul>
 *   <li>(a) in process: the same SQL as a prepared statement on one DuckDB connection, every column of every row read,
 *       no HTTP: the limit the HTTP figures are held against; then from {@value #CLIENTS} threads sharing
 *       {@value #SHORT_CONNECTIONS} pooled connections, as the server's short lane does;</li>
 *   <li>(b) over HTTP, JSON, on keep-alive connections: one client, then {@value #CLIENTS} clients at once, each with
 *       one request in flight.</li>
 * </ul>
 *
 * Besides latency and rate, each figure has the process's CPU time per request, and for the HTTP clients their
 * threads' share of it: on a shared machine, cores divided by CPU per request is the rate the code would allow.
 *
 * Each kind is run for {@link #MEASURED} after a {@link #WARM_UP} that is not counted, in every mode, once every
 * kind has been run once to warm up the code it shares with the others; the rounds reopen the database (the server
 * holds its file), and each figure is the median over the rounds. Then the bulk read
 * with {@code ?limit=} and {@code offset=} is timed against a read of the whole table, in rows per second.
 */
final class SmallRequestsBenchmark {

    static final int CLIENTS = 32;
    /** The server's default short lane: the connections the {@value #CLIENTS} clients' requests share. */
    private static final int SHORT_CONNECTIONS = 8;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration MEASURED = Duration.ofSeconds(2);
    private static final int SAMPLED_KEYS = 10_000;
    private static final int PAGE_ROWS = 10;
    private static final long BULK_LIMIT = 1_000_000;
    /** Far above the demo data's field codes, so that created records never collide with loaded ones. */
    private static final long CREATED_FIELD_CODES = 1_000_000_000L;
    /**
     * The floor of the HTTP side: a request that passes every filter (request id, log, metrics, authentication, rate
     * limit, admission) and never reaches DuckDB, so that what the clients and the server take without the database
     * can be told apart from what the database takes.
     */
    private static final Operation HEALTH = new Operation("GET /health", "", (statement, random) -> { },
            (host, random, client, clients) -> get(host, "/health"), 200);

    private final Path schemas;
    private final TableSchema schema;
    private final long rows;
    private final int rounds;
    private final AtomicLong created = new AtomicLong();
    private List<Key> keys;

    SmallRequestsBenchmark(Path schemas, TableSchema schema, long rows, int rounds) {
        this.schemas = schemas;
        this.schema = schema;
        this.rows = rows;
        this.rounds = rounds;
    }

    /** Loads {@code rows} demo rows into {@code database} if it is empty (not timed), then measures and prints. */
    void run(Path database) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        keys = load(database);
        List<Operation> operations = operations();
        Map<String, List<Figures>> figures = new LinkedHashMap<>();
        List<Map<String, Run>> bulk = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            try (DuckDbDatabase duckdb = open(database); Connection connection = duckdb.connectionFactory().open()) {
                for (Operation operation : operations) {
                    warmUp(connection, operation);
                }
                for (Operation operation : operations) {
                    figures.computeIfAbsent("a " + operation.name(), k -> new ArrayList<>())
                            .add(inProcess(connection, operation));
                }
                try (ConnectionPool pool = new ConnectionPool("bench", duckdb.connectionFactory(),
                                new PoolSettings(SHORT_CONNECTIONS, Duration.ofSeconds(30), Duration.ZERO));
                        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS)) {
                    for (Operation operation : operations) {
                        if (operation.concurrentInProcess()) {
                            figures.computeIfAbsent("A " + operation.name(), k -> new ArrayList<>())
                                    .add(inProcess(pool, operation, threads));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("in-process round failed: " + e.getMessage(), e);
            }
            // The server's default lanes: pages of 10 rows are short requests, so the clients, all on one loopback
            // address, meet no per-client share of streams.
            try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                    .demoRows(0).start();
                    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                for (Operation operation : operations) {
                    clients(server.baseUri(), operation, 1, clients, WARM_UP);
                }
                for (Operation operation : operations) {
                    figures.computeIfAbsent("1 " + operation.name(), k -> new ArrayList<>())
                            .add(overHttp(server.baseUri(), operation, 1, clients));
                    figures.computeIfAbsent("n " + operation.name(), k -> new ArrayList<>())
                            .add(overHttp(server.baseUri(), operation, CLIENTS, clients));
                }
                clients(server.baseUri(), HEALTH, CLIENTS, clients, WARM_UP);
                figures.computeIfAbsent("1 " + HEALTH.name(), k -> new ArrayList<>())
                        .add(overHttp(server.baseUri(), HEALTH, 1, clients));
                figures.computeIfAbsent("n " + HEALTH.name(), k -> new ArrayList<>())
                        .add(overHttp(server.baseUri(), HEALTH, CLIENTS, clients));
                bulk.add(bulkReads(server.baseUri()));
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        print(operations, figures, loadBefore, loadAfter);
        printBulk(bulk);
    }

    /**
     * One kind of request: its SQL and how to call it in process, and the HTTP request that does the same. Those
     * that write by key are not called from concurrent threads in process: the HTTP clients each keep to a share of
     * the keys, which the in-process call has no notion of, and DuckDB refuses two writes of one row at once.
     */
    private record Operation(String name, String sql, InProcessCall call, HttpCall request, int status) {
        boolean concurrentInProcess() {
            return !sql.startsWith("UPDATE");
        }
    }

    @FunctionalInterface
    private interface InProcessCall {
        /** Binds {@code statement}'s parameters, runs it and reads all it returns. */
        void call(PreparedStatement statement, ThreadLocalRandom random) throws SQLException;
    }

    @FunctionalInterface
    private interface HttpCall {
        /**
         * The whole request, head and body, for the server at {@code host}, sent by client number {@code client} of
         * {@code clients}: writes by key touch only that client's share of the keys, so that two clients never write
         * the same record at once (which DuckDB would refuse as a conflict).
         */
        String request(String host, ThreadLocalRandom random, int client, int clients);
    }

    /** A primary key of a stored row. */
    private record Key(long field, long well, LocalDateTime period) {
        String segment() {
            return field + "," + well + "," + URLEncoder.encode(period.toString(), StandardCharsets.UTF_8);
        }
    }

    /**
     * p50 and p99 in milliseconds, requests per second, and CPU milliseconds per request of one kind of request in one
     * mode: of the whole process, and of the clients' threads alone (so the rest is the server's, DuckDB's included).
     */
    private record Figures(double p50, double p99, double perSecond, double cpuMillis, double clientCpuMillis) {
        static Figures of(long[] nanos, double seconds, long cpuNanos, long clientCpuNanos) {
            Arrays.sort(nanos);
            return new Figures(RecordLatencyBenchmark.percentile(nanos, 0.50),
                    RecordLatencyBenchmark.percentile(nanos, 0.99), nanos.length / seconds,
                    cpuNanos / 1e6 / nanos.length, clientCpuNanos / 1e6 / nanos.length);
        }

        /** p50, p99, requests/s and CPU per request, as the table prints them. */
        String columns() {
            return String.format("%7.2f %7.2f %,8.0f %7.3f", p50, p99, perSecond, cpuMillis);
        }

        static Figures median(List<Figures> rounds) {
            return new Figures(SmallRequestsBenchmark.median(rounds, Figures::p50),
                    SmallRequestsBenchmark.median(rounds, Figures::p99),
                    SmallRequestsBenchmark.median(rounds, Figures::perSecond),
                    SmallRequestsBenchmark.median(rounds, Figures::cpuMillis),
                    SmallRequestsBenchmark.median(rounds, Figures::clientCpuMillis));
        }
    }

    /** One client's latencies and the CPU time its thread used. */
    private record ClientRun(long[] nanos, long cpuNanos) {
    }

    private List<Operation> operations() {
        String table = '"' + Benchmark.TABLE + '"';
        String columns = schema.columns().stream().map(c -> '"' + c.name().value() + '"')
                .collect(Collectors.joining(", "));
        String byKey = " WHERE field_code = ? AND well_code = ? AND production_period = ?";
        String records = "/api/v1/records/" + Benchmark.TABLE;
        return List.of(
                new Operation("GET by key", "SELECT " + columns + " FROM " + table + byKey + " LIMIT 1",
                        (statement, random) -> readAll(bindKey(statement, 1, key(random))),
                        (host, random, client, clients) -> get(host, records + "/" + key(random).segment()), 200),
                new Operation("page of 10, random offset", "SELECT " + columns + " FROM " + table
                        + " LIMIT " + PAGE_ROWS + " OFFSET ?",
                        (statement, random) -> {
                            statement.setLong(1, offset(random));
                            readAll(statement);
                        },
                        (host, random, client, clients) -> get(host, records + "?limit=" + PAGE_ROWS + "&offset=" + offset(random)),
                        200),
                // The primary key follows as the tie-break, as the API appends it.
                new Operation("10 newest (order=…desc)", "SELECT " + columns + " FROM " + table
                        + " ORDER BY production_period DESC, field_code ASC, well_code ASC LIMIT " + PAGE_ROWS,
                        (statement, random) -> readAll(statement),
                        (host, random, client, clients) -> get(host, records + "?order=production_period.desc&limit=" + PAGE_ROWS),
                        200),
                new Operation("count, one filter", "SELECT count(*) FROM " + table + " WHERE field_code = ?",
                        (statement, random) -> {
                            statement.setLong(1, key(random).field());
                            readAll(statement);
                        },
                        (host, random, client, clients) -> get(host, records + "/count?field_code=eq." + key(random).field()), 200),
                new Operation("POST one record", "INSERT INTO " + table + " (" + columns + ") VALUES ("
                        + String.join(", ", Collections.nCopies(schema.columns().size(), "?")) + ")",
                        (statement, random) -> {
                            bindRecord(statement, created.incrementAndGet(), random);
                            statement.executeUpdate();
                        },
                        (host, random, client, clients) -> send(host, "POST", records, recordJson(created.incrementAndGet(), random)),
                        201),
                new Operation("PATCH one field", "UPDATE " + table + " SET oil_production_kbd = ?" + byKey,
                        (statement, random) -> {
                            statement.setDouble(1, oil(random));
                            bindKey(statement, 2, key(random));
                            if (statement.executeUpdate() != 1) {
                                throw new SQLException("PATCH found no record");
                            }
                        },
                        (host, random, client, clients) -> send(host, "PATCH", records + "/" + key(random, client, clients).segment(),
                                "{\"oil_production_kbd\":" + oil(random) + "}"),
                        204));
    }

    private static void warmUp(Connection connection, Operation operation) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(operation.sql())) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long end = System.nanoTime() + WARM_UP.toNanos(); System.nanoTime() < end; ) {
                operation.call().call(statement, random);
            }
        }
    }

    /** (a): the operation's statement, prepared once, called in a loop on one connection. */
    private static Figures inProcess(Connection connection, Operation operation) throws SQLException {
        warmUp(connection, operation);
        try (PreparedStatement statement = connection.prepareStatement(operation.sql())) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long[] nanos = new long[1 << 16];
            int count = 0;
            long cpu = PROCESS.getProcessCpuTime();
            long started = System.nanoTime();
            long end = started + MEASURED.toNanos();
            while (System.nanoTime() < end && count < nanos.length) {
                long before = System.nanoTime();
                operation.call().call(statement, random);
                nanos[count++] = System.nanoTime() - before;
            }
            return Figures.of(Arrays.copyOf(nanos, count), (System.nanoTime() - started) / 1e9,
                    PROCESS.getProcessCpuTime() - cpu, 0);
        }
    }

    /**
     * (a) with {@value #CLIENTS} threads: each borrows one of {@value #SHORT_CONNECTIONS} pooled connections per call,
     * as the server's short requests do, and calls the connection's cached statement.
     */
    private static Figures inProcess(ConnectionPool pool, Operation operation, ExecutorService threads) {
        inProcessThreads(pool, operation, threads, WARM_UP);
        long cpu = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        List<ClientRun> runs = inProcessThreads(pool, operation, threads, MEASURED);
        double seconds = (System.nanoTime() - started) / 1e9;
        return Figures.of(runs.stream().map(ClientRun::nanos).flatMapToLong(Arrays::stream).toArray(), seconds,
                PROCESS.getProcessCpuTime() - cpu, 0);
    }

    private static List<ClientRun> inProcessThreads(ConnectionPool pool, Operation operation,
            ExecutorService threads, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        List<Future<ClientRun>> results = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            results.add(threads.submit(() -> {
                long[] nanos = new long[1 << 16];
                int count = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end && count < nanos.length) {
                    long before = System.nanoTime();
                    try (PooledConnection pooled = pool.borrow()) {
                        operation.call().call(pooled.statements().prepare(operation.sql()), random);
                    }
                    nanos[count++] = System.nanoTime() - before;
                }
                return new ClientRun(Arrays.copyOf(nanos, count), 0);
            }));
        }
        return collect(operation, results);
    }

    /** (b): {@code clients} keep-alive connections, each sending the operation's request in a loop. */
    private static Figures overHttp(URI base, Operation operation, int clients, ExecutorService threads) {
        clients(base, operation, clients, threads, WARM_UP);
        long cpu = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        List<ClientRun> runs = clients(base, operation, clients, threads, MEASURED);
        double seconds = (System.nanoTime() - started) / 1e9;
        return Figures.of(runs.stream().map(ClientRun::nanos).flatMapToLong(Arrays::stream).toArray(), seconds,
                PROCESS.getProcessCpuTime() - cpu, runs.stream().mapToLong(ClientRun::cpuNanos).sum());
    }

    private static List<ClientRun> clients(URI base, Operation operation, int clients, ExecutorService threads,
            Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        List<Future<ClientRun>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(threads.submit(() -> client(base, operation, client, clients, end)));
        }
        return collect(operation, results);
    }

    private static List<ClientRun> collect(Operation operation, List<Future<ClientRun>> results) {
        List<ClientRun> all = new ArrayList<>();
        for (Future<ClientRun> result : results) {
            try {
                all.add(result.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(operation.name() + ": a client failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        return all;
    }

    /** One client: requests one after another on one connection until {@code end}; latency to the body's end. */
    private static ClientRun client(URI base, Operation operation, int client, int clients, long end)
            throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long[] nanos = new long[1 << 16];
        int count = 0;
        ByteBuffer drain = ByteBuffer.allocate(16 * 1024);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String host = base.getHost() + ":" + base.getPort();
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()))) {
            ReadableByteChannel kept = RecordLatencyBenchmark.keepOpen(socket);
            while (System.nanoTime() < end && count < nanos.length) {
                String text = operation.request().request(host, random, client, clients);
                ByteBuffer request = StandardCharsets.UTF_8.encode(text);
                long before = System.nanoTime();
                while (request.hasRemaining()) {
                    socket.write(request);
                }
                ChunkedBodyChannel body;
                try {
                    body = ChunkedBodyChannel.response(kept, operation.status());
                } catch (IOException e) {
                    throw new IOException(text.substring(0, text.indexOf(" HTTP/1.1")) + ": " + e.getMessage(), e);
                }
                while (body.read(drain.clear()) >= 0) {
                    // The body is read to its end, as a client would.
                }
                nanos[count++] = System.nanoTime() - before;
            }
        }
        return new ClientRun(Arrays.copyOf(nanos, count), THREADS.getCurrentThreadCpuTime() - cpu);
    }

    /**
     * Reads through HTTP the whole table, then {@value #BULK_LIMIT} rows with {@code ?limit=} from the start and
     * from the middle, then about as many rows picked by a filter.
     */
    private Map<String, Run> bulkReads(URI base) {
        String read = "/api/v1/arrow/bulk-read/" + Benchmark.TABLE;
        long fields = (BULK_LIMIT / 120 + 49) / 50;
        Map<String, Run> runs = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            // Not counted: the first read of a server also compiles its streaming code.
            BulkReadBenchmark.fetch(base.resolve(read + "?limit=" + BULK_LIMIT / 10), allocator);
            runs.put("whole table", BulkReadBenchmark.fetch(base.resolve(read), allocator));
            runs.put("?limit=" + BULK_LIMIT, BulkReadBenchmark.fetch(base.resolve(read + "?limit=" + BULK_LIMIT),
                    allocator));
            runs.put("?limit=" + BULK_LIMIT + "&offset=" + rows / 2, BulkReadBenchmark.fetch(
                    base.resolve(read + "?limit=" + BULK_LIMIT + "&offset=" + rows / 2), allocator));
            runs.put("?field_code=lte." + fields, BulkReadBenchmark.fetch(
                    base.resolve(read + "?field_code=lte." + fields), allocator));
        } catch (IOException e) {
            throw new UncheckedIOException("bulk read failed: " + e.getMessage(), e);
        }
        return runs;
    }

    private void print(List<Operation> operations, Map<String, List<Figures>> figures, double loadBefore,
            double loadAfter) {
        System.out.printf("%nsmall requests: %s, %,d rows; medians of %d rounds of %d s per figure;"
                + " load average %.1f before, %.1f after, %d cores%n", Benchmark.TABLE, rows, rounds,
                MEASURED.toSeconds(), loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-26s %32s   %34s   %32s   %42s%n", "", "(a) in process, JDBC, 1 thread",
                "(b) HTTP JSON, 1 client", "(a) " + CLIENTS + " threads, " + SHORT_CONNECTIONS + " connections",
                "(b) HTTP, " + CLIENTS + " clients");
        System.out.printf("%-26s %7s %7s %8s %7s   %7s %7s %8s %9s   %7s %7s %8s %7s   %7s %7s %8s %7s %9s%n",
                "request", "p50 ms", "p99 ms", "req/s", "cpu ms", "p50 ms", "p99 ms", "req/s", "p50-(a)", "p50 ms",
                "p99 ms", "req/s", "cpu ms", "p50 ms", "p99 ms", "req/s", "cpu ms", "client ms");
        for (Operation operation : operations) {
            Figures a = Figures.median(figures.get("a " + operation.name()));
            Figures one = Figures.median(figures.get("1 " + operation.name()));
            Figures many = Figures.median(figures.get("n " + operation.name()));
            List<Figures> concurrent = figures.get("A " + operation.name());
            String threads = concurrent == null ? String.format("%32s", "(not run: writes by key)")
                    : Figures.median(concurrent).columns();
            System.out.printf("%-26s %7.2f %7.2f %,8.0f %7.3f   %7.2f %7.2f %,8.0f %+9.2f   %s   %7.2f %7.2f %,8.0f"
                    + " %7.3f %9.3f%n", operation.name(), a.p50(), a.p99(), a.perSecond(), a.cpuMillis(), one.p50(),
                    one.p99(), one.perSecond(), one.p50() - a.p50(), threads, many.p50(), many.p99(),
                    many.perSecond(), many.cpuMillis(), many.clientCpuMillis());
        }
        Figures floorOne = Figures.median(figures.get("1 " + HEALTH.name()));
        Figures floorMany = Figures.median(figures.get("n " + HEALTH.name()));
        System.out.printf("%-26s %34s   %7.2f %7.2f %,8.0f %9s   %32s   %7.2f %7.2f %,8.0f %7.3f %9.3f%n",
                HEALTH.name(), "(no database)", floorOne.p50(), floorOne.p99(), floorOne.perSecond(), "",
                "", floorMany.p50(), floorMany.p99(), floorMany.perSecond(), floorMany.cpuMillis(),
                floorMany.clientCpuMillis());
        System.out.println("p50-(a) = what HTTP, JSON and the server add to the database's own time, one client;"
                + "\n(b) latency = request written to body read; the clients share this process and its cores with"
                + " the server;\ncpu ms = this process's CPU time per request (DuckDB, server, clients, JIT and GC);"
                + " client ms = the clients' threads' alone;\n" + Runtime.getRuntime().availableProcessors()
                + " cores / cpu ms = the requests/s those cores would allow if this process had them to itself");
    }

    private static void printBulk(List<Map<String, Run>> rounds) {
        System.out.printf("%nbulk read with limit, offset and filters over HTTP (uncompressed Arrow), medians of %d"
                + " rounds%n%-44s %12s %10s %12s %8s%n", rounds.size(), "read", "rows", "rows/s", "cpu s/M rows",
                "ratio");
        double whole = 0;
        for (String name : rounds.getFirst().keySet()) {
            double perSecond = median(rounds, round -> round.get(name).rowsPerSecond());
            double cpu = median(rounds, round -> round.get(name).cpuNanos() / 1e9 / (round.get(name).rows() / 1e6));
            whole = whole == 0 ? perSecond : whole;
            System.out.printf("%-44s %,12d %,10.0f %12.2f %8.2f%n", name, rounds.getFirst().get(name).rows(),
                    perSecond, cpu, perSecond / whole);
        }
        System.out.println("ratio = rows/s relative to the whole table's; cpu = this whole process (DuckDB, server and"
                + " client)");
    }

    /** The median over the rounds of one figure. */
    private static <T> double median(List<T> rounds, ToDoubleFunction<T> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** Loads the demo rows if the table is empty, and samples the keys the requests use. */
    private List<Key> load(Path database) {
        try (DuckDbDatabase duckdb = open(database);
                ConnectionPool pool = new ConnectionPool("bench", duckdb.connectionFactory(),
                        new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO))) {
            new DuckDbTableManager(duckdb).ensureTables(List.of(schema), DeclaredSchemaCatalog.load(schemas)::origin);
            long started = System.nanoTime();
            long loaded = new DemoDataLoader(pool).loadIfEmpty(schema, Benchmark.demoRows(), rows);
            System.out.printf("small requests: loaded %,d rows in %.1f s%n", loaded,
                    (System.nanoTime() - started) / 1e9);
            List<Key> sampled = new ArrayList<>();
            try (var connection = pool.borrow(); Statement statement = connection.connection().createStatement();
                    ResultSet result = statement.executeQuery("SELECT field_code, well_code, production_period FROM "
                            + Benchmark.TABLE + " USING SAMPLE reservoir(" + SAMPLED_KEYS + " ROWS) REPEATABLE (7)")) {
                while (result.next()) {
                    sampled.add(new Key(result.getLong(1), result.getLong(2),
                            result.getObject(3, LocalDateTime.class)));
                }
            }
            return List.copyOf(sampled);
        } catch (SQLException e) {
            throw new IllegalStateException("sampling keys of " + database + ": " + e.getMessage(), e);
        }
    }

    private static DuckDbDatabase open(Path database) {
        return DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.of(database), Optional.empty(),
                Optional.empty()));
    }

    private Key key(ThreadLocalRandom random) {
        return keys.get(random.nextInt(keys.size()));
    }

    /**
     * A key of client number {@code client}'s share: every {@code clients}th sampled key, so that one client alone
     * writes across all of them, as the in-process loop does (DuckDB updates a row again faster than a new one).
     */
    private Key key(ThreadLocalRandom random, int client, int clients) {
        return keys.get(random.nextInt(keys.size() / clients) * clients + client);
    }

    private long offset(ThreadLocalRandom random) {
        return random.nextLong(rows - PAGE_ROWS);
    }

    private static double oil(ThreadLocalRandom random) {
        return Math.round(random.nextDouble(100) * 1000) / 1000.0;
    }

    private static PreparedStatement bindKey(PreparedStatement statement, int first, Key key) throws SQLException {
        statement.setLong(first, key.field());
        statement.setLong(first + 1, key.well());
        statement.setObject(first + 2, key.period());
        return statement;
    }

    /** A record of every column with a new key; the same values {@link #recordJson} sends. */
    private void bindRecord(PreparedStatement statement, long n, ThreadLocalRandom random) throws SQLException {
        Map<String, Object> values = recordValues(n, random);
        int i = 1;
        for (Column column : schema.columns()) {
            statement.setObject(i++, values.get(column.name().value()));
        }
    }

    private String recordJson(long n, ThreadLocalRandom random) {
        return recordValues(n, random).entrySet().stream()
                .map(e -> '"' + e.getKey() + "\":" + (e.getValue() instanceof Number ? e.getValue()
                        : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private Map<String, Object> recordValues(long n, ThreadLocalRandom random) {
        Map<String, Object> values = new LinkedHashMap<>();
        DoubleUnaryOperator rounded = x -> Math.round(x * 1000) / 1000.0;
        values.put("field_code", CREATED_FIELD_CODES + n);
        values.put("field_name", "Field " + (CREATED_FIELD_CODES + n));
        values.put("well_code", n);
        values.put("well_reference", "WR-" + n);
        values.put("well_name", "Well " + n);
        values.put("production_period", LocalDateTime.of(2030, 1, 1, 0, 0));
        values.put("days_on_production", 30L);
        values.put("oil_production_kbd", rounded.applyAsDouble(random.nextDouble(100)));
        values.put("gas_production_mmcfd", rounded.applyAsDouble(random.nextDouble(500)));
        values.put("liquids_production_kbd", rounded.applyAsDouble(random.nextDouble(20)));
        values.put("water_production_kbd", rounded.applyAsDouble(random.nextDouble(80)));
        values.put("data_source", "operator");
        values.put("source_data", "bench");
        values.put("partition_0", "2030");
        return values;
    }

    private static void readAll(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            int count = 0;
            while (result.next()) {
                for (int i = 1; i <= columns; i++) {
                    result.getObject(i);
                }
                count++;
            }
            if (count == 0) {
                throw new SQLException("no row");
            }
        }
    }

    private static String get(String host, String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n\r\n";
    }

    private static String send(String host, String method, String target, String json) {
        return method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }
}
