package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Reads the framed messages of an Arrow IPC stream from an upload: each is an 8-byte prefix (the continuation marker
 * 0xFFFFFFFF, then the metadata length, little-endian; a length of 0 is the end-of-stream marker), the metadata (a
 * flatbuffer {@code Message}, which declares the body's length), then the body. Everything that can be wrong with
 * the framing is said here in the client's terms, naming the message, and nothing read is kept on a failure: a body
 * buffer is released unless the message holding it is returned.
 *
 * <p>This replaces Arrow's own {@code MessageChannelReader}, which allocates the metadata at whatever length a
 * prefix claims, takes a stream cut between two messages for a clean end, and leaves the body of a message it
 * refuses to its caller, who in Arrow 19's {@code ArrowStreamReader} never releases it.
 */
final class IpcMessages {

    /** Far beyond the metadata of any real schema or batch (a few KiB per thousand columns). */
    static final int MAX_METADATA_BYTES = 16 << 20;
    private static final int PREFIX_BYTES = 8;
    private static final int CONTINUATION = 0xFFFFFFFF;
    private static final int COPY_BYTES = 64 << 10;

    private final InputStream in;
    private final BufferAllocator allocator;
    private long bytesRead;

    IpcMessages(InputStream in, BufferAllocator allocator) {
        this.in = in;
        this.allocator = allocator;
    }

    long bytesRead() {
        return bytesRead;
    }

    /**
     * @param part what the message should be, for messages: "the schema", "batch 2 (counting from 0)"
     * @return the next message, which the caller closes; null at the end-of-stream marker
     */
    IpcMessage next(String part) {
        byte[] prefix = new byte[PREFIX_BYTES];
        int prefixRead = read(prefix, 0, 4, part);
        if (prefixRead == 0) {
            throw new InvalidRequestException("body", bytesRead == 0
                    ? "the body is empty; an Arrow IPC stream starts with its schema"
                    : "the stream ends before " + part + " without its end-of-stream marker: the upload was cut"
                            + " short");
        }
        if (prefixRead == 4 && littleEndianInt(prefix, 0) != CONTINUATION) {
            throw new InvalidRequestException("body", "the body is not an Arrow IPC stream: a message does not"
                    + " start with the continuation marker 0xFFFFFFFF (an Arrow file, Feather or Parquet file,"
                    + " or a pre-0.15 stream? send the IPC stream format)");
        }
        if (prefixRead == 4) {
            prefixRead += read(prefix, 4, 4, part);
        }
        if (prefixRead < PREFIX_BYTES) {
            throw cutShort("inside the 8-byte prefix of " + part);
        }
        int metadataLength = littleEndianInt(prefix, 4);
        if (metadataLength == 0) {
            return null;
        }
        if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
            throw new InvalidRequestException("body", "the prefix of " + part + " claims " + metadataLength
                    + " bytes of metadata; at most " + MAX_METADATA_BYTES + " are accepted");
        }
        byte[] metadata = new byte[metadataLength];
        int metadataRead = read(metadata, 0, metadataLength, part);
        if (metadataRead < metadataLength) {
            throw cutShort("inside the header of " + part + ": its prefix declares " + metadataLength
                    + " bytes of metadata, " + metadataRead + " follow");
        }
        Message message;
        long bodyLength;
        short version;
        try {
            message = Message.getRootAsMessage(ByteBuffer.wrap(metadata));
            bodyLength = message.bodyLength();
            version = message.version();
        } catch (RuntimeException e) {
            throw IpcMessage.malformed(part, e);
        }
        requireReadableVersion(version, part);
        if (bodyLength < 0) {
            throw new InvalidRequestException("body", "the header of " + part + " declares a body of "
                    + bodyLength + " bytes");
        }
        return new IpcMessage(part, message, readBody(bodyLength, part));
    }

    /** Refuses bytes after the end-of-stream marker: a client that sent them meant something else. */
    void requireNothingAfterEnd() {
        byte[] one = new byte[1];
        if (read(one, 0, 1, "the end of the stream") > 0) {
            throw new InvalidRequestException("body", "the Arrow IPC stream is followed by more bytes after its"
                    + " end-of-stream marker; send exactly one stream per request");
        }
    }

    void close() throws IOException {
        in.close();
    }

    private static void requireReadableVersion(short version, String part) {
        if (version != MetadataVersion.V4 && version != MetadataVersion.V5) {
            throw new InvalidRequestException("body", "the header of " + part + " has metadata version "
                    + version + "; Data Forge reads versions V4 and V5 (3 and 4, written by Arrow 0.15 and later)");
        }
    }

    private ArrowBuf readBody(long bodyLength, String part) {
        if (bodyLength == 0) {
            return allocator.getEmpty();
        }
        ArrowBuf body;
        try {
            body = allocator.buffer(bodyLength);
        } catch (OutOfMemoryException e) {
            throw new TooLargeException("batch_bytes", "the header of " + part + " declares a body of "
                    + bodyLength + " bytes, more than the " + allocator.getLimit() + " one upload batch may hold;"
                    + " send smaller record batches");
        }
        try {
            byte[] chunk = new byte[(int) Math.min(COPY_BYTES, bodyLength)];
            long filled = 0;
            while (filled < bodyLength) {
                int wanted = (int) Math.min(chunk.length, bodyLength - filled);
                int got = read(chunk, 0, wanted, part);
                body.setBytes(filled, chunk, 0, got);
                filled += got;
                if (got < wanted) {
                    throw cutShort("inside the body of " + part + ": its header declares " + bodyLength
                            + " bytes, " + filled + " follow");
                }
            }
            body.writerIndex(bodyLength);
            return body;
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    /** Reads until {@code length} bytes or the end of the body; returns how many were read. */
    private int read(byte[] buffer, int offset, int length, String part) {
        int total = 0;
        try {
            while (total < length) {
                int n = in.read(buffer, offset + total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            throw new InvalidRequestException("body", "the body could not be read past byte "
                    + (bytesRead + total) + ", in " + part + ": the connection failed");
        }
        bytesRead += total;
        return total;
    }

    private static InvalidRequestException cutShort(String where) {
        return new InvalidRequestException("body", "the stream ends " + where + ": the upload was cut short");
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }
}
