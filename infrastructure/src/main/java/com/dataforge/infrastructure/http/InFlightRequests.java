package com.dataforge.infrastructure.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests being handled, so that shutdown can wait for exactly those. The JDK server's own count misses
 * exchanges that were aborted mid-stream, which would make every shutdown wait out its whole grace period.
 */
final class InFlightRequests {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    private int count;

    void enter() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    void exit() {
        lock.lock();
        try {
            if (--count == 0) {
                none.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** @return true if no request was in flight by the deadline */
    boolean awaitNone(Duration limit) throws InterruptedException {
        lock.lock();
        try {
            long remaining = limit.toNanos();
            while (count > 0 && remaining > 0) {
                remaining = none.awaitNanos(remaining);
            }
            return count == 0;
        } finally {
            lock.unlock();
        }
    }
}
