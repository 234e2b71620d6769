package com.dataforge.infrastructure.duckdb.pool;

/**
 * A consistent snapshot of a {@link ConnectionPool}, all fields read under one lock.
 *
 * @param maxSize               most connections open at once
 * @param active                borrows not yet returned
 * @param idle                  open connections waiting to be borrowed
 * @param waiting               threads waiting in {@link ConnectionPool#borrow()} for a connection to come back
 * @param totalAcquired         successful borrows
 * @param totalTimeouts         borrows that gave up after the acquire timeout
 * @param totalReplaced         connections discarded on return as broken (marked, closed, or not resettable);
 *                              a later borrow opens a fresh one in their place
 * @param acquireWaitNanosTotal time successful borrows spent in {@link ConnectionPool#borrow()}, summed
 * @param acquireWaitNanosMax   the longest of those
 */
public record PoolStats(int maxSize, int active, int idle, int waiting, long totalAcquired, long totalTimeouts,
        long totalReplaced, long acquireWaitNanosTotal, long acquireWaitNanosMax) {

    /** Two pools as one: counts added up, the longest wait the longer of the two. */
    public PoolStats plus(PoolStats other) {
        return new PoolStats(maxSize + other.maxSize, active + other.active, idle + other.idle,
                waiting + other.waiting, totalAcquired + other.totalAcquired, totalTimeouts + other.totalTimeouts,
                totalReplaced + other.totalReplaced, acquireWaitNanosTotal + other.acquireWaitNanosTotal,
                Math.max(acquireWaitNanosMax, other.acquireWaitNanosMax));
    }
}
