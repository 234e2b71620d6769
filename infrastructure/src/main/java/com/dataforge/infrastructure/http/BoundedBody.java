package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.TooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that refuses to yield more than a set number of bytes. com.sun.net.httpserver has no body limit of
 * its own, and a chunked upload announces no length, so the limit is enforced as the bytes arrive.
 */
final class BoundedBody extends FilterInputStream {

    private final long maxBytes;
    private final String limit;
    private long read;

    /** @param limit the name of the limit, as a 413 reports it */
    BoundedBody(InputStream body, long maxBytes, String limit) {
        super(body);
        this.maxBytes = maxBytes;
        this.limit = limit;
    }

    static TooLargeException tooLarge(long maxBytes, String limit) {
        return new TooLargeException(limit, "the request body is larger than " + maxBytes + " bytes, the most one"
                + " request may send (" + limit + "); split it into several requests");
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long bytes) {
        read += bytes;
        if (read > maxBytes) {
            throw tooLarge(maxBytes, limit);
        }
    }
}
