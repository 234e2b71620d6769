package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Run;
import com.dataforge.bench.Measurements.Stopwatch;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBConnection;

/**
 * The bulk-insert section: the table exported once as IPC stream files, then inserted into an empty keyed table in
 * process (INSERT … SELECT from the file registered as an Arrow stream, the ceiling) and through the HTTP endpoint.
 * Every run gets a fresh database file, so each one builds the primary-key index from nothing; opening it, and
 * starting the server, are not timed.
 */
final class BulkInsertBenchmark {

    static final String TITLE = "bulk insert: Arrow IPC → empty keyed DuckDB table, one transaction";
    static final String FOOTNOTE = "ratio = rows/s relative to (a), INSERT … SELECT from the uncompressed file"
            + " registered as an Arrow stream;\nMB = IPC bytes (over HTTP: the request body); cpu s = CPU time of this"
            + " whole process (DuckDB, server and client) during the run;\nspread = (slowest - fastest) / median wall"
            + " time of the runs; every run inserts into a new database file; opening it and starting the server"
            + " are not timed";
    private static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    /** A key whose row filter on the three key columns every demo row meets: a bound on each. */
    private static final String ROW_FILTER_KEY = "bench-row-filter-key-0123456789abcdef";
    private static final String ROW_FILTER_KEY_FILE = "{\"keys\": [{\"name\": \"bench\", \"sha256\": \""
            + sha256(ROW_FILTER_KEY) + "\", \"permissions\": {\"" + Benchmark.TABLE + "\": {\"access\": \"write\","
            + " \"rows\": \"field_code=gte.1&well_code=gte.1&production_period=gte.1900-01-01T00:00\"}}}]}";
    private static final Pattern ROWS_INSERTED = Pattern.compile("\"rows_inserted\"\\s*:\\s*(\\d+)");

    private final Measurements measurements;
    private final TableSchema schema;
    private final Path schemas;
    private final Path directory;
    private final ScratchDatabases databases;

    /**
     * @param directory holds the upload files and each run's database file
     */
    BulkInsertBenchmark(Measurements measurements, TableSchema schema, Path schemas, Path directory) {
        this.measurements = measurements;
        this.schema = schema;
        this.schemas = schemas;
        this.directory = directory;
        this.databases = new ScratchDatabases(directory, "insert");
    }

    /**
     * Writes the table as one IPC stream file per compression, as a client would upload it: the uploads are made
     * once, so that the runs measure the insert and not the making of its input.
     */
    Map<IpcCompression, Path> prepare(DuckDbArrowTableReader reader, TableRead read) throws IOException {
        Map<IpcCompression, Path> uploads = new EnumMap<>(IpcCompression.class);
        for (IpcCompression compression : compressions()) {
            Path file = directory.resolve("upload-" + BulkReadBenchmark.name(compression) + ".arrows");
            Run written;
            try (OutputStream out = Files.newOutputStream(file)) {
                written = BulkReadBenchmark.export(reader, read, compression, out);
            }
            System.out.printf("upload file %s: %,d rows, %.0f MB, written in %.1f s%n", file.getFileName(),
                    written.rows(), written.bytes() / 1e6, written.nanos() / 1e9);
            uploads.put(compression, file);
        }
        return uploads;
    }

    List<Result> run(Map<IpcCompression, Path> uploads) {
        List<Trial> trials = new ArrayList<>();
        for (IpcCompression compression : compressions()) {
            trials.add(new Trial((compression == IpcCompression.NONE ? "(a)" : "   ") + " in-process INSERT, IPC "
                    + BulkReadBenchmark.name(compression), () -> inProcess(uploads.get(compression))));
        }
        for (IpcCompression compression : compressions()) {
            trials.add(new Trial("(b) HTTP POST, IPC " + BulkReadBenchmark.name(compression),
                    () -> overHttp(uploads.get(compression), false)));
        }
        trials.add(new Trial("(c) HTTP POST, IPC none, key with row filter",
                () -> overHttp(uploads.get(IpcCompression.NONE), true)));
        return measurements.measure(trials);
    }

    private static List<IpcCompression> compressions() {
        return List.of(IpcCompression.NONE, IpcCompression.ZSTD);
    }

    /** (a) The file read by Arrow's stream reader, registered with DuckDB and inserted in one transaction. */
    private Run inProcess(Path upload) throws IOException, SQLException {
        Path file = databases.next();
        try (DuckDbDatabase database = DuckDbDatabase.open(
                        new DuckDbDatabase.Settings(Optional.of(file), Optional.empty(), Optional.empty()));
                BufferAllocator allocator = new RootAllocator()) {
            new DuckDbTableManager(database).ensureTables(List.of(schema), DeclaredSchemaCatalog.load(schemas)::origin);
            Run run;
            try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
                    DuckDBConnection connection = database.connectionFactory().open();
                    Statement statement = connection.createStatement()) {
                Stopwatch stopwatch = new Stopwatch();
                // The exported stream owns the reader from here on and closes it when DuckDB releases it.
                ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(upload), allocator,
                        ArrowCompressionFactory.INSTANCE);
                Data.exportArrayStream(allocator, reader, stream);
                connection.setAutoCommit(false);
                connection.registerArrowStream("upload", stream);
                long inserted = statement.executeUpdate("INSERT INTO " + Benchmark.TABLE + " SELECT * FROM upload");
                connection.commit();
                run = stopwatch.stop(inserted, reader.bytesRead());
                if (count(statement) != inserted) {
                    throw new IllegalStateException("INSERT reported " + inserted + " rows, the table has "
                            + count(statement));
                }
            }
            return run;
        } finally {
            ScratchDatabases.delete(file);
        }
    }

    /**
     * (b) The file posted to a server that serves a fresh, empty database; (c) the same by a key whose row filter
     * every row meets, so that each row is checked against it as it goes in.
     */
    private Run overHttp(Path upload, boolean rowFilter) throws IOException {
        Path file = databases.next();
        DataForge settings = DataForge.builder().port(0).schemas(schemas).database(file).demoRows(0);
        if (rowFilter) {
            settings.keyFile(Files.writeString(directory.resolve("keys.json"), ROW_FILTER_KEY_FILE));
        }
        try (DataForgeServer server = settings.start()) {
            URI uri = server.baseUri().resolve("/api/v1/arrow/bulk-insert/" + Benchmark.TABLE + "?on_conflict=error");
            Stopwatch stopwatch = new Stopwatch();
            String response = rowFilter ? FileUpload.post(uri, ARROW_STREAM, upload, 200, "X-API-Key", ROW_FILTER_KEY)
                    : FileUpload.post(uri, ARROW_STREAM, upload);
            return stopwatch.stop(rowsInserted(response), Files.size(upload));
        } finally {
            ScratchDatabases.delete(file);
        }
    }

    static long rowsInserted(String response) throws IOException {
        Matcher matcher = ROWS_INSERTED.matcher(response);
        if (!matcher.find()) {
            throw new IOException("the response has no rows_inserted: " + response);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static long count(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + Benchmark.TABLE)) {
            result.next();
            return result.getLong(1);
        }
    }
}
