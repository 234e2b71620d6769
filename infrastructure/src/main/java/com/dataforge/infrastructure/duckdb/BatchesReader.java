package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.table.ArrowBatches;
import java.io.IOException;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@link ArrowBatches} as an {@link InMemoryReader}, for DuckDB to pull through the C stream interface. Each batch's
 * buffers are handed over, not copied; the batches stay the caller's to close.
 */
final class BatchesReader extends InMemoryReader {

    private final ArrowBatches batches;
    private final LongConsumer rowsRead;

    /** @param rowsRead told the row count of each batch as it passes */
    BatchesReader(ArrowBatches batches, BufferAllocator allocator, LongConsumer rowsRead) {
        super(allocator);
        this.batches = batches;
        this.rowsRead = rowsRead;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!batches.next()) {
            return false;
        }
        try (ArrowRecordBatch batch = new VectorUnloader(batches.root()).getRecordBatch()) {
            new VectorLoader(getVectorSchemaRoot()).load(batch);
        }
        rowsRead.accept(batches.root().getRowCount());
        return true;
    }

    @Override
    protected Schema readSchema() {
        return batches.root().getSchema();
    }
}
