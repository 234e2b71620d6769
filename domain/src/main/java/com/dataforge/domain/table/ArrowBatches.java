package com.dataforge.domain.table;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Record batches read one at a time into one {@link VectorSchemaRoot}. Only the current batch is held in memory.
 * Closing releases everything behind the stream (query, connection, buffers), whether or not it was read to the end.
 */
public interface ArrowBatches extends AutoCloseable {

    /** The root that each {@link #next()} fills; its schema is known before the first batch. */
    VectorSchemaRoot root();

    /** Loads the next batch into {@link #root()}; false at the end of the stream. */
    boolean next();

    @Override
    void close();
}
