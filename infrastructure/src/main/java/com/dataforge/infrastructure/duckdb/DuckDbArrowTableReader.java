package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.application.port.out.ArrowTableReader;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import com.dataforge.domain.failure.InvalidRequestException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * Streams a table out of DuckDB through its Arrow C-data export: one batch at a time, on a pooled connection, into
 * a child allocator of bounded size that belongs to this read alone.
 */
public final class DuckDbArrowTableReader implements ArrowTableReader {

    private final ConnectionSource pool;
    private final BufferAllocator rootAllocator;
    private final long maxBytesPerRead;

    /**
     * @param maxBytesPerRead the most Arrow memory one read may hold; DuckDB's batches are imported into it
     */
    public DuckDbArrowTableReader(ConnectionSource pool, BufferAllocator rootAllocator, long maxBytesPerRead) {
        this.pool = pool;
        this.rootAllocator = rootAllocator;
        this.maxBytesPerRead = maxBytesPerRead;
    }

    @Override
    public ArrowBatches open(TableRead read) {
        SelectionSql sql = SelectionSql.select(read);
        ResourceStack resources = new ResourceStack();
        try {
            // The bound is checked after each batch rather than set as the allocator's limit: DuckDB has already
            // allocated a batch when it is imported, and arrow-c-data leaks the imported array (and DuckDB's memory
            // behind it) when the allocator refuses half-way through an import.
            BufferAllocator allocator = resources.push(
                    rootAllocator.newChildAllocator("read " + read.schema().name(), 0, Long.MAX_VALUE));
            PooledConnection connection = resources.push(pool.borrow());
            // The statement is the connection's, kept for the next read of the same text: only its result is ours.
            DuckDBResultSet result = resources.push((DuckDBResultSet) sql.bind(connection).executeQuery());
            ArrowReader reader = resources.push((ArrowReader) result.arrowExportStream(allocator, read.batchRows()));
            return new StreamedBatches(reader, allocator, resources, read.batchRows(), maxBytesPerRead);
        } catch (SQLException e) {
            resources.close();
            throw DuckDbFailures.translate(e, "reading table '" + read.schema().name() + "'");
        } catch (RuntimeException | Error e) {
            resources.close();
            throw e;
        }
    }

    private static final class StreamedBatches implements ArrowBatches {

        private final ArrowReader reader;
        private final BufferAllocator allocator;
        private final ResourceStack resources;
        private final int batchRows;
        private final long maxBytes;

        StreamedBatches(ArrowReader reader, BufferAllocator allocator, ResourceStack resources, int batchRows,
                long maxBytes) {
            this.reader = reader;
            this.allocator = allocator;
            this.resources = resources;
            this.batchRows = batchRows;
            this.maxBytes = maxBytes;
        }

        @Override
        public VectorSchemaRoot root() {
            try {
                return reader.getVectorSchemaRoot();
            } catch (IOException e) {
                throw new UncheckedIOException("DuckDB's Arrow stream has no readable schema", e);
            }
        }

        @Override
        public boolean next() {
            boolean loaded;
            try {
                loaded = reader.loadNextBatch();
            } catch (IOException e) {
                throw new UncheckedIOException("DuckDB's Arrow stream failed mid-read", e);
            }
            if (allocator.getAllocatedMemory() > maxBytes) {
                throw new InvalidRequestException("batch_rows", "a batch of " + batchRows + " rows holds "
                        + allocator.getAllocatedMemory() + " bytes, more than the " + maxBytes + " bytes of Arrow"
                        + " memory one read may hold; ask for fewer rows per batch with batch_rows");
            }
            return loaded;
        }

        @Override
        public void close() {
            resources.close();
        }

    }
}
