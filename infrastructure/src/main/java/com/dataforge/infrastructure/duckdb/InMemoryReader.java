package com.dataforge.infrastructure.duckdb;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * An {@link ArrowReader} for DuckDB to pull through the C stream interface, over batches already in memory that
 * belong to the caller: it reads no bytes and has no source of its own to close.
 */
abstract class InMemoryReader extends ArrowReader {

    InMemoryReader(BufferAllocator allocator) {
        super(allocator);
    }

    @Override
    public final long bytesRead() {
        return 0;
    }

    @Override
    protected final void closeReadSource() {
        // The source is the caller's, who closes it.
    }
}
