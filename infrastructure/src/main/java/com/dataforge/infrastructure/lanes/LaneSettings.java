package com.dataforge.infrastructure.lanes;

import java.time.Duration;
import java.util.Objects;

/**
 * How big each lane is.
 *
 * @param shortConnections    DuckDB connections of the short lane: the most short queries running at once
 * @param streams             places, and DuckDB connections, of the stream lane: the most streams in flight
 * @param streamsPerCaller    the most stream places one caller may hold or wait for; 0 for no bound of its own
 * @param waitingStreams      the most streams waiting for a place at once; one more is refused at once
 * @param acquireTimeout      how long a short request waits for a connection of its lane before a 503
 * @param streamWait          how long a stream waits for a place before a 503: streams last seconds to minutes,
 *                            so a wait as short as a short request's would refuse readers that merely queue
 * @param shortLeakThreshold  a short-lane connection held longer is logged with where it was borrowed; zero: never
 * @param streamLeakThreshold the same for the stream lane, whose connections are rightly held for as long as a
 *                            client reads: at least the longest response allowed, or zero
 */
public record LaneSettings(int shortConnections, int streams, int streamsPerCaller, int waitingStreams,
        Duration acquireTimeout, Duration streamWait, Duration shortLeakThreshold, Duration streamLeakThreshold) {

    public LaneSettings {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(streamWait, "streamWait");
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
        if (waitingStreams < 0) {
            throw new IllegalArgumentException("waiting streams must be 0 or more, got " + waitingStreams);
        }
    }
}
