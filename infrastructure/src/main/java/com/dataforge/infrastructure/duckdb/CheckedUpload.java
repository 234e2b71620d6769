package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.failure.TooLargeException;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The upload as DuckDB pulls it, batch by batch, through the Arrow C stream interface. DuckDB only sees a failed
 * batch as an error string; this keeps the exception itself, so the client gets the precise problem (a 400 naming
 * the body, a 413 naming the limit) rather than DuckDB's wrapping of it. It also counts the rows and enforces the
 * row limit. Each batch moves from the upload's vectors into this reader's without copying.
 */
final class CheckedUpload extends ArrowReader {

    private final ArrowReader upload;
    private final long maxRows;
    private long rows;
    private long batches;
    private RuntimeException failure;

    /**
     * @param allocator holds this reader's vectors; it must share a root with the upload's, for the transfers
     */
    CheckedUpload(ArrowReader upload, BufferAllocator allocator, long maxRows) {
        super(allocator);
        this.upload = upload;
        this.maxRows = maxRows;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (failure != null) {
            // DuckDB may ask again after a failure; reading on would report a later, misleading one (a stream cut
            // mid-batch reads as cut between messages on the next call).
            throw failure;
        }
        try {
            if (!upload.loadNextBatch()) {
                return false;
            }
            VectorSchemaRoot from = upload.getVectorSchemaRoot();
            rows += from.getRowCount();
            batches++;
            if (rows > maxRows) {
                throw new TooLargeException("max_upload_rows", "the upload has more than " + maxRows
                        + " rows, the most one upload may insert; split it into several uploads");
            }
            prepareLoadNextBatch();
            VectorSchemaRoot to = getVectorSchemaRoot();
            List<FieldVector> source = from.getFieldVectors();
            for (int i = 0; i < source.size(); i++) {
                source.get(i).makeTransferPair(to.getVector(i)).transfer();
            }
            to.setRowCount(from.getRowCount());
            return true;
        } catch (IOException | RuntimeException e) {
            // The upload reader says what is wrong with the bytes itself; anything else is a fault of ours.
            failure = e instanceof DataForgeException known ? known
                    : new IllegalStateException("reading the upload failed after " + batches + " batches", e);
            throw e;
        }
    }

    /** The first failure met while DuckDB was reading, if any: it explains DuckDB's error better than DuckDB can. */
    RuntimeException failure() {
        return failure;
    }

    long rows() {
        return rows;
    }

    long batches() {
        return batches;
    }

    @Override
    public long bytesRead() {
        return upload.bytesRead();
    }

    @Override
    protected void closeReadSource() {
        // The upload belongs to the caller, who closes it.
    }

    @Override
    protected Schema readSchema() throws IOException {
        return upload.getVectorSchemaRoot().getSchema();
    }
}
