package com.dataforge.infrastructure.lanes;

import java.util.Optional;

/**
 * A request's place in its lane, held by the thread that runs the request. While it is held, that thread's queries
 * borrow from the lane's own connections; closing it gives the place back.
 */
public final class Place implements AutoCloseable {

    private static final ThreadLocal<Lane> CURRENT = new ThreadLocal<>();

    private final Lane lane;
    private final Lane previous;
    private final Runnable release;
    private boolean closed;

    Place(Lane lane, Runnable release) {
        this.lane = lane;
        this.release = release;
        this.previous = CURRENT.get();
        CURRENT.set(lane);
    }

    public Lane lane() {
        return lane;
    }

    /** The lane of the place the calling thread holds, if it holds one. */
    static Optional<Lane> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Gives the place back; only the first call does anything. Call it on the thread that entered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
        release.run();
    }
}
