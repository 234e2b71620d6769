package com.dataforge.infrastructure.lanes;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stream lane's places: a fair, bounded semaphore, and a count per caller so that one caller cannot take, or
 * queue for, every place. A caller's share counts its waiting requests too, so it cannot line up without bound, and
 * the queue as a whole is bounded too: a waiter holds a thread and a socket, never a connection.
 */
final class StreamGate {

    /** Streams last minutes: retrying within a second would only be refused again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final int places;
    private final int perCaller;
    private final int mostWaiting;
    private final Duration wait;
    private final Semaphore free;
    private final ConcurrentHashMap<String, Integer> shares = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder refusedPerCaller = new LongAdder();

    StreamGate(int places, int perCaller, int mostWaiting, Duration wait) {
        this.places = places;
        this.perCaller = perCaller;
        this.mostWaiting = mostWaiting;
        this.wait = wait;
        this.free = new Semaphore(places, true);
    }

    /**
     * Takes a place for {@code caller}, waiting up to the lane's wait.
     *
     * @return what gives the place back
     */
    Runnable enter(String caller) {
        takeShare(caller);
        boolean admitted = false;
        try {
            admitted = queue();
        } finally {
            if (!admitted) {
                releaseShare(caller);
            }
        }
        if (!admitted) {
            timeouts.increment();
            throw new LaneFullException(Lane.STREAM, "the stream lane is full: " + places + " streams are in flight,"
                    + " the most this server runs at once (--max-streams), and none ended within "
                    + wait.toMillis() + " ms; retry later", RETRY_AFTER);
        }
        return () -> {
            free.release();
            releaseShare(caller);
        };
    }

    /** Waits for a place, unless the queue is already full; a zero-time try still honours the semaphore's order. */
    private boolean queue() {
        if (waiting.incrementAndGet() > mostWaiting) {
            waiting.decrementAndGet();
            if (tryNow()) {
                return true;
            }
            timeouts.increment();
            throw new LaneFullException(Lane.STREAM, "the stream lane is full: " + places + " streams are in flight"
                    + " (--max-streams) and " + mostWaiting + " more are waiting for a place, the most that may wait"
                    + " (--max-waiting-streams); retry later", RETRY_AFTER);
        }
        try {
            return free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private boolean tryNow() {
        try {
            return free.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    LaneStats stats() {
        return new LaneStats(Lane.STREAM, places, places - free.availablePermits(), waiting.get(), timeouts.sum(),
                refusedPerCaller.sum());
    }

    @Override
    public String toString() {
        return places + (perCaller == 0 ? "" : " (" + perCaller + " per client)");
    }

    private void takeShare(String caller) {
        if (perCaller == 0) {
            return;
        }
        boolean[] refused = {false};
        shares.compute(caller, (key, held) -> {
            int count = held == null ? 0 : held;
            if (count >= perCaller) {
                refused[0] = true;
                return held;
            }
            return count + 1;
        });
        if (refused[0]) {
            refusedPerCaller.increment();
            throw new LaneFullException(Lane.STREAM, "'" + caller + "' already has " + perCaller + " streams in"
                    + " flight or waiting, the most one client may have at once (--max-streams-per-client); retry"
                    + " when one of them has ended", RETRY_AFTER);
        }
    }

    private void releaseShare(String caller) {
        if (perCaller != 0) {
            shares.computeIfPresent(caller, (key, held) -> held == 1 ? null : held - 1);
        }
    }
}
