package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.BodyCompressionMethod;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record batch as uploaded, its header checked against the stream's schema and its body before any buffer is
 * taken from the body: as many field nodes as columns, each declaring the batch's rows; as many buffers as the
 * columns' types need, each lying within the body; a compression codec this service has. Arrow 19 takes all of that
 * on trust, and fails (or, for a batch longer than its buffers, quietly pads it with zeros) only once it holds the
 * body. Owns its buffers until closed.
 */
final class ReceivedBatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedBatch.class);

    private final String part;
    private final ArrowRecordBatch batch;
    private final List<BatchColumn> columns;

    private ReceivedBatch(String part, ArrowRecordBatch batch, List<BatchColumn> columns) {
        this.part = part;
        this.batch = batch;
        this.columns = columns;
    }

    /**
     * @param fields the stream's schema
     * @param layouts the layouts of its fields, in the same order
     */
    static ReceivedBatch slice(IpcMessage message, List<Field> fields, List<ColumnLayout> layouts) {
        RecordBatch header = message.header(MessageHeader.RecordBatch, new RecordBatch());
        String part = message.part();
        long rows = message.decode(header::length);
        if (rows < 0 || rows > Integer.MAX_VALUE) {
            throw invalid("the header of " + part + " declares " + rows + " rows; a batch holds 0 to "
                    + Integer.MAX_VALUE);
        }
        int nodeCount = message.decode(header::nodesLength);
        if (nodeCount != fields.size()) {
            throw invalid("the header of " + part + " describes " + nodeCount + " columns; the stream's schema has "
                    + fields.size());
        }
        long viewColumns = layouts.stream().filter(layout -> layout.kind() == ColumnLayout.Kind.VIEWS).count();
        int variadicCounts = message.decode(header::variadicBufferCountsLength);
        if (variadicCounts != viewColumns) {
            throw invalid("the header of " + part + " gives data buffer counts for " + variadicCounts
                    + " columns; the stream's schema has " + viewColumns + " view columns");
        }
        int bufferCount = message.decode(header::buffersLength);
        List<BatchColumn> columns = new ArrayList<>(fields.size());
        List<ArrowFieldNode> nodes = new ArrayList<>(fields.size());
        List<Long> variadic = new ArrayList<>();
        int firstBuffer = 0;
        for (int i = 0; i < fields.size(); i++) {
            int index = i;
            FieldNode node = message.decode(() -> header.nodes(index));
            long values = message.decode(node::length);
            long nulls = message.decode(node::nullCount);
            String name = fields.get(i).getName();
            String column = "column '" + name + "' in " + part;
            if (values != rows) {
                throw invalid(column + " declares " + values + " values; the batch declares " + rows + " rows");
            }
            if (nulls < 0 || nulls > values) {
                throw invalid(column + " declares " + nulls + " nulls among " + values + " values");
            }
            ColumnLayout layout = layouts.get(i);
            long extra = 0;
            if (layout.kind() == ColumnLayout.Kind.VIEWS) {
                int at = variadic.size();
                extra = message.decode(() -> header.variadicBufferCounts(at));
                if (extra < 0 || extra > bufferCount) {
                    throw invalid(column + " declares " + extra + " data buffers; the batch has " + bufferCount
                            + " buffers in all");
                }
                variadic.add(extra);
            }
            int buffers = layout.buffers(extra);
            columns.add(new BatchColumn(name, UploadSchema.storage(fields.get(i).getType()), layout, (int) values,
                    (int) nulls, firstBuffer, buffers));
            nodes.add(new ArrowFieldNode(values, nulls));
            firstBuffer += buffers;
        }
        if (firstBuffer != bufferCount) {
            throw invalid("the header of " + part + " lists " + bufferCount + " buffers; its columns' types need "
                    + firstBuffer);
        }
        ArrowBodyCompression compression = compression(message, header);
        ArrowBuf body = message.body();
        long bodyLength = body.capacity();
        List<ArrowBuf> slices = new ArrayList<>(bufferCount);
        for (BatchColumn column : columns) {
            for (int j = 0; j < column.buffers(); j++) {
                int index = column.firstBuffer() + j;
                org.apache.arrow.flatbuf.Buffer buffer = message.decode(() -> header.buffers(index));
                long offset = message.decode(buffer::offset);
                long length = message.decode(buffer::length);
                String where = "the header of " + part + " places the " + column.buffer(j) + " of column '"
                        + column.name() + "'";
                if (offset < 0 || length < 0) {
                    throw invalid(where + " at offset " + offset + ", length " + length + " in the body: neither may"
                            + " be negative");
                }
                if (offset > bodyLength || length > bodyLength - offset) {
                    throw invalid(where + " at bytes " + offset + " to " + (offset + length) + " of the body, which"
                            + " has " + bodyLength + ": the body is shorter than its header declares");
                }
                slices.add(body.slice(offset, length));
            }
        }
        // The batch takes references of its own to the body's memory; the message still releases its own.
        return new ReceivedBatch(part, new ArrowRecordBatch((int) rows, nodes, slices, compression, variadic, true),
                columns);
    }

    private static ArrowBodyCompression compression(IpcMessage message, RecordBatch header) {
        BodyCompression compression = message.decode(header::compression);
        if (compression == null) {
            return NoCompressionCodec.DEFAULT_BODY_COMPRESSION;
        }
        byte codec = message.decode(compression::codec);
        byte method = message.decode(compression::method);
        if (codec != CompressionType.LZ4_FRAME && codec != CompressionType.ZSTD) {
            throw invalid("the header of " + message.part() + " names compression codec " + codec
                    + "; Arrow defines lz4_frame (0) and zstd (1)");
        }
        if (method != BodyCompressionMethod.BUFFER) {
            throw invalid("the header of " + message.part() + " names compression method " + method
                    + "; Arrow defines only per-buffer compression (0)");
        }
        return new ArrowBodyCompression(codec, method);
    }

    String part() {
        return part;
    }

    List<BatchColumn> columns() {
        return columns;
    }

    /** The batch's buffers, in order; {@link ArrowBuf#writerIndex()} is what each holds. */
    List<ArrowBuf> buffers() {
        return batch.getBuffers();
    }

    /** The batch to load: it stays owned by this one, whose close releases it. */
    ArrowRecordBatch recordBatch() {
        return batch;
    }

    /**
     * This batch with its buffers decompressed into {@code allocator}, or itself if they are not compressed. Done
     * here rather than by Arrow's VectorLoader, which in Arrow 19 leaks the buffers it has decompressed for a field
     * when the field's next buffer fails (corrupt, or too large for the allocator); here a failure releases
     * everything decompressed so far.
     */
    ReceivedBatch decompressed(BufferAllocator allocator) {
        CompressionUtil.CodecType type = CompressionUtil.CodecType.fromCompressionType(
                batch.getBodyCompression().getCodec());
        if (type == CompressionUtil.CodecType.NO_COMPRESSION) {
            return this;
        }
        CompressionCodec codec = ArrowCompressionFactory.INSTANCE.createCodec(type);
        List<ArrowBuf> decompressed = new ArrayList<>();
        try {
            for (BatchColumn column : columns) {
                for (int j = 0; j < column.buffers(); j++) {
                    ArrowBuf buffer = buffers().get(column.firstBuffer() + j);
                    // A codec takes over the reference it is given, but only if it succeeds.
                    buffer.getReferenceManager().retain();
                    try {
                        decompressed.add(buffer.writerIndex() == 0 ? buffer : codec.decompress(allocator, buffer));
                    } catch (RuntimeException e) {
                        buffer.close();
                        throw decompressionFailed(e, column, j, type, allocator);
                    }
                }
            }
            return new ReceivedBatch(part, new ArrowRecordBatch(batch.getLength(), batch.getNodes(), decompressed,
                    NoCompressionCodec.DEFAULT_BODY_COMPRESSION, batch.getVariadicBufferCounts(), false), columns);
        } finally {
            // The new batch holds references of its own.
            decompressed.forEach(ArrowBuf::close);
        }
    }

    private RuntimeException decompressionFailed(RuntimeException failure, BatchColumn column, int buffer,
            CompressionUtil.CodecType type, BufferAllocator allocator) {
        String where = column.in(part);
        if (failure instanceof OutOfMemoryException) {
            return new TooLargeException("batch_bytes", where + ": decompressing its " + column.buffer(buffer)
                    + " needs more memory than the " + allocator.getLimit() + " bytes one upload batch may hold;"
                    + " send smaller record batches");
        }
        LOG.debug("decompressing the {} of {} failed", column.buffer(buffer), where, failure);
        return invalid(where + ": its " + column.buffer(buffer) + " does not decompress as "
                + (type == CompressionUtil.CodecType.ZSTD ? "zstd" : "lz4_frame") + " (the compressed bytes are"
                + " corrupt, or their 8-byte length prefix does not match them)");
    }

    static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("body", detail);
    }

    @Override
    public void close() {
        batch.close();
    }
}
