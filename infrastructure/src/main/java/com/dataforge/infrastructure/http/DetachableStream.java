package com.dataforge.infrastructure.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Stands between an encoder and a streamed response body. Closing it flushes but leaves the body open: closing the
 * exchange's body would send the final chunk, making a failed response look complete. Once {@link #detach()}ed it
 * swallows everything, so an encoder can be closed after a failure (to release its native memory) without its
 * trailer reaching the client.
 */
final class DetachableStream extends FilterOutputStream {

    private boolean detached;

    DetachableStream(OutputStream body) {
        super(body);
    }

    void detach() {
        detached = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (!detached) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!detached) {
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!detached) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
