package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Run;
import com.dataforge.bench.Measurements.Stopwatch;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.ExportQuery;
import com.dataforge.bootstrap.FileTransfer;
import com.dataforge.bootstrap.TransferResult;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * The file-import section: the table exported once as Parquet (by {@code export}'s direct path), then imported into
 * an empty keyed table by DuckDB's own {@code INSERT INTO … SELECT * FROM read_parquet(…)} (the ceiling), by
 * {@code import} straight into the database file, and by {@code import --url} through a running server, which reads
 * the file with an in-memory DuckDB and streams it as Arrow IPC. Every run gets a fresh database file; starting the
 * server is not timed, opening the file is part of the direct import as a user runs it.
 */
final class FileImportBenchmark {

    static final String TITLE = "file import: Parquet → empty keyed DuckDB table, one transaction";
    static final String FOOTNOTE = "ratio = rows/s relative to (a), DuckDB's INSERT INTO … SELECT * FROM"
            + " read_parquet(…) in process;\nMB = the Parquet file; cpu s = CPU time of this whole process (DuckDB,"
            + " server and client); every run inserts into a new database file";

    private final Measurements measurements;
    private final TableSchema schema;
    private final Path schemas;
    private final Path directory;
    private final ScratchDatabases databases;

    FileImportBenchmark(Measurements measurements, TableSchema schema, Path schemas, Path directory) {
        this.measurements = measurements;
        this.schema = schema;
        this.schemas = schemas;
        this.directory = directory;
        this.databases = new ScratchDatabases(directory, "import");
    }

    /** The table of {@code source} written as Parquet by export's direct path, timed once. */
    Path prepare(Path source) {
        Path parquet = directory.resolve(Benchmark.TABLE + ".parquet");
        long started = System.nanoTime();
        TransferResult written = FileTransfer.direct(DataForge.builder().schemas(schemas).database(source))
                .exportTo(Benchmark.TABLE, ExportQuery.ALL, parquet, true);
        System.out.printf("export to %s: %,d rows, %.0f MB, written in %.1f s%n", parquet.getFileName(),
                written.rows(), written.bytes() / 1e6, (System.nanoTime() - started) / 1e9);
        return parquet;
    }

    List<Result> run(Path parquet) {
        return measurements.measure(List.of(
                new Trial("(a) DuckDB INSERT … SELECT read_parquet", () -> duckDb(parquet)),
                new Trial("(b) dataforge import (direct)", () -> direct(parquet)),
                new Trial("(c) dataforge import --url (server)", () -> throughServer(parquet))));
    }

    private Run duckDb(Path parquet) throws Exception {
        Path file = databases.next();
        try (DuckDbDatabase database = DuckDbDatabase.open(
                        new DuckDbDatabase.Settings(Optional.of(file), Optional.empty(), Optional.empty()));
                DuckDBConnection connection = database.connectionFactory().open()) {
            new DuckDbTableManager(database).ensureTables(List.of(schema), DeclaredSchemaCatalog.load(schemas)::origin);
            Stopwatch stopwatch = new Stopwatch();
            connection.setAutoCommit(false);
            long inserted;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Benchmark.TABLE
                    + " SELECT * FROM read_parquet(?)")) {
                insert.setString(1, parquet.toString());
                inserted = insert.executeLargeUpdate();
            }
            connection.commit();
            return stopwatch.stop(inserted, Files.size(parquet));
        } finally {
            ScratchDatabases.delete(file);
        }
    }

    private Run direct(Path parquet) throws Exception {
        Path file = databases.next();
        try {
            Stopwatch stopwatch = new Stopwatch();
            TransferResult result = FileTransfer.direct(DataForge.builder().schemas(schemas).database(file)
                    .demoRows(0)).importFiles(Benchmark.TABLE, List.of(parquet.toString()), "error");
            return stopwatch.stop(result.rows(), Files.size(parquet));
        } finally {
            ScratchDatabases.delete(file);
        }
    }

    private Run throughServer(Path parquet) throws Exception {
        Path file = databases.next();
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(file).demoRows(0)
                .start()) {
            Stopwatch stopwatch = new Stopwatch();
            TransferResult result = FileTransfer.remote(server.baseUri(), Optional.empty(), Optional.empty())
                    .importFiles(Benchmark.TABLE, List.of(parquet.toString()), "error");
            return stopwatch.stop(result.rows(), Files.size(parquet));
        } finally {
            ScratchDatabases.delete(file);
        }
    }
}
