package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.BatchWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.arrow.IpcFormat;
import com.dataforge.infrastructure.text.TextBatchWriter;
import com.dataforge.infrastructure.text.TextFormat;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;

/**
 * Writes Arrow batches to a file, batch by batch: Arrow IPC by our IPC writer, CSV and NDJSON by the text writers
 * that write the API's CSV and NDJSON responses (so a file and a response of the same rows are the same bytes), and
 * Parquet (ZSTD) by DuckDB's {@code COPY}, reading the batches as a registered Arrow stream in an in-memory database.
 * The batches are never held whole.
 *
 * <p>This writes batches that come from elsewhere (a running server's stream, for {@code export --url}), with no
 * pool and no limit; {@link DuckDbFileWriter} writes a selection of a served table, under the spool's size limit.
 * What the two must agree on is shared: the Parquet options ({@link DuckDbFileWriter#PARQUET_OPTIONS}) and the text
 * writers ({@link #textWriter}).
 */
public final class BatchFileWriter {

    /** Large writes to the file, whatever size of pieces a writer hands over. */
    private static final int FILE_BUFFER = 256 * 1024;

    private BatchFileWriter() {
    }

    /**
     * @param rowsWritten told each batch's row count as it passes
     * @return the rows written
     * @throws TransferException when the file cannot be written or the batches fail
     */
    public static long write(ArrowBatches batches, FileType format, Path target, BufferAllocator allocator,
            LongConsumer rowsWritten) {
        if (format == FileType.PARQUET) {
            return copy(batches, target, allocator, rowsWritten);
        }
        try (OutputStream out = output(target);
                BatchWriter writer = switch (format) {
                    case ARROW_STREAM -> new ArrowIpcStreamWriter(batches.root(), out, IpcCompression.NONE);
                    case ARROW_FILE -> new ArrowIpcStreamWriter(batches.root(), out, IpcCompression.NONE,
                            IpcFormat.FILE);
                    case CSV, NDJSON -> textWriter(format.tableFormat().orElseThrow(), batches.root(), out);
                    case PARQUET -> throw new IllegalStateException("Parquet is written by DuckDB");
                }) {
            return writer.writeAll(batches, rowsWritten);
        } catch (IOException e) {
            throw new TransferException(target + ": writing failed: " + e.getMessage(), e);
        }
    }

    /** The file, buffered. */
    static OutputStream output(Path target) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(target), FILE_BUFFER);
    }

    /** The API's writer of CSV or NDJSON, for a file of that format. */
    static BatchWriter textWriter(FileFormat format, VectorSchemaRoot root, OutputStream out) {
        return TextBatchWriter.of(TextFormat.of(format), root, out);
    }

    private static long copy(ArrowBatches batches, Path target, BufferAllocator allocator,
            LongConsumer rowsWritten) {
        long[] rows = {0};
        LongConsumer counted = n -> {
            rows[0] += n;
            rowsWritten.accept(n);
        };
        String view = "export_" + UUID.randomUUID().toString().replace('-', '_');
        try (DuckDbDatabase database = DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(),
                Optional.empty(), Optional.empty()));
                DuckDBConnection connection = database.connectionFactory().open();
                BatchesReader reader = new BatchesReader(batches, allocator, counted);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(view, stream);
            try (PreparedStatement statement = connection.prepareStatement(
                    "COPY (SELECT * FROM " + view + ") TO ? (" + DuckDbFileWriter.PARQUET_OPTIONS + ")")) {
                statement.setString(1, target.toAbsolutePath().toString());
                statement.execute();
            }
            return rows[0];
        } catch (SQLException e) {
            throw new TransferException(target + ": writing " + FileType.PARQUET.title() + " failed: "
                    + DuckDbFailures.firstLine(e), e);
        } catch (IOException e) {
            throw new TransferException(target + ": writing failed: " + e.getMessage(), e);
        }
    }
}
