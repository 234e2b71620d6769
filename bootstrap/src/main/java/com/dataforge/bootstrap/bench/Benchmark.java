package com.dataforge.bootstrap.bench;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.catalog.FileSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * {@code dataforge bench}: loads N rows of demo well_production, then measures in one run the in-process DuckDB →
 * Arrow export (the ceiling) and the same table through the HTTP endpoint read fully by an Arrow client, and prints
 * their ratio. Figures are medians of several runs after a warm-up, since these machines are shared and noisy.
 */
public final class Benchmark {

    private static final String TABLE = DemoDataLoader.SCHEMA;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long rows;
    private final int runs;
    private final int batchRows;
    private final Path schemas;

    private Benchmark(long rows, int runs, int batchRows, Path schemas) {
        this.rows = rows;
        this.runs = runs;
        this.batchRows = batchRows;
        this.schemas = schemas;
    }

    public static void main(String[] args) {
        long rows = 5_000_000;
        int runs = 3;
        int batchRows = BulkReadQuery.DEFAULT_BATCH_ROWS;
        Path schemas = Path.of("schemas");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--batch-rows" -> batchRows = Integer.parseInt(args[++i]);
                case "--schemas" -> schemas = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: dataforge bench [--rows N (default 5000000)] [--runs N (default 3)]"
                            + " [--batch-rows N (default " + BulkReadQuery.DEFAULT_BATCH_ROWS + ")] [--schemas DIR]");
                    System.exit(2);
                }
            }
        }
        // One log line per request would interleave with the table of figures.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dataforge.request"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try {
            new Benchmark(rows, runs, batchRows, schemas).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() throws IOException {
        Path directory = Files.createTempDirectory("dataforge-bench");
        Path database = directory.resolve("bench.duckdb");
        System.out.printf("Data Forge bulk-read benchmark: %,d rows of %s, batches of %,d rows, median of %d runs,"
                + " max heap %d MiB, %d cores%n", rows, TABLE, batchRows, runs,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.println("client: raw HTTP/1.1 socket + Arrow ArrowStreamReader");
        try {
            List<Result> results = new ArrayList<>(inProcess(database));
            results.addAll(overHttp(database));
            print(results);
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** (a) DuckDB → Arrow export into a null sink, and the same export written as IPC to a counting null sink. */
    private List<Result> inProcess(Path file) {
        TableSchema schema = FileSchemaCatalog.load(schemas).find(new Identifier(TABLE)).orElseThrow(
                () -> new IllegalStateException("no " + TABLE + " schema in " + schemas));
        try (DuckDbDatabase database = DuckDbDatabase.open(
                        new DuckDbDatabase.Settings(Optional.of(file), Optional.empty(), Optional.empty()));
                ConnectionPool pool = new ConnectionPool("bench", database.connectionFactory(),
                        new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO));
                BufferAllocator allocator = new RootAllocator()) {
            new DuckDbTableManager(database).ensureTables(List.of(schema));
            long started = System.nanoTime();
            long loaded = new DemoDataLoader(pool).loadIfEmpty(schema, rows);
            System.out.printf("loaded %,d rows in %.1f s%n", loaded, (System.nanoTime() - started) / 1e9);
            DuckDbArrowTableReader reader = new DuckDbArrowTableReader(pool, allocator, Long.MAX_VALUE);
            TableRead read = new TableRead(schema, schema.columns(), batchRows);
            List<Result> results = new ArrayList<>();
            results.add(measure("(a) in-process export, null sink", () -> export(reader, read, null)));
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                results.add(measure("    in-process export + IPC " + compression.name().toLowerCase(),
                        () -> export(reader, read, compression)));
            }
            return results;
        }
    }

    private static Run export(DuckDbArrowTableReader reader, TableRead read, IpcCompression compression) {
        long started = System.nanoTime();
        long firstBatch = -1;
        long count = 0;
        CountingSink sink = new CountingSink();
        try (ArrowBatches batches = reader.open(read);
                ArrowIpcStreamWriter writer = compression == null ? null
                        : new ArrowIpcStreamWriter(batches.root(), sink, compression)) {
            if (writer != null) {
                writer.start();
            }
            while (batches.next()) {
                if (firstBatch < 0) {
                    firstBatch = System.nanoTime() - started;
                }
                count += batches.root().getRowCount();
                if (writer != null) {
                    writer.writeBatch();
                }
            }
            if (writer != null) {
                writer.end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Run(count, sink.bytes, System.nanoTime() - started, firstBatch);
    }

    /**
     * (b) The same table over HTTP, read fully by Arrow's stream reader. The client is a bare socket
     * ({@link ChunkedBodyChannel}) because it shares this process's cores with the server it measures:
     * with java.net.http the figure came out a fifth lower, with HttpURLConnection four fifths lower.
     */
    private List<Result> overHttp(Path database) {
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                .demoRows(0).start();
                BufferAllocator allocator = new RootAllocator()) {
            List<Result> results = new ArrayList<>();
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                URI uri = server.baseUri().resolve("/api/v1/arrow/bulk-read/" + TABLE + "?compression="
                        + compression.name().toLowerCase() + "&batch_rows=" + batchRows);
                results.add(measure("(b) HTTP, Arrow client, " + compression.name().toLowerCase(),
                        () -> fetch(uri, allocator)));
            }
            return results;
        }
    }

    private static Run fetch(URI uri, BufferAllocator allocator) {
        long started = System.nanoTime();
        long firstBatch = -1;
        long count = 0;
        try (ChunkedBodyChannel body = ChunkedBodyChannel.get(uri);
                ArrowStreamReader reader = new ArrowStreamReader(body, allocator, ArrowCompressionFactory.INSTANCE)) {
            while (reader.loadNextBatch()) {
                if (firstBatch < 0) {
                    firstBatch = System.nanoTime() - started;
                }
                count += reader.getVectorSchemaRoot().getRowCount();
            }
            // Arrow stops reading at its end-of-stream marker; only the end of the HTTP body after it shows that the
            // server finished the response instead of aborting it.
            if (body.read(ByteBuffer.allocate(1)) != -1) {
                throw new IOException(uri + " sent bytes after the Arrow end-of-stream marker");
            }
            return new Run(count, reader.bytesRead(), System.nanoTime() - started, firstBatch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result measure(String name, Supplier<Run> once) {
        once.get();
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long cpuBefore = PROCESS.getProcessCpuTime();
            Run run = once.get().withCpu(PROCESS.getProcessCpuTime() - cpuBefore);
            if (run.rows() != rows) {
                throw new IllegalStateException(name + " read " + run.rows() + " rows, expected " + rows);
            }
            measured.add(run);
        }
        measured.sort(Comparator.comparingLong(Run::nanos));
        return new Result(name, measured.get(measured.size() / 2));
    }

    private void print(List<Result> results) {
        double baseline = results.getFirst().run().rowsPerSecond();
        System.out.printf("%n%-40s %12s %10s %10s %14s %8s %8s%n", "path", "rows/s", "MB/s", "MB", "first batch ms",
                "cpu s", "ratio");
        for (Result result : results) {
            Run run = result.run();
            System.out.printf("%-40s %,12.0f %10s %10s %14.1f %8.2f %8.2f%n", result.name(), run.rowsPerSecond(),
                    run.bytes() == 0 ? "-" : String.format("%.0f", run.bytes() / 1e6 / (run.nanos() / 1e9)),
                    run.bytes() == 0 ? "-" : String.format("%.0f", run.bytes() / 1e6), run.firstBatchNanos() / 1e6,
                    run.cpuNanos() / 1e9, run.rowsPerSecond() / baseline);
        }
        System.out.println("\nratio = rows/s relative to (a), the in-process export into a null sink;"
                + " cpu s = CPU time of this whole process (DuckDB, server and client) during the run");
    }

    private record Run(long rows, long bytes, long nanos, long firstBatchNanos, long cpuNanos) {
        Run(long rows, long bytes, long nanos, long firstBatchNanos) {
            this(rows, bytes, nanos, firstBatchNanos, 0);
        }

        Run withCpu(long cpu) {
            return new Run(rows, bytes, nanos, firstBatchNanos, cpu);
        }

        double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }
    }

    private record Result(String name, Run run) {
    }

    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
