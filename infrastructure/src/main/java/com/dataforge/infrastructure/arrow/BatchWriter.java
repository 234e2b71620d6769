package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.table.ArrowBatches;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Writes the successive contents of one {@code VectorSchemaRoot} to a stream in some representation (an Arrow IPC
 * stream or file, JSON, NDJSON, CSV), each batch as soon as it is written, so nothing beyond the current batch is held.
 *
 * <p>Use: {@link #start()} once, {@link #writeBatch()} after each refill of the root, {@link #end()} once all went
 * well, {@link #close()} always. The stream belongs to the caller: nothing here closes it. A writer closed without
 * {@link #end()} (the client went away, the query failed) writes nothing more, so a reader can never take what it
 * received for a complete representation. Not thread-safe.
 */
public interface BatchWriter extends AutoCloseable {

    /** Writes what comes before the first row (a schema message, the JSON array's bracket, the CSV header). */
    void start() throws IOException;

    /** Writes the root's current rows (possibly none). */
    void writeBatch() throws IOException;

    /** Writes what comes after the last row (an end-of-stream marker, a footer) and flushes the stream. */
    void end() throws IOException;

    /**
     * Writes all of {@code batches}, from {@link #start()} to {@link #end()}, as they arrive.
     *
     * @param rowsWritten told each batch's row count once it is written
     * @return the rows written
     */
    default long writeAll(ArrowBatches batches, LongConsumer rowsWritten) throws IOException {
        long rows = 0;
        start();
        while (batches.next()) {
            writeBatch();
            int batch = batches.root().getRowCount();
            rows += batch;
            rowsWritten.accept(batch);
        }
        end();
        return rows;
    }

    /** Releases what the writer holds; writes nothing. Idempotent. */
    @Override
    void close() throws IOException;
}
