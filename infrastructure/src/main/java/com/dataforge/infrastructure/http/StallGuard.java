package com.dataforge.infrastructure.http;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One exchange's socket calls as the {@link StallWatchdog} sees them. Each call records that the handling thread is
 * blocked in it and since when; a write is cut into slices, so a slow but steady client completes slices and is
 * never taken for a stalled one, however big the write.
 *
 * <p>The lock makes the watchdog's interrupt and the end of a call mutually exclusive: the watchdog interrupts only a
 * thread still inside a call, and a call that ends after being cut clears the interrupt before anything else runs on
 * that thread (DuckDB calls in particular), then fails with an {@link IOException} saying why.
 */
final class StallGuard {

    /**
     * Progress is seen once per slice: a client slower than a slice per stall timeout (64 KiB a minute, about
     * 1 KiB/s, at the default) counts as stalled.
     */
    static final int SLICE_BYTES = 64 * 1024;

    private final StallWatchdog watchdog;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private Thread caller;
    private long since;
    private boolean inside;
    private boolean cut;
    private String reason;

    StallGuard(StallWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    /** A socket call that may block until the client reads or sends. */
    @FunctionalInterface
    interface SocketCall<T> {
        T run() throws IOException;
    }

    <T> T call(SocketCall<T> call) throws IOException {
        if (!watchdog.enabled()) {
            return call.run();
        }
        enter();
        try {
            return call.run();
        } finally {
            exit();
        }
    }

    OutputStream watch(OutputStream body) {
        if (!watchdog.enabled()) {
            return body;
        }
        return new FilterOutputStream(body) {
            @Override
            public void write(int b) throws IOException {
                call(() -> {
                    out.write(b);
                    return null;
                });
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int done = 0; done < len; done += SLICE_BYTES) {
                    int start = off + done;
                    int length = Math.min(SLICE_BYTES, len - done);
                    call(() -> {
                        out.write(b, start, length);
                        return null;
                    });
                }
            }

            @Override
            public void flush() throws IOException {
                call(() -> {
                    out.flush();
                    return null;
                });
            }

            @Override
            public void close() throws IOException {
                call(() -> {
                    out.close();
                    return null;
                });
            }
        };
    }

    InputStream watch(InputStream body) {
        if (!watchdog.enabled()) {
            return body;
        }
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                return call(in::read);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return call(() -> in.read(b, off, len));
            }

            @Override
            public long skip(long n) throws IOException {
                return call(() -> in.skip(n));
            }

            @Override
            public void close() throws IOException {
                call(() -> {
                    in.close();
                    return null;
                });
            }
        };
    }

    /**
     * Called by the watchdog: interrupts the handling thread if it has been inside one call since before
     * {@code deadline}.
     *
     * @return true if this call cut the exchange off
     */
    boolean cutIfBlockedSince(long deadline) {
        lock.lock();
        try {
            if (!inside || since - deadline > 0) {
                return false;
            }
            return cut("the client neither read nor sent anything for " + watchdog.timeout().toMillis()
                    + " ms (the stall timeout); connection closed");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cuts the exchange off: interrupts the handling thread if it is inside a call, and fails every later call with
     * {@code why}.
     *
     * @return false if it was cut off already
     */
    boolean cut(String why) {
        lock.lock();
        try {
            if (cut) {
                return false;
            }
            cut = true;
            reason = why;
            if (inside) {
                caller.interrupt();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void enter() throws IOException {
        lock.lock();
        try {
            if (cut) {
                throw cutOff();
            }
            caller = Thread.currentThread();
            since = System.nanoTime();
            inside = true;
        } finally {
            lock.unlock();
        }
        watchdog.blocking(this);
    }

    private void exit() throws IOException {
        watchdog.unblocked(this);
        boolean wasCut;
        lock.lock();
        try {
            inside = false;
            wasCut = cut;
        } finally {
            lock.unlock();
        }
        if (wasCut) {
            // The interrupt was delivered under the lock, so it has landed by now: clear it here, before the
            // thread goes on to close its query, and fail the call whether or not the socket had closed yet.
            Thread.interrupted();
            throw cutOff();
        }
    }

    private IOException cutOff() {
        lock.lock();
        try {
            return new IOException(reason);
        } finally {
            lock.unlock();
        }
    }
}
