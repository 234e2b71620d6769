package com.dataforge.infrastructure.lanes;

import java.time.Duration;
import java.util.Objects;

/**
 * How big each lane is.
 *
 * @param shortConnections    DuckDB connections of the short lane: the most short queries running at once
 * @param streams             places, and DuckDB connections, of the stream lane: the most streams in flight
 * @param streamsPerCaller    the most stream places one caller may hold or wait for; 0 for no bound of its own
 * @param acquireTimeout      how long a request waits for a place or connection of its lane before a 503
 * @param shortLeakThreshold  a short-lane connection held longer is logged with where it was borrowed; zero: never
 * @param streamLeakThreshold the same for the stream lane, whose connections are rightly held for as long as a
 *                            client reads: at least the longest response allowed, or zero
 */
public record LaneSettings(int shortConnections, int streams, int streamsPerCaller, Duration acquireTimeout,
        Duration shortLeakThreshold, Duration streamLeakThreshold) {

    public LaneSettings {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(shortLeakThreshold, "shortLeakThreshold");
        Objects.requireNonNull(streamLeakThreshold, "streamLeakThreshold");
        if (shortConnections < 1) {
            throw new IllegalArgumentException("the short lane needs at least 1 connection, got " + shortConnections);
        }
        if (streams < 1) {
            throw new IllegalArgumentException("the stream lane needs at least 1 place, got " + streams);
        }
        if (streamsPerCaller < 0) {
            throw new IllegalArgumentException("streams per caller must be 0 (no bound) or more, got "
                    + streamsPerCaller);
        }
    }
}
