package com.dataforge.infrastructure.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body held in memory, up to a bound, and sent only when {@link #release() released}: for a short request
 * whose answer is streamed by the code that reads it (a small record page), so that its DuckDB connection is given
 * back when its query ends, not when a slow client has taken the answer. Flushes are held too. An answer that outgrows
 * the bound is sent from then on as it is written, as a stream's is.
 */
final class GatheredBody extends OutputStream {

    private final OutputStream target;
    private final int maxBytes;
    private final ByteArrayOutputStream held;
    private boolean passing;

    /** @param target where the body goes once released: the exchange's own, watched for stalls */
    GatheredBody(OutputStream target, int maxBytes) {
        this.target = target;
        this.maxBytes = maxBytes;
        this.held = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!passing && held.size() + len > maxBytes) {
            release();
        }
        if (passing) {
            target.write(b, off, len);
        } else {
            held.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (passing) {
            target.flush();
        }
    }

    /** The exchange closes its own body; closing this sends nothing early. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** Sends what is held; everything written after goes straight through. Only the first call sends anything. */
    void release() throws IOException {
        if (!passing) {
            passing = true;
            held.writeTo(target);
            held.reset();
        }
    }

    /** Bytes held, not yet sent. */
    int heldBytes() {
        return held.size();
    }
}
