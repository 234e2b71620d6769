package com.dataforge.bench;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.bench.Measurements.Result;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.JvmWideSettings;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DemoDataLoader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code dataforge bench}: loads N rows of demo well_production, then measures in one run, each against its
 * in-process ceiling, the bulk read (DuckDB → Arrow → HTTP client) and the bulk insert (Arrow IPC upload → HTTP →
 * DuckDB), and prints the ratios; then reads M rows (1,000,000 unless {@code --format-rows}) over HTTP as Arrow,
 * NDJSON, JSON and CSV, and times single-record GETs by key from concurrent clients on those rows.
 * Then posts 200,000 records as one JSON array, against the same rows as an Arrow bulk insert, and reads the N rows
 * over HTTPS against plain HTTP. The read section also shows the JDK HTTP server's own ceiling; {@code readers} reads
 * 1,000,000-row windows with 1, 4, 16 and 32 concurrent readers. {@code --only read|readers|insert|formats|records|
 * create|small|tls} runs one section.
 */
public final class Benchmark {

    static final String TABLE = "well_production";
    private static final String USAGE = "usage: dataforge bench [--rows N (default 5000000)] [--runs N (default 3)]"
            + " [--batch-rows N (default " + BulkReadQuery.DEFAULT_BATCH_ROWS + ")] [--schemas DIR]"
            + " [--format-rows N (default 1000000)]"
            + " [--only read|readers|insert|formats|records|create|small|tls|import]";
    private static final int RECORD_REQUESTS_PER_CLIENT = 500;

    enum Section { READ, READERS, INSERT, FORMATS, RECORDS, CREATE, SMALL, TLS, IMPORT }

    private final long rows;
    private final int runs;
    private final int batchRows;
    private final Path schemas;
    private final Set<Section> sections;
    private final long formatRows;

    private Benchmark(long rows, int runs, int batchRows, Path schemas, Set<Section> sections, long formatRows) {
        this.rows = rows;
        this.formatRows = formatRows;
        this.runs = runs;
        this.batchRows = batchRows;
        this.schemas = schemas;
        this.sections = sections;
    }

    public static void main(String[] args) {
        long rows = 5_000_000;
        int runs = 3;
        int batchRows = BulkReadQuery.DEFAULT_BATCH_ROWS;
        Path schemas = Path.of("schemas");
        Set<Section> sections = EnumSet.allOf(Section.class);
        long formatRows = 1_000_000;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--batch-rows" -> batchRows = Integer.parseInt(args[++i]);
                    case "--schemas" -> schemas = Path.of(args[++i]);
                    case "--format-rows" -> formatRows = Long.parseLong(args[++i]);
                    case "--only" -> sections = EnumSet.of(Section.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println(USAGE);
            System.exit(2);
        }
        // The benchmark owns its JVM, and its servers should run as the service's do.
        JvmWideSettings.apply(Map.of(), DataForge.builder());
        try {
            new Benchmark(rows, runs, batchRows, schemas, sections, formatRows).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() throws IOException {
        Path directory = Files.createTempDirectory("dataforge-bench");
        System.out.printf("Data Forge benchmark: %,d rows of %s, batches of %,d rows, median of %d runs,"
                + " max heap %d MiB, %d cores%n", rows, TABLE, batchRows, runs,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.println("client: raw HTTP/1.1 socket (reads: Arrow ArrowStreamReader; uploads: file sent with"
                + " sendfile)");
        try {
            DeclaredSchemaCatalog catalog = DeclaredSchemaCatalog.load(schemas);
            TableSchema schema = catalog.find(new Identifier(TABLE)).orElseThrow(
                    () -> new IllegalStateException("no " + TABLE + " schema in " + schemas));
            Measurements measurements = new Measurements(rows, runs);
            BulkReadBenchmark read = new BulkReadBenchmark(measurements, schemas, batchRows);
            BulkInsertBenchmark insert = new BulkInsertBenchmark(measurements, schema, schemas, directory);
            Path source = directory.resolve("bench.duckdb");
            List<Result> readResults = new ArrayList<>();
            Map<IpcCompression, Path> uploads = Map.of();
            // The formats section loads a database of its own, with its own row count.
            if (sections.contains(Section.READ) || sections.contains(Section.READERS)
                    || sections.contains(Section.INSERT) || sections.contains(Section.TLS)
                    || sections.contains(Section.IMPORT)) {
                try (DuckDbDatabase database = DuckDbDatabase.open(
                                new DuckDbDatabase.Settings(Optional.of(source), Optional.empty(), Optional.empty()));
                        ConnectionPool pool = new ConnectionPool("bench", database.connectionFactory(),
                                new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO));
                        BufferAllocator allocator = new RootAllocator()) {
                    new DuckDbTableManager(database).ensureTables(List.of(schema), catalog::origin);
                    long started = System.nanoTime();
                    long loaded = new DemoDataLoader(pool).loadIfEmpty(schema, demoRows(), rows);
                    System.out.printf("loaded %,d rows in %.1f s%n", loaded, (System.nanoTime() - started) / 1e9);
                    DuckDbArrowTableReader reader = new DuckDbArrowTableReader(pool, allocator, Long.MAX_VALUE);
                    TableRead tableRead = new TableRead(schema, schema.columns(), batchRows);
                    if (sections.contains(Section.INSERT)) {
                        uploads = insert.prepare(reader, tableRead);
                    }
                    if (sections.contains(Section.READ)) {
                        readResults.addAll(read.run(database, reader, tableRead));
                    }
                }
            }
            if (sections.contains(Section.READ)) {
                Measurements.print(BulkReadBenchmark.TITLE, readResults, BulkReadBenchmark.FOOTNOTE);
                BulkReadBenchmark.printCeilings(readResults, rows);
            }
            if (sections.contains(Section.READERS)) {
                // A server of the standalone kind, with its defaults, on the file the in-process database has closed.
                read.concurrency(source, rows);
            }
            if (sections.contains(Section.INSERT)) {
                Measurements.print(BulkInsertBenchmark.TITLE, insert.run(uploads), BulkInsertBenchmark.FOOTNOTE);
            }
            if (sections.contains(Section.FORMATS)) {
                List<Result> formats = new FormatsBenchmark(new Measurements(formatRows, runs), schemas, batchRows,
                        formatRows).run(directory.resolve("formats.duckdb"));
                Measurements.print(FormatsBenchmark.TITLE + String.format(", %,d rows", formatRows), formats,
                        FormatsBenchmark.footnote(formats));
            }
            if (sections.contains(Section.RECORDS)) {
                new RecordLatencyBenchmark(schemas, RECORD_REQUESTS_PER_CLIENT)
                        .run(directory.resolve("formats.duckdb"), formatRows);
            }
            if (sections.contains(Section.SMALL)) {
                new SmallRequestsBenchmark(schemas, schema, rows, runs).run(directory.resolve("small.duckdb"));
            }
            if (sections.contains(Section.CREATE)) {
                Measurements.print(RecordCreateBenchmark.TITLE,
                        new RecordCreateBenchmark(schemas, directory, runs).run(), RecordCreateBenchmark.FOOTNOTE);
            }
            if (sections.contains(Section.IMPORT)) {
                FileImportBenchmark imports = new FileImportBenchmark(measurements, schema, schemas, directory);
                Path parquet = imports.prepare(source);
                Measurements.print(FileImportBenchmark.TITLE, imports.run(parquet), FileImportBenchmark.FOOTNOTE);
            }
            if (sections.contains(Section.TLS)) {
                List<Result> tls = new TlsReadBenchmark(measurements, schemas, batchRows).run(source, directory);
                Measurements.print(TlsReadBenchmark.TITLE, tls, TlsReadBenchmark.footnote(tls));
            }
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@link #TABLE}'s demo rows, declared beside its schema ({@code schemas/well_production.demo.sql}). */
    static String demoRows() {
        try (InputStream in = Benchmark.class.getResourceAsStream(TABLE + ".demo.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
