package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.ArrowTableReader;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * Streams a table out of DuckDB through its Arrow C-data export: one batch at a time, on a pooled connection, into
 * a child allocator of bounded size that belongs to this read alone.
 */
public final class DuckDbArrowTableReader implements ArrowTableReader {

    private final ConnectionPool pool;
    private final BufferAllocator rootAllocator;
    private final long maxBytesPerRead;

    /**
     * @param maxBytesPerRead the most Arrow memory one read may hold; DuckDB's batches are imported into it
     */
    public DuckDbArrowTableReader(ConnectionPool pool, BufferAllocator rootAllocator, long maxBytesPerRead) {
        this.pool = pool;
        this.rootAllocator = rootAllocator;
        this.maxBytesPerRead = maxBytesPerRead;
    }

    @Override
    public ArrowBatches open(TableRead read) {
        String sql = "SELECT " + Sql.columnList(read.columns()) + " FROM " + Sql.quote(read.schema().name());
        ResourceStack resources = new ResourceStack();
        try {
            BufferAllocator allocator = resources.push(
                    rootAllocator.newChildAllocator("read " + read.schema().name(), 0, maxBytesPerRead));
            PooledConnection connection = resources.push(pool.borrow());
            PreparedStatement statement = resources.push(connection.connection().prepareStatement(sql));
            DuckDBResultSet result = resources.push((DuckDBResultSet) statement.executeQuery());
            ArrowReader reader = resources.push((ArrowReader) result.arrowExportStream(allocator, read.batchRows()));
            return new StreamedBatches(reader, resources);
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
        private final ResourceStack resources;

        StreamedBatches(ArrowReader reader, ResourceStack resources) {
            this.reader = reader;
            this.resources = resources;
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
            try {
                return reader.loadNextBatch();
            } catch (IOException e) {
                throw new UncheckedIOException("DuckDB's Arrow stream failed mid-read", e);
            }
        }

        @Override
        public void close() {
            resources.close();
        }
    }
}
