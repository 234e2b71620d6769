package com.dataforge.infrastructure.lanes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A request's place in its lane, held by the thread that runs the request. While it is held, that thread's queries
 * borrow from the lane's own connections; closing it gives the place back.
 */
public final class Place implements AutoCloseable {

    /**
     * The places each thread holds, latest first. Closing one takes out that place wherever it is, so places closed
     * in another order than entered still leave the thread in the lane of the latest it holds, and in none once all
     * are closed.
     */
    private static final ThreadLocal<Deque<Place>> HELD = new ThreadLocal<>();

    private final Lane lane;
    private final Runnable release;
    private boolean closed;

    Place(Lane lane, Runnable release) {
        this.lane = lane;
        this.release = release;
        Deque<Place> held = HELD.get();
        if (held == null) {
            held = new ArrayDeque<>(2);
            HELD.set(held);
        }
        held.push(this);
    }

    public Lane lane() {
        return lane;
    }

    /** The lane of the latest place the calling thread holds, if it holds one. */
    static Optional<Lane> current() {
        Deque<Place> held = HELD.get();
        return held == null ? Optional.empty() : Optional.of(held.peek().lane);
    }

    /** Gives the place back; only the first call does anything. Call it on the thread that entered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Deque<Place> held = HELD.get();
        if (held != null) {
            held.removeFirstOccurrence(this);
            if (held.isEmpty()) {
                HELD.remove();
            }
        }
        release.run();
    }
}
