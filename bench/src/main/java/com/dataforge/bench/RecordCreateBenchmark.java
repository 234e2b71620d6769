package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Run;
import com.dataforge.bench.Measurements.Stopwatch;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The record-create section: one JSON array of {@value #RECORDS} well_production records (key fields only, so that
 * the body stays under the 16 MiB default of {@code --max-record-body-bytes}) posted to
 * {@code /api/v1/records/well_production}, against the same rows posted as an Arrow IPC stream to bulk-insert. Every
 * run gets a fresh database file and server, neither timed.
 */
final class RecordCreateBenchmark {

    static final int RECORDS = 200_000;
    static final String TITLE = String.format("record create: %,d records → empty keyed well_production over HTTP,"
            + " one transaction", RECORDS);
    static final String FOOTNOTE = "ratio = rows/s relative to (a), the same rows as an Arrow IPC bulk insert;"
            + " MB = request body;\ncpu s = CPU time of this whole process (DuckDB, server and client) during the run";

    private final Measurements measurements;
    private final Path schemas;
    private final Path directory;
    private final ScratchDatabases databases;

    /** @param directory holds the request bodies and each run's database file */
    RecordCreateBenchmark(Path schemas, Path directory, int runs) {
        this.measurements = new Measurements(RECORDS, runs);
        this.schemas = schemas;
        this.directory = directory;
        this.databases = new ScratchDatabases(directory, "records");
    }

    List<Result> run() throws IOException {
        Path json = writeRecords(directory.resolve("records.json"));
        Path arrow = directory.resolve("records.arrows");
        // The same rows as Arrow: created once through the endpoint measured, then read back.
        Path file = databases.next();
        try (DataForgeServer server = server(file)) {
            post(server, "/api/v1/records/" + Benchmark.TABLE, "application/json", json, 201);
            try (FileChannel out = FileChannel.open(arrow, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ChunkedBodyChannel body = ChunkedBodyChannel.get(
                            server.baseUri().resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE))) {
                out.transferFrom(body, 0, Long.MAX_VALUE);
            }
        } finally {
            ScratchDatabases.delete(file);
        }
        return measurements.measure(List.of(
                new Trial("(a) POST bulk-insert, Arrow IPC", () -> timed("/api/v1/arrow/bulk-insert/"
                        + Benchmark.TABLE, "application/vnd.apache.arrow.stream", arrow, 200)),
                new Trial("(b) POST records, JSON array", () -> timed("/api/v1/records/" + Benchmark.TABLE,
                        "application/json", json, 201))));
    }

    private Run timed(String path, String contentType, Path body, int status) throws IOException {
        Path file = databases.next();
        try (DataForgeServer server = server(file)) {
            Stopwatch stopwatch = new Stopwatch();
            long rows = post(server, path, contentType, body, status);
            return stopwatch.stop(rows, Files.size(body));
        } finally {
            ScratchDatabases.delete(file);
        }
    }

    private DataForgeServer server(Path database) {
        return DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0).start();
    }

    private static long post(DataForgeServer server, String path, String contentType, Path body, int status)
            throws IOException {
        URI uri = server.baseUri().resolve(path);
        return BulkInsertBenchmark.rowsInserted(FileUpload.post(uri, contentType, body, status));
    }

    /** Distinct keys: 1,000 wells in each of 200 fields. */
    private static Path writeRecords(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write('[');
            for (int i = 0; i < RECORDS; i++) {
                out.write((i == 0 ? "" : ",") + "{\"field_code\":" + i / 1000 + ",\"well_code\":" + i % 1000
                        + ",\"production_period\":\"2024-01-01T00:00:00\"}");
            }
            out.write(']');
        }
        System.out.printf("record body: %,d records, %.1f MB%n", RECORDS, Files.size(file) / 1e6);
        return file;
    }
}
