package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.duckdb.DuckDBConnection;

/**
 * Writes Arrow batches to a file, batch by batch: Arrow IPC by Arrow's writers, Parquet (ZSTD), CSV (with a header)
 * and NDJSON by DuckDB's {@code COPY}, reading the batches as a registered Arrow stream in an in-memory database. The
 * batches are never held whole.
 *
 * <p>A second COPY beside {@link DuckDbFileWriter}'s, on purpose: that one writes a selection of a served table
 * through a pooled connection, under the spool's size limit and its watcher; this one writes batches that come from
 * elsewhere (a running server's stream, for {@code export --url}), in an in-memory database of its own with no pool
 * and no limit. What the two must agree on, how each format is written, is {@link DuckDbFileWriter#formatOptions}.
 */
public final class BatchFileWriter {

    private BatchFileWriter() {
    }

    /**
     * @param rowsWritten told each batch's row count as it passes
     * @return the rows written
     * @throws TransferException when the file cannot be written or the batches fail
     */
    public static long write(ArrowBatches batches, FileType format, Path target, BufferAllocator allocator,
            LongConsumer rowsWritten) {
        long[] rows = {0};
        LongConsumer counted = n -> {
            rows[0] += n;
            rowsWritten.accept(n);
        };
        try {
            switch (format) {
                case ARROW_STREAM -> writeStream(batches, target, counted);
                case ARROW_FILE -> writeFile(batches, target, counted);
                case PARQUET, CSV, NDJSON -> copy(batches, format, target, allocator, counted);
            }
        } catch (IOException e) {
            throw new TransferException(target + ": writing failed: " + e.getMessage(), e);
        }
        return rows[0];
    }

    private static void writeStream(ArrowBatches batches, Path target, LongConsumer rows) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
                ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(batches.root(), out, IpcCompression.NONE)) {
            writer.start();
            while (batches.next()) {
                writer.writeBatch();
                rows.accept(batches.root().getRowCount());
            }
            writer.end();
        }
    }

    private static void writeFile(ArrowBatches batches, Path target, LongConsumer rows) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                ArrowFileWriter writer = new ArrowFileWriter(batches.root(), null, channel)) {
            writer.start();
            while (batches.next()) {
                writer.writeBatch();
                rows.accept(batches.root().getRowCount());
            }
            writer.end();
        }
    }

    private static void copy(ArrowBatches batches, FileType format, Path target, BufferAllocator allocator,
            LongConsumer rows) {
        String options = DuckDbFileWriter.formatOptions(format.tableFormat().orElseThrow());
        String view = "export_" + UUID.randomUUID().toString().replace('-', '_');
        try (DuckDbDatabase database = DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(),
                Optional.empty(), Optional.empty()));
                DuckDBConnection connection = database.connectionFactory().open();
                BatchesReader reader = new BatchesReader(batches, allocator, rows);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(view, stream);
            try (PreparedStatement statement = connection.prepareStatement(
                    "COPY (SELECT * FROM " + view + ") TO ? (" + options + ")")) {
                statement.setString(1, target.toAbsolutePath().toString());
                statement.execute();
            }
        } catch (SQLException e) {
            throw new TransferException(target + ": writing " + format.title() + " failed: "
                    + DuckDbFailures.firstLine(e), e);
        } catch (IOException e) {
            throw new TransferException(target + ": writing failed: " + e.getMessage(), e);
        }
    }
}
