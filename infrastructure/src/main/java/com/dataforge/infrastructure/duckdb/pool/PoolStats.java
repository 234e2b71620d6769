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
}
