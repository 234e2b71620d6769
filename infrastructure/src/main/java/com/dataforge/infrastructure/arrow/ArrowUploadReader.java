package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads an Arrow IPC stream uploaded by a client, with ZSTD- or LZ4-compressed buffers or none. Anything wrong with
 * the bytes becomes a client error rather than an internal one: a body that is not an IPC stream, one cut short
 * (even between two messages, where Arrow alone would see a clean end), a batch that disagrees with the schema, or
 * a batch larger than the allocator it reads into may hold.
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
