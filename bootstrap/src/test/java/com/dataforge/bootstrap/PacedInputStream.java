package com.dataforge.bootstrap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A slow but steady reader: {@code chunk} bytes, then a pause, so the server waits on it often but never long. The
 * pause is the client's pace, not a wait for a condition.
 */
public final class PacedInputStream extends FilterInputStream {
    private final int chunk;
    private final Duration pause;
    private int sinceLastPause;

    public PacedInputStream(InputStream in, int chunk, Duration pause) {
        super(in);
        this.chunk = chunk;
        this.pause = pause;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (sinceLastPause >= chunk) {
            try {
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sinceLastPause = 0;
        }
        int n = in.read(b, off, Math.min(len, chunk - sinceLastPause));
        sinceLastPause += Math.max(n, 0);
        return n;
    }
}
