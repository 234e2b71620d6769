package com.dataforge.infrastructure.arrow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * A channel onto an {@link OutputStream} that gathers Arrow's many small writes and its large direct buffers in
 * one reusable heap array and hands the stream big chunks ({@code Channels.newChannel} copies direct buffers
 * through 8 KiB and passes small writes one by one). {@link #close()} flushes what it holds but never closes
 * the stream. Once a write to the stream fails, or after {@link #discard()}, everything written is dropped.
 */
final class OutputStreamChannel implements WritableByteChannel {

    private final OutputStream out;
    private final byte[] buffer;
    private int buffered;
    private long accepted;
    private boolean open = true;
    private boolean discarding;

    OutputStreamChannel(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int length = source.remaining();
        if (discarding) {
            source.position(source.limit());
            return length;
        }
        if (length >= buffer.length && source.hasArray()) {
            drain();
            writeToStream(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
        } else {
            while (source.hasRemaining()) {
                if (buffered == buffer.length) {
                    drain();
                }
                int n = Math.min(source.remaining(), buffer.length - buffered);
                source.get(buffer, buffered, n);
                buffered += n;
            }
        }
        accepted += length;
        return length;
    }

    /** Hands everything buffered to the stream (without flushing the stream). */
    void drain() throws IOException {
        if (buffered > 0 && !discarding) {
            int n = buffered;
            buffered = 0;
            writeToStream(buffer, 0, n);
        }
        buffered = 0;
    }

    /** Flushes the stream after draining. */
    void flush() throws IOException {
        drain();
        if (!discarding) {
            try {
                out.flush();
            } catch (IOException | RuntimeException e) {
                discarding = true;
                throw e;
            }
        }
    }

    /** From now on nothing more reaches the stream, not even what is buffered. */
    void discard() {
        discarding = true;
        buffered = 0;
    }

    /** Bytes accepted from Arrow so far; after {@link #drain()} exactly what the stream has received. */
    long accepted() {
        return accepted;
    }

    private void writeToStream(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            discarding = true;
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            drain();
        }
    }
}
