package com.dataforge.infrastructure.duckdb.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ConnectionPool} behaves.
 *
 * @param maxSize        most connections open at once, at least 1
 * @param acquireTimeout longest {@link ConnectionPool#borrow()} waits for a free connection, positive
 * @param leakThreshold  a borrow held longer than this is logged as a probable leak; {@link Duration#ZERO}
 *                       turns leak detection off
 */
public record PoolSettings(int maxSize, Duration acquireTimeout, Duration leakThreshold) {

    public PoolSettings {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(leakThreshold, "leakThreshold");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
        }
        if (acquireTimeout.isNegative() || acquireTimeout.isZero()) {
            throw new IllegalArgumentException("acquireTimeout must be positive, was " + acquireTimeout);
        }
        if (leakThreshold.isNegative()) {
            throw new IllegalArgumentException("leakThreshold must be zero (off) or positive, was " + leakThreshold);
        }
    }
}
