package com.dataforge.infrastructure.duckdb.pool;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a {@link ConnectionPool} does about borrows held too long: nothing at all ({@link #OFF}, the null object, in
 * the manner of HikariCP's {@code ProxyLeakTask.NO_LEAK}), or report each borrow held past a threshold, with where it
 * was borrowed. The pool calls it the same way either way, so it has no null checks.
 *
 * <p>Switched on, a borrow costs one stack trace (about 2 µs at the 40-odd frames of a request's borrow, measured
 * here; a GET by key costs about 1.3 ms of CPU) and a timer scheduled and cancelled on one platform thread.
 */
abstract sealed class LeakDetection implements AutoCloseable {

    /** Watches nothing, costs nothing. */
    static final LeakDetection OFF = new Off();

    /** Off for a zero threshold, else a report to {@code listener} for each borrow held past {@code threshold}. */
    static LeakDetection of(String pool, Duration threshold, Consumer<LeakReport> listener) {
        return threshold.isZero() ? OFF : new Threshold(pool, threshold, listener);
    }

    /** Starts watching the borrow the calling thread is making; tell the watch when the borrow is given back. */
    abstract Watch watch();

    /** Stops watching: borrows still out are never reported. */
    @Override
    public abstract void close();

    /** One borrow, watched. */
    interface Watch {

        /** The watch of a borrow nobody watches. */
        Watch NONE = () -> { };

        /** The borrow was given back: it is never reported after this returns. */
        void returned();
    }

    private static final class Off extends LeakDetection {
        @Override
        Watch watch() {
            return Watch.NONE;
        }

        @Override
        public void close() {
        }
    }

    /** A timer per borrow, on a housekeeping thread of its own, cancelled when the borrow is given back. */
    private static final class Threshold extends LeakDetection {

        private final String pool;
        private final Duration threshold;
        private final Consumer<LeakReport> listener;
        private final ScheduledThreadPoolExecutor housekeeper;

        Threshold(String pool, Duration threshold, Consumer<LeakReport> listener) {
            this.pool = pool;
            this.threshold = threshold;
            this.listener = listener;
            // A platform thread: DuckDB calls pin virtual threads' carriers, and a pool whose connections are all
            // stuck in long calls is exactly when the leak report must still run.
            this.housekeeper = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().daemon().name("pool-" + pool + "-housekeeper").factory());
            // Every return cancels its timer; drop cancelled timers at once instead of when they would have fired.
            housekeeper.setRemoveOnCancelPolicy(true);
        }

        @Override
        Watch watch() {
            TimedWatch watch = new TimedWatch(new Exception("borrowed here"), describe(Thread.currentThread()),
                    System.nanoTime());
            try {
                watch.timer = housekeeper.schedule(() -> report(watch), threshold.toNanos(), TimeUnit.NANOSECONDS);
                return watch;
            } catch (RejectedExecutionException e) {
                // The pool closed during this borrow; nothing is watched any more, and the connection closes on return.
                return Watch.NONE;
            }
        }

        private void report(TimedWatch watch) {
            if (!watch.returned) {
                listener.accept(new LeakReport(pool, watch.thread,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - watch.since), threshold.toMillis(),
                        watch.borrowedHere));
            }
        }

        @Override
        public void close() {
            housekeeper.shutdownNow();
        }

        private static String describe(Thread thread) {
            // Virtual threads are usually unnamed; their toString carries the id.
            return thread.getName().isEmpty() ? thread.toString() : thread.getName();
        }
    }

    private static final class TimedWatch implements Watch {
        final Exception borrowedHere;
        final String thread;
        final long since;
        /** Set right after scheduling, on the borrowing thread, before the borrower is given this watch. */
        ScheduledFuture<?> timer;
        /** Checked by the timer too: a return racing with the timer's start still goes unreported. */
        volatile boolean returned;

        TimedWatch(Exception borrowedHere, String thread, long since) {
            this.borrowedHere = borrowedHere;
            this.thread = thread;
            this.since = since;
        }

        @Override
        public void returned() {
            returned = true;
            timer.cancel(false);
        }
    }
}
