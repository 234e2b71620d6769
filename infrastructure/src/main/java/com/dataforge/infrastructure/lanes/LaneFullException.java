package com.dataforge.infrastructure.lanes;

import java.time.Duration;
import java.util.Objects;

/** A request found its lane full, or its caller holding every place one caller may: a 503 naming the lane. */
public final class LaneFullException extends RuntimeException {

    private final Lane lane;
    private final Duration retryAfter;

    LaneFullException(Lane lane, String message, Duration retryAfter) {
        super(message);
        this.lane = Objects.requireNonNull(lane, "lane");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Lane lane() {
        return lane;
    }

    /** When a retry has a fair chance: a short query ends within a second, a stream within minutes. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
