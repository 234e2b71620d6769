package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the 8-byte prefix of each IPC message as Arrow's reader pulls it through: a continuation marker
 * (0xFFFFFFFF), then the metadata length, little-endian; a length of 0 is the end-of-stream marker. Arrow allocates
 * the metadata on the Java heap at whatever length the prefix claims, so random bytes or a hostile prefix could ask
 * for gigabytes; this refuses such a prefix while it is being read, before Arrow sees it. It also tells a stream that
 * ended with its end-of-stream marker from one cut short between two messages, which Arrow takes for a clean end.
 */
final class IpcFraming extends FilterInputStream {

    /** Far beyond the metadata of any real schema or batch (a few KiB per thousand columns). */
    static final int MAX_METADATA_BYTES = 16 << 20;
    private static final int PREFIX_BYTES = 8;

    private final byte[] prefix = new byte[PREFIX_BYTES];
    private int prefixSeen = PREFIX_BYTES;
    private boolean endOfStreamSeen;

    IpcFraming(InputStream body) {
        super(body);
    }

    /** The next bytes read are the prefix of a new message. */
    void expectMessage() {
        prefixSeen = 0;
    }

    boolean endOfStreamSeen() {
        return endOfStreamSeen;
    }

    /** Refuses bytes after the end-of-stream marker: a client that sent them meant something else. */
    void requireNothingAfterEnd() throws IOException {
        if (in.read() != -1) {
            throw new InvalidRequestException("body", "the Arrow IPC stream is followed by more bytes after its"
                    + " end-of-stream marker; send exactly one stream per request");
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            watch(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            watch(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        // Arrow does not skip in a stream; refusing keeps every byte under watch.
        return 0;
    }

    private void watch(byte[] buffer, int offset, int length) {
        for (int i = 0; i < length && prefixSeen < PREFIX_BYTES; i++) {
            prefix[prefixSeen++] = buffer[offset + i];
            if (prefixSeen == 4 && littleEndianInt(0) != -1) {
                throw new InvalidRequestException("body", "the body is not an Arrow IPC stream: a message does not"
                        + " start with the continuation marker 0xFFFFFFFF (an Arrow file, Feather or Parquet file,"
                        + " or a pre-0.15 stream? send the IPC stream format)");
            }
            if (prefixSeen == PREFIX_BYTES) {
                int metadataLength = littleEndianInt(4);
                if (metadataLength == 0) {
                    endOfStreamSeen = true;
                } else if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
                    throw new InvalidRequestException("body", "an Arrow IPC message claims " + metadataLength
                            + " bytes of metadata; at most " + MAX_METADATA_BYTES + " are accepted");
                }
            }
        }
    }

    private int littleEndianInt(int at) {
        return (prefix[at] & 0xFF) | (prefix[at + 1] & 0xFF) << 8 | (prefix[at + 2] & 0xFF) << 16
                | (prefix[at + 3] & 0xFF) << 24;
    }
}
