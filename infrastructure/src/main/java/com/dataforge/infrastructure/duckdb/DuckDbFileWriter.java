package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.ArrowTableReader;
import com.dataforge.application.port.out.TableFileWriter;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.FileExport;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.BatchWriter;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a selection to a file. Parquet (ZSTD-compressed) by DuckDB's own writer: {@code COPY (SELECT … WHERE col = ?
 * …) TO ? (FORMAT parquet …)}. DuckDB JDBC 2.0.0.1 prepares COPY with parameters, in the query and as the target path
 * alike (checked by FilesCoreTest with a path holding a quote), so the selection binds its values exactly as a read
 * does ({@link SelectionSql}) and the path is never SQL text. CSV and NDJSON are the selection read as Arrow batches,
 * as a bulk read reads it, and written by the API's own text writers ({@link BatchFileWriter#textWriter}): a file
 * holds exactly the bytes of the API's response for the same selection. (DuckDB's CSV and JSON writers spell values
 * their own way: {@code 2024-01-31 13:45:00} for a timestamp, {@code \x00} escapes for a BLOB, bare {@code NaN}.)
 *
 * <p>DuckDB has no limit on the size of what COPY writes, so a watcher reads the file's size as it grows and cancels
 * the statement once it passes the export's limit; a text file is refused the write that would take it past. The
 * file is then removed, as it is after any failure. COPY is told to write straight to the target ({@code USE_TMP_FILE
 * false}): to a target that exists, as the spool's file does, DuckDB would otherwise write {@code tmp_<name>} and
 * rename it at the end, out of the watcher's sight.
 */
public final class DuckDbFileWriter implements TableFileWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFileWriter.class);
    private static final Duration SIZE_CHECK = Duration.ofMillis(20);

    /** How COPY writes Parquet, for every Parquet file Data Forge writes ({@link BatchFileWriter} too). */
    static final String PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd";

    /** Rows per Arrow batch of a text file's selection. */
    private static final int TEXT_BATCH_ROWS = 122_880;

    private final ConnectionSource pool;
    private final ArrowTableReader reader;

    /** @param reader reads a text file's selection as Arrow batches, as a bulk read does (and within its bounds) */
    public DuckDbFileWriter(ConnectionSource pool, ArrowTableReader reader) {
        this.pool = pool;
        this.reader = reader;
    }

    @Override
    public long write(FileExport export) {
        return export.target().format() == FileFormat.PARQUET ? copy(export) : text(export);
    }

    private long text(FileExport export) {
        Path target = export.target().path();
        boolean written = false;
        try (ArrowBatches batches = reader.open(new TableRead(export.schema(), export.columns(), export.selection(),
                TEXT_BATCH_ROWS));
                OutputStream out = new BoundedOutput(BatchFileWriter.output(target), export.maxBytes(),
                        reached -> tooLarge(export, reached));
                BatchWriter writer = BatchFileWriter.textWriter(export.target().format(), batches.root(), out)) {
            long rows = writer.writeAll(batches, n -> { });
            written = true;
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + export.target().name() + " failed: " + e.getMessage(), e);
        } finally {
            if (!written) {
                delete(target);
            }
        }
    }

    private long copy(FileExport export) {
        SelectionSql select = SelectionSql.select(new TableRead(export.schema(), export.columns(),
                export.selection(), 1));
        Path target = export.target().path();
        String sql = "COPY (" + select + ") TO ? (" + PARQUET_OPTIONS + ", USE_TMP_FILE false)";
        AtomicLong stoppedAt = new AtomicLong(-1);
        boolean written = false;
        try (PooledConnection pooled = pool.borrow();
                PreparedStatement statement = pooled.connection().prepareStatement(sql)) {
            int next = select.bind(statement, 1);
            statement.setString(next, target.toString());
            Thread watcher = watch(target, export.maxBytes(), statement, stoppedAt);
            long rows;
            try {
                rows = statement.executeLargeUpdate();
            } finally {
                watcher.interrupt();
            }
            long size = size(target);
            if (stoppedAt.get() >= 0 || size > export.maxBytes()) {
                throw tooLarge(export, Math.max(stoppedAt.get(), size));
            }
            written = true;
            return rows;
        } catch (SQLException e) {
            if (stoppedAt.get() >= 0) {
                throw tooLarge(export, stoppedAt.get());
            }
            throw DuckDbFailures.translate(e, "writing table '" + export.schema().name() + "' to a "
                    + export.target().format() + " file");
        } finally {
            if (!written) {
                delete(target);
            }
        }
    }

    /**
     * A platform thread, since the statement's own thread is inside DuckDB and, were both virtual, could hold the
     * carrier the watcher needs.
     *
     * @param stoppedAt set to the file's size when the watcher cancelled the statement
     */
    private static Thread watch(Path target, long maxBytes, PreparedStatement statement, AtomicLong stoppedAt) {
        return Thread.ofPlatform().daemon().name("export size watch").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long size = size(target);
                    if (size > maxBytes) {
                        stoppedAt.set(size);
                        statement.cancel();
                        return;
                    }
                    Thread.sleep(SIZE_CHECK);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.warn("cancelling an export past its size limit failed: {}", e.getMessage());
            }
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** @param reached how large the file was when it was stopped, or finished */
    private static TooLargeException tooLarge(FileExport export, long reached) {
        return new TooLargeException("max_spool_bytes", "the " + export.target().format() + " file of this"
                + " selection grows past " + export.maxBytes() + " bytes, the most one may take (max_spool_bytes);"
                + " it was stopped at " + reached + " bytes. Ask for fewer rows (limit=, filters) or columns"
                + " (columns=)");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not remove the incomplete file {}: {}", file, e.getMessage());
        }
    }
}
