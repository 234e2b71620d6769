package com.dataforge.infrastructure.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off a client that has stopped reading its response (or sending its request body) while keeping the socket
 * open, so that the request gives back its lane place and DuckDB connection within a bounded time.
 *
 * <p>The JDK server bounds only a whole response ({@code maxRspTime}), which would also cut off a slow but steady
 * download. Here each socket call of an exchange is watched instead (see {@link StallGuard}): a call blocked longer
 * than the stall timeout means the client made no progress for that long. The watchdog then interrupts the
 * exchange's thread. The JDK server writes and reads through a blocking {@code SocketChannel}, an interruptible
 * channel, so the interrupt closes the channel and the blocked call fails; the request unwinds and releases what it
 * holds. The interrupt is delivered only while the thread is inside a watched socket call, never in DuckDB code.
 */
public final class StallWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);

    /** Watches nothing. */
    public static final StallWatchdog OFF = new StallWatchdog();

    private final Duration timeout;
    private final Set<StallGuard> blocked = ConcurrentHashMap.newKeySet();
    /** The guards of every exchange in flight, blocked or not. */
    private final Set<StallGuard> live = ConcurrentHashMap.newKeySet();
    private final LongAdder cutOff = new LongAdder();
    private final ScheduledExecutorService scanner;

    private StallWatchdog() {
        this.timeout = Duration.ZERO;
        this.scanner = null;
    }

    /** @param timeout longest one socket call may stay blocked; at least 1 ms */
    public StallWatchdog(Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("stall timeout must be at least 1 ms, got " + timeout);
        }
        this.timeout = timeout;
        // A platform thread: virtual threads' carriers may all be pinned by DuckDB calls when it matters most.
        var executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("stall-watchdog").factory());
        long period = Math.clamp(timeout.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(1));
        executor.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.NANOSECONDS);
        this.scanner = executor;
    }

    /**
     * A guard for one exchange's socket calls, all made on the thread that handles it; {@link #ended} when the
     * exchange is.
     */
    StallGuard guard() {
        StallGuard guard = new StallGuard(this);
        if (enabled()) {
            live.add(guard);
        }
        return guard;
    }

    void ended(StallGuard guard) {
        live.remove(guard);
    }

    /**
     * Cuts off every exchange in flight: one blocked in a socket call at once, any other at its next socket call,
     * which fails with {@code reason}. For a server that must end its exchanges without closing the connections
     * itself, because the listener is not its own (a mounted one). A watchdog that is {@link #OFF} cuts nothing.
     *
     * @return how many exchanges were cut off
     */
    int cutOffEveryExchange(String reason) {
        int count = 0;
        for (StallGuard guard : live) {
            if (guard.cut(reason)) {
                count++;
            }
        }
        return count;
    }

    boolean enabled() {
        return scanner != null;
    }

    /** Exchanges cut off since start. */
    public long cutOff() {
        return cutOff.sum();
    }

    Duration timeout() {
        return timeout;
    }

    void blocking(StallGuard guard) {
        blocked.add(guard);
    }

    void unblocked(StallGuard guard) {
        blocked.remove(guard);
    }

    private void scan() {
        long now = System.nanoTime();
        for (StallGuard guard : blocked) {
            try {
                if (guard.cutIfBlockedSince(now - timeout.toNanos())) {
                    cutOff.increment();
                }
            } catch (RuntimeException e) {
                // Thrown out of scan, it would cancel every later scan without a word.
                LOG.error("stall watchdog could not cut off a stalled exchange", e);
            }
        }
    }

    @Override
    public void close() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return enabled() ? timeout.toSeconds() + " s" : "off";
    }
}
