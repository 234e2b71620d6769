package com.dataforge.bootstrap;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.application.write.LoadFiles;
import com.dataforge.application.write.LoadFilesCommand;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableWriter;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbFileLoader;
import com.dataforge.infrastructure.duckdb.DuckDbFileWriter;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.BatchFileWriter;
import com.dataforge.infrastructure.duckdb.FileRows;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.TransferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * Straight into or out of the database file, opened as {@code serve} opens it (its schema files, memory limit and
 * threads; the tables created or evolved as at start-up), through the same use cases as the HTTP API, so an import
 * follows the rules of {@code POST /api/v1/arrow/bulk-insert} and an export's selection is parsed as a read's.
 */
final class DirectTransfer implements TransferMode {

    /** How DuckDB names the process holding the lock: {@code … is held in /usr/bin/java (PID 3800)}. */
    private static final Pattern HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    private final DataForge settings;

    DirectTransfer(DataForge settings) {
        this.settings = settings;
    }

    /**
     * Parquet, CSV and NDJSON files are loaded by DuckDB's own readers straight into the table ({@link LoadFiles});
     * a set with an Arrow IPC file in it is read as one Arrow stream ({@link FileRows}) and inserted as an upload
     * is ({@link BulkInsertFromArrow}). Either way one transaction covers every file.
     */
    @Override
    public TransferResult importFiles(BulkInsertCommand command, List<Path> files, ProgressMeter meter) {
        DeclaredSchemaCatalog catalog = Container.catalog(settings);
        TableSchema schema = catalog.require(command.schema());
        List<FileType> types = files.stream().map(FileType::ofInput).toList();
        long totalBytes = FileRows.totalBytes(files);
        AtomicReference<DuckDBConnection> loading = new AtomicReference<>();
        try (DuckDbDatabase database = open(() -> Container.database(settings));
                BufferAllocator allocator = new RootAllocator();
                ConnectionPool pool = new ConnectionPool("import", () -> {
                    DuckDBConnection connection = database.connectionFactory().open();
                    trackProgress(connection);
                    loading.set(connection);
                    return connection;
                }, new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO))) {
            new DuckDbTableManager(database).ensureTables(catalog.all(), catalog::origin);
            InsertOutcome outcome;
            if (types.stream().allMatch(type -> type.tableFormat().isPresent())) {
                meter.reading(() -> progressOf(loading.get()), totalBytes);
                List<DataFile> data = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    data.add(new DataFile(files.get(i).toAbsolutePath(), types.get(i).tableFormat().orElseThrow(),
                            "file '" + files.get(i) + "'", "file"));
                }
                outcome = new LoadFiles(catalog, new DuckDbFileLoader(pool, allocator), Long.MAX_VALUE)
                        .load(new LoadFilesCommand(command.schema(), data, command.onConflict()), RowScope.ALL);
            } else {
                try (FileRows rows = FileRows.open(schema, files, allocator, FileTransfer.BATCH_ROWS,
                        meter::addRows)) {
                    // DuckDB reports no progress through a streamed result: the rows read are the progress.
                    meter.reading(totalBytes);
                    outcome = new BulkInsertFromArrow(catalog, new DuckDbArrowTableWriter(pool, allocator),
                            Long.MAX_VALUE).insert(command, rows.reader(), RowScope.ALL);
                }
            }
            return new TransferResult(outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsIgnored(),
                    totalBytes, files.size());
        }
    }

    /**
     * Makes DuckDB keep count of a statement's progress on {@code connection}, for {@link #progressOf} to read from
     * another thread; it keeps none unless its progress bar is on, and prints none when printing is off.
     */
    private static void trackProgress(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET enable_progress_bar = true");
            statement.execute("SET enable_progress_bar_print = false");
        }
    }

    /** DuckDB's progress through the statement running on {@code connection}, asked from another thread. */
    private static QueryProgress progressOf(DuckDBConnection connection) {
        if (connection == null) {
            return null;
        }
        try (Statement probe = connection.createStatement()) {
            return probe.unwrap(DuckDBPreparedStatement.class).getQueryProgress();
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Parquet is written by DuckDB's {@code COPY} straight from the table; CSV and NDJSON by the API's text writers
     * from the selection's Arrow batches ({@link ExportSelection} both); Arrow IPC by our IPC writer from the bulk
     * read's batches. All take the selection as the API parses it.
     */
    @Override
    public long export(String schema, ExportQuery selection, FileType format, Path file, ProgressMeter meter) {
        DeclaredSchemaCatalog catalog = Container.catalog(settings);
        catalog.require(schema);
        Path databaseFile = settings.database.orElseThrow(() -> new TransferException("export reads a database"
                + " file; --db :memory: has no rows to export"));
        if (!Files.exists(databaseFile)) {
            throw new TransferException("database " + databaseFile + " does not exist; --db names the file serve"
                    + " uses");
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        selection.filters().forEach(filter -> filters.computeIfAbsent(ExportQuery.column(filter),
                name -> new ArrayList<>()).add(ExportQuery.condition(filter)));
        BulkReadQuery query = new BulkReadQuery(schema, selection.columns(), new SelectionParameters(filters,
                selection.order(), selection.limit(), selection.offset()), FileTransfer.BATCH_ROWS);
        try (DuckDbDatabase database = open(() -> DuckDbDatabase.openReadOnly(databaseFile));
                BufferAllocator allocator = new RootAllocator();
                ConnectionPool pool = new ConnectionPool("export", database.connectionFactory(),
                        new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO))) {
            DuckDbArrowTableReader reader = new DuckDbArrowTableReader(pool, allocator, settings.maxBytesPerRead);
            if (format.tableFormat().isPresent()) {
                long rows = new ExportSelection(catalog, new DuckDbFileWriter(pool, reader), settings.selectionLimits)
                        .export(query, new DataFile(file, format.tableFormat().get()), Long.MAX_VALUE, RowScope.ALL);
                meter.addRows(rows);
                return rows;
            }
            BulkReadToArrow read = new BulkReadToArrow(catalog, reader, settings.selectionLimits);
            try (ArrowBatches batches = read.read(query, RowScope.ALL)) {
                return BatchFileWriter.write(batches, format, file, allocator, meter::addRows);
            }
        }
    }

    /**
     * DuckDB's insert cannot be stopped from another thread (its JDBC driver interrupts only the statement that calls
     * it), but it needs not be: a process that ends before DuckDB commits leaves nothing of the transaction behind.
     */
    @Override
    public Optional<String> cancel() {
        return Optional.of("interrupted: ending now; DuckDB keeps nothing it had not committed, so the table is as"
                + " it was unless the import had already finished");
    }

    /** Opens the database; a file a running server holds is refused with the way round it. */
    private static DuckDbDatabase open(java.util.function.Supplier<DuckDbDatabase> opening) {
        try {
            return opening.get();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                Matcher pid = HOLDER.matcher(e.getMessage());
                throw new TransferException("the database file is locked by another process"
                        + (pid.find() ? " (PID " + pid.group(1) + ")" : "") + ", most likely a running Data Forge"
                        + " server: go through it with --url http://HOST:PORT (and --key KEY if it asks for API"
                        + " keys), or stop it first", e);
            }
            throw e;
        }
    }
}
