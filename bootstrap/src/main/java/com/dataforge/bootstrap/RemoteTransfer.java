package com.dataforge.bootstrap;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.duckdb.BatchFileWriter;
import com.dataforge.infrastructure.duckdb.FileRows;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.RemoteServer;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Through a running server: the files are checked against the schema the server declares, then read batch by batch
 * by an in-memory DuckDB and streamed as one Arrow IPC upload, in one request, so the server's one transaction
 * covers every file. An export reads the server's Arrow stream of the selection and writes it as it arrives.
 */
final class RemoteTransfer implements TransferMode {

    private final RemoteServer server;
    private volatile FileRows reading;
    /** Every row of the upload was sent: from here the server's transaction no longer depends on this process. */
    private volatile boolean sent;

    RemoteTransfer(RemoteServer server) {
        this.server = server;
    }

    @Override
    public TransferResult importFiles(BulkInsertCommand command, List<Path> files, ProgressMeter meter) {
        TableSchema schema = server.schema(command.schema());
        try (BufferAllocator allocator = new RootAllocator();
                FileRows rows = FileRows.open(schema, files, allocator, FileTransfer.BATCH_ROWS,
                        meter::addRows)) {
            reading = rows;
            // DuckDB reports no progress through a streamed result: the rows and bytes sent are the progress.
            meter.reading(rows.totalBytes());
            InsertOutcome outcome = server.bulkInsert(command.schema(),
                    command.onConflict().name().toLowerCase(Locale.ROOT), body -> {
                        ArrowReader reader = rows.reader();
                        VectorSchemaRoot root = reader.getVectorSchemaRoot();
                        try (ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, body, IpcCompression.NONE)) {
                            writer.start();
                            boolean any = false;
                            while (next(rows)) {
                                writer.writeBatch();
                                any = true;
                                meter.bytesSent(writer.bytesWritten());
                            }
                            if (!any) {
                                // Files without rows import nothing, which the server takes as one empty batch.
                                root.setRowCount(0);
                                writer.writeBatch();
                            }
                            writer.end();
                            sent = true;
                        }
                    });
            return new TransferResult(outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsIgnored(),
                    rows.totalBytes(), files.size());
        } finally {
            reading = null;
        }
    }

    /** A failure reading the files is not the network's: it is reported as the reader's, and the upload cut off. */
    private static boolean next(FileRows rows) {
        try {
            return rows.reader().loadNextBatch();
        } catch (IOException e) {
            throw rows.failure(e);
        }
    }

    @Override
    public long export(String schema, ExportQuery selection, FileType format, Path file, ProgressMeter meter) {
        List<String> parameters = new ArrayList<>();
        if (!selection.columns().isEmpty()) {
            parameters.add("columns=" + RemoteServer.encode(String.join(",", selection.columns())));
        }
        selection.filters().forEach(filter -> parameters.add(RemoteServer.encode(ExportQuery.column(filter))
                + "=" + RemoteServer.encode(ExportQuery.condition(filter))));
        selection.order().ifPresent(order -> parameters.add("order=" + RemoteServer.encode(order)));
        selection.limit().ifPresent(limit -> parameters.add("limit=" + RemoteServer.encode(limit)));
        selection.offset().ifPresent(offset -> parameters.add("offset=" + RemoteServer.encode(offset)));
        parameters.add("batch_rows=" + FileTransfer.BATCH_ROWS);
        try (BufferAllocator allocator = new RootAllocator();
                InputStream body = server.bulkRead(schema, String.join("&", parameters));
                ArrowStreamReader reader = new ArrowStreamReader(body, allocator);
                ArrowBatches batches = new ReaderBatches(reader)) {
            return BatchFileWriter.write(batches, format, file, allocator, meter::addRows);
        } catch (IOException e) {
            throw new TransferException("reading from the server failed: " + e.getMessage(), e);
        }
    }

    /**
     * Cuts the upload off, so the server sees its body end early and rolls back; once every row was sent, the server
     * alone decides, and the process just ends.
     */
    @Override
    public Optional<String> cancel() {
        if (sent) {
            return Optional.of("interrupted after every row was sent: the server completes or refuses the import"
                    + " by itself; look at the table to know which");
        }
        FileRows rows = reading;
        if (rows != null) {
            rows.cancel();
        }
        server.abort();
        return Optional.empty();
    }

    /** A server's Arrow stream as {@link ArrowBatches}; the reader stays the caller's to close. */
    private record ReaderBatches(ArrowReader reader) implements ArrowBatches {

        @Override
        public VectorSchemaRoot root() {
            try {
                return reader.getVectorSchemaRoot();
            } catch (IOException e) {
                throw new TransferException("the server's Arrow stream cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean next() {
            try {
                return reader.loadNextBatch();
            } catch (IOException e) {
                throw new TransferException("the server's Arrow stream broke off: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // The reader is closed by whoever opened it.
        }
    }
}
