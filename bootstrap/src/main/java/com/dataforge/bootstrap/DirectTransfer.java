package com.dataforge.bootstrap;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableWriter;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.FileExport;
import com.dataforge.infrastructure.duckdb.FileRows;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.transfer.FileFormat;
import com.dataforge.infrastructure.transfer.TransferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Straight into or out of the database file, opened as {@code serve} opens it (its schema files, memory limit and
 * threads; the tables created or evolved as at start-up). An import goes through the bulk-insert use case, so it
 * follows exactly the rules of {@code POST /api/v1/arrow/bulk-insert}; an export through the bulk-read use case, so
 * its selection is parsed as the API parses it.
 */
final class DirectTransfer implements TransferMode {

    /** How DuckDB names the process holding the lock: {@code … is held in /usr/bin/java (PID 3800)}. */
    private static final Pattern HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    private final DataForge settings;
    private volatile FileRows reading;

    DirectTransfer(DataForge settings) {
        this.settings = settings;
    }

    @Override
    public TransferResult importFiles(BulkInsertCommand command, List<Path> files, ProgressMeter meter) {
        DeclaredSchemaCatalog catalog = Container.catalog(settings);
        catalog.require(command.schema());
        try (DuckDbDatabase database = open(() -> Container.database(settings));
                BufferAllocator allocator = new RootAllocator();
                ConnectionPool pool = pool(database)) {
            new DuckDbTableManager(database).ensureTables(catalog.all(), catalog::origin);
            try (FileRows rows = FileRows.open(catalog.require(command.schema()), files, allocator,
                    FileTransfer.BATCH_ROWS)) {
                reading = rows;
                meter.reading(rows);
                InsertOutcome outcome = new BulkInsertFromArrow(catalog, new DuckDbArrowTableWriter(pool, allocator),
                        Long.MAX_VALUE).insert(command, rows.reader(), RowScope.ALL);
                return new TransferResult(outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsIgnored(),
                        rows.totalBytes());
            } finally {
                reading = null;
            }
        }
    }

    @Override
    public long export(String schema, ExportSelection selection, FileFormat format, Path file, ProgressMeter meter) {
        DeclaredSchemaCatalog catalog = Container.catalog(settings);
        catalog.require(schema);
        Path databaseFile = settings.database.orElseThrow(() -> new TransferException("export reads a database"
                + " file; --db :memory: has no rows to export"));
        if (!Files.exists(databaseFile)) {
            throw new TransferException("database " + databaseFile + " does not exist; --db names the file serve"
                    + " uses");
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        selection.filters().forEach(filter -> filters.computeIfAbsent(ExportSelection.column(filter),
                name -> new ArrayList<>()).add(ExportSelection.condition(filter)));
        BulkReadQuery query = new BulkReadQuery(schema, selection.columns(), new SelectionParameters(filters,
                selection.order(), selection.limit(), java.util.Optional.empty()), FileTransfer.BATCH_ROWS);
        try (DuckDbDatabase database = open(() -> DuckDbDatabase.openReadOnly(databaseFile));
                BufferAllocator allocator = new RootAllocator();
                ConnectionPool pool = pool(database)) {
            BulkReadToArrow read = new BulkReadToArrow(catalog, new DuckDbArrowTableReader(pool, allocator,
                    settings.maxBytesPerRead), settings.selectionLimits);
            try (ArrowBatches batches = read.read(query, RowScope.ALL)) {
                return FileExport.write(batches, format, file, allocator, meter::addRows);
            }
        }
    }

    @Override
    public void cancel() {
        FileRows rows = reading;
        if (rows != null) {
            rows.cancel();
        }
    }

    private static ConnectionPool pool(DuckDbDatabase database) {
        return new ConnectionPool("transfer", database.connectionFactory(),
                new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO));
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
