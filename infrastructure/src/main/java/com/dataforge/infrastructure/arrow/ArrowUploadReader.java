package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Reads an Arrow IPC stream uploaded by a client, with ZSTD- or LZ4-compressed buffers or none. Anything wrong with
 * the bytes becomes a client error rather than an internal one: a body that is not an IPC stream, one cut short
 * (even between two messages, where Arrow alone would see a clean end), a batch that disagrees with the schema or
 * whose buffers are too short for the lengths it claims, or a batch larger than the allocator it reads into may hold.
 */
public final class ArrowUploadReader extends ArrowStreamReader {

    private final IpcFraming framing;

    private ArrowUploadReader(FramedMessages messages, BufferAllocator allocator) {
        super(messages, allocator, ArrowCompressionFactory.INSTANCE);
        this.framing = messages.framing;
    }

    /**
     * @param allocator receives each batch; its limit bounds the memory one batch may take
     */
    public static ArrowUploadReader open(InputStream body, BufferAllocator allocator) {
        IpcFraming framing = new IpcFraming(body);
        return new ArrowUploadReader(new FramedMessages(framing, allocator), allocator);
    }

    @Override
    protected Schema readSchema() throws IOException {
        try {
            return super.readSchema();
        } catch (IOException | RuntimeException e) {
            throw translate(e, "its schema");
        }
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        boolean loaded;
        try {
            loaded = super.loadNextBatch();
            if (loaded) {
                requireLengthsWithinBuffers(getVectorSchemaRoot());
            }
        } catch (IOException | RuntimeException e) {
            throw translate(e, "a record batch");
        }
        if (!loaded) {
            if (!framing.endOfStreamSeen()) {
                throw new InvalidRequestException("body", "the Arrow IPC stream ends without its end-of-stream"
                        + " marker: the upload was cut short");
            }
            framing.requireNothingAfterEnd();
        }
        return loaded;
    }

    /**
     * Arrow takes a batch's lengths and offsets on trust, and DuckDB reads wherever they point, past the end of a
     * buffer into the server's memory. Arrow's own checks cover this but for two gaps: its full check wrongly refuses
     * decimals that use all their digits (fixed-width vectors need only their buffer sizes checked), and it does not
     * look at binary views, which are read here, bounds-checked.
     */
    private static void requireLengthsWithinBuffers(VectorSchemaRoot root) {
        ValueVectorUtility.validate(root);
        for (FieldVector vector : root.getFieldVectors()) {
            switch (vector) {
                case BaseFixedWidthVector _ -> {
                }
                case ViewVarBinaryVector views -> {
                    for (int row = 0; row < views.getValueCount(); row++) {
                        views.get(row);
                    }
                }
                default -> ValueVectorUtility.validateFull(vector);
            }
        }
    }

    /**
     * Decompresses the whole batch before Arrow loads it. Arrow 19's VectorLoader, which would otherwise do it, leaks
     * the buffers it has decompressed for a field when the field's next buffer fails (corrupt, or too large for the
     * allocator); here a failure releases everything decompressed so far.
     */
    @Override
    protected void loadRecordBatch(ArrowRecordBatch batch) {
        CompressionUtil.CodecType codec = CompressionUtil.CodecType.fromCompressionType(
                batch.getBodyCompression().getCodec());
        if (codec == CompressionUtil.CodecType.NO_COMPRESSION) {
            super.loadRecordBatch(batch);
            return;
        }
        ArrowRecordBatch decompressed;
        try {
            decompressed = decompress(batch, ArrowCompressionFactory.INSTANCE.createCodec(codec));
        } finally {
            batch.close();
        }
        super.loadRecordBatch(decompressed);
    }

    private ArrowRecordBatch decompress(ArrowRecordBatch batch, CompressionCodec codec) {
        List<ArrowBuf> buffers = new ArrayList<>();
        try {
            for (ArrowBuf buffer : batch.getBuffers()) {
                // A codec takes over the reference it is given, but only if it succeeds.
                buffer.getReferenceManager().retain();
                try {
                    buffers.add(buffer.writerIndex() == 0 ? buffer : codec.decompress(allocator, buffer));
                } catch (RuntimeException e) {
                    buffer.close();
                    throw e;
                }
            }
            return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), buffers,
                    NoCompressionCodec.DEFAULT_BODY_COMPRESSION, batch.getVariadicBufferCounts(), false);
        } finally {
            // The new batch holds references of its own.
            buffers.forEach(ArrowBuf::close);
        }
    }

    private static RuntimeException translate(Exception failure, String part) {
        return switch (failure) {
            case DataForgeException known -> known;
            case OutOfMemoryException tooBig -> new TooLargeException("batch_bytes", "reading " + part
                    + " of the upload needs more memory than one upload batch may hold; send smaller record batches");
            default -> new InvalidRequestException("body", "the body is not a readable Arrow IPC stream: reading "
                    + part + " failed: " + failure.getMessage());
        };
    }

    /** Tells the framing watch where each message starts. */
    private static final class FramedMessages extends MessageChannelReader {

        private final IpcFraming framing;

        FramedMessages(IpcFraming framing, BufferAllocator allocator) {
            super(new ReadChannel(Channels.newChannel(framing)), allocator);
            this.framing = framing;
        }

        @Override
        public MessageResult readNext() throws IOException {
            framing.expectMessage();
            return super.readNext();
        }
    }
}
