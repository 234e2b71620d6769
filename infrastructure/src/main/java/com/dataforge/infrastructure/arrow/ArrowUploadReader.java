package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an Arrow IPC stream uploaded by a client, with ZSTD- or LZ4-compressed buffers or none, one batch at a time.
 * Anything wrong with the bytes is a client error that says, in the client's terms, which message or column and
 * what is wrong (Arrow's own messages go to the DEBUG log only), and every failure releases every buffer it read.
 *
 * <p>Arrow 19's {@code ArrowStreamReader} does neither: it quotes its internals, and it keeps the body of a
 * message it refuses (a header of the wrong type, buffers outside the body, counts that overflow) allocated for
 * good. So this reader takes only Arrow's vectors and loader: it frames the messages itself ({@link IpcMessages}),
 * reads the schema field by field ({@link UploadSchema}), checks each batch's header against the schema and its
 * body before taking any buffer ({@link ReceivedBatch}), decompresses, and checks each column's buffers and text
 * ({@link BatchContents}) before Arrow loads them. Each step owns what it allocated, in try-with-resources.
 */
public final class ArrowUploadReader extends ArrowReader {

    private static final Logger LOG = LoggerFactory.getLogger(ArrowUploadReader.class);

    private final IpcMessages messages;
    private List<Field> fields;
    private List<ColumnLayout> layouts;
    private long batches;
    private long rows;
    private boolean ended;

    private ArrowUploadReader(InputStream body, BufferAllocator allocator) {
        super(allocator, ArrowCompressionFactory.INSTANCE);
        this.messages = new IpcMessages(body, allocator);
    }

    /**
     * @param allocator receives each batch; its limit bounds the memory one batch may take
     */
    public static ArrowUploadReader open(InputStream body, BufferAllocator allocator) {
        return new ArrowUploadReader(body, allocator);
    }

    @Override
    protected Schema readSchema() {
        try (IpcMessage message = messages.next("the schema")) {
            if (message == null) {
                throw new InvalidRequestException("body", "the stream ends at its end-of-stream marker before its"
                        + " schema");
            }
            Schema schema = UploadSchema.read(message);
            fields = schema.getFields();
            layouts = schema.getFields().stream().map(field -> ColumnLayout.of(UploadSchema.storage(field.getType())))
                    .toList();
            return schema;
        }
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (ended) {
            return false;
        }
        prepareLoadNextBatch();
        try (IpcMessage message = messages.next("batch " + batches + " (counting from 0)")) {
            if (message == null) {
                messages.requireNothingAfterEnd();
                ended = true;
                return false;
            }
            try (ReceivedBatch received = ReceivedBatch.slice(message, fields, layouts);
                    ReceivedBatch plain = received.decompressed(allocator)) {
                BatchContents.check(plain, rows);
                load(plain);
            }
        }
        rows += getVectorSchemaRoot().getRowCount();
        batches++;
        return true;
    }

    /** Arrow's loader, on buffers checked to be what the columns need; what it still refuses is said plainly. */
    private void load(ReceivedBatch batch) {
        try {
            loadRecordBatch(batch.recordBatch());
        } catch (OutOfMemoryException e) {
            throw new TooLargeException("batch_bytes", "loading " + batch.part() + " needs more memory than the "
                    + allocator.getLimit() + " bytes one upload batch may hold; send smaller record batches");
        } catch (RuntimeException e) {
            LOG.debug("Arrow refused to load {}", batch.part(), e);
            throw new InvalidRequestException("body", "the buffers of " + batch.part() + " do not hold the values"
                    + " its header declares for the stream's schema");
        }
    }

    @Override
    public long bytesRead() {
        return messages.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        messages.close();
    }
}
