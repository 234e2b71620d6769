package com.dataforge.infrastructure.duckdb.pool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of DuckDB connections, in the spirit of HikariCP but smaller.
 *
 * <p>Connections are opened lazily, when a borrow finds none idle, up to {@code maxSize}; a connection duplicated
 * from an in-process database is cheap to open and does not go stale, so there is no minimum, no eager fill and no
 * validation on borrow. Bounding the pool bounds two things DuckDB needs bounded: a connection is used by one thread
 * at a time, and calls into DuckDB pin a virtual thread's carrier.
 *
 * <p>When every connection is in use, borrowers wait in arrival order: a returned connection goes to the longest
 * waiter, never to a newcomer. On return a connection is made fit for the next borrower (an open transaction is
 * rolled back and auto-commit restored); if it is closed, cannot be reset, or was {@link PooledConnection#markBroken()
 * marked broken}, it is closed and a later borrow opens a fresh one.
 *
 * <p>With a positive leak threshold each borrow records where it happened, and a housekeeping thread logs one WARN,
 * with that stack, for each borrow held past the threshold; with a zero threshold the pool's {@link LeakDetection} is
 * the null object, and a borrow costs nothing for it.
 */
public final class ConnectionPool implements ConnectionSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final String name;
    private final ConnectionFactory factory;
    private final PoolSettings settings;
    /** {@link LeakDetection#OFF} for a zero leak threshold. */
    private final LeakDetection leaks;
    /** Each open connection's statement cache, which lives exactly as long as the connection. */
    private final Map<DuckDBConnection, PreparedStatements> statements = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock. A slot is the right to hold one connection; slotsTaken <= maxSize bounds open connections.
    // Waiters exist only while every slot is taken, because a freed slot goes straight to the head waiter.
    private final ArrayDeque<DuckDBConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int slotsTaken;
    private boolean closed;
    private long totalAcquired;
    private long totalTimeouts;
    private long totalReplaced;
    private long acquireWaitNanosTotal;
    private long acquireWaitNanosMax;
    /** Told each successful borrow's wait, for a histogram; nothing is told unless set. */
    private volatile LongConsumer acquireWaitObserver = nanos -> { };

    /**
     * @param name     names the pool in messages and in the housekeeping thread's name
     * @param factory  opens connections, e.g. {@code primary::duplicate}; the pool closes what it opens
     * @param settings size, acquire timeout and leak threshold
     */
    public ConnectionPool(String name, ConnectionFactory factory, PoolSettings settings) {
        this(name, factory, settings, ConnectionPool::logLeak);
    }

    ConnectionPool(String name, ConnectionFactory factory, PoolSettings settings, Consumer<LeakReport> leakListener) {
        this.name = Objects.requireNonNull(name, "name");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leaks = LeakDetection.of(name, settings.leakThreshold(), Objects.requireNonNull(leakListener,
                "leakListener"));
    }

    /**
     * Lends a connection; if all are in use, waits in line up to the acquire timeout. Close the result to give it
     * back.
     *
     * @throws SQLTransientConnectionException if none came free in time; the message names the pool, the timeout
     *                                         and the load
     * @throws SQLException if the pool is or becomes closed, the wait is interrupted (the interrupt flag stays set),
     *                      or opening a new connection fails
     */
    @Override
    public PooledConnection borrow() throws SQLException {
        return borrowWithin(settings.acquireTimeout());
    }

    /**
     * As {@link #borrow()}, but waits no longer than {@code maxWait} (nor the acquire timeout): for a caller that
     * must answer quickly, such as a readiness probe.
     */
    public PooledConnection borrowWithin(Duration maxWait) throws SQLException {
        long start = System.nanoTime();
        Duration timeout = maxWait.compareTo(settings.acquireTimeout()) < 0 ? maxWait : settings.acquireTimeout();
        DuckDBConnection connection = takeSlot(start, timeout);
        if (connection == null) {
            try {
                connection = factory.open();
                statements.put(connection, new PreparedStatements(connection));
            } catch (Throwable e) { // rethrown as is: only SQLException or unchecked can arrive here
                withLock(this::releaseSlot);
                throw e;
            }
        }
        long waited = System.nanoTime() - start;
        withLock(() -> {
            totalAcquired++;
            acquireWaitNanosTotal += waited;
            acquireWaitNanosMax = Math.max(acquireWaitNanosMax, waited);
        });
        acquireWaitObserver.accept(waited);
        return new PooledConnection(this, connection, statements.get(connection), leaks.watch());
    }

    /** Tells {@code observer} how long each successful borrow waited, in nanoseconds, on the borrowing thread. */
    public void observeAcquireWait(LongConsumer observer) {
        this.acquireWaitObserver = observer;
    }

    /** A consistent snapshot of the pool's state and counters. */
    public PoolStats stats() {
        lock.lock();
        try {
            return new PoolStats(settings.maxSize(), slotsTaken, idle.size(), waiters.size(), totalAcquired,
                    totalTimeouts, totalReplaced, acquireWaitNanosTotal, acquireWaitNanosMax);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops lending: waiting borrowers fail at once, idle connections are closed, and connections still out are
     * closed as they come back. Later calls do nothing.
     */
    @Override
    public void close() {
        List<DuckDBConnection> idleNow;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            idleNow = List.copyOf(idle);
            idle.clear();
            waiters.forEach(w -> w.wakeUp.signal());
            waiters.clear();
        } finally {
            lock.unlock();
        }
        leaks.close();
        idleNow.forEach(this::closeQuietly);
    }

    /** Called once per borrow, by {@link PooledConnection#close()}. */
    void giveBack(DuckDBConnection connection, boolean broken) {
        boolean reusable = !broken && resetForNextBorrower(connection);
        if (!reusable) {
            // Before its slot is freed, so that the replacement is never open at the same time.
            closeQuietly(connection);
        }
        boolean poolClosed;
        lock.lock();
        try {
            poolClosed = closed;
            if (!reusable) {
                totalReplaced++;
            } else if (!poolClosed) {
                idle.push(connection); // LIFO: the most recently used connection has the warmest caches
            }
            releaseSlot();
        } finally {
            lock.unlock();
        }
        if (reusable && poolClosed) {
            closeQuietly(connection);
        }
    }

    /**
     * Takes a slot, waiting in line if none is free.
     *
     * @return an idle connection to go with the slot, or null if the caller must open one
     */
    private DuckDBConnection takeSlot(long start, Duration timeout) throws SQLException {
        lock.lock();
        try {
            if (closed) {
                throw closedException();
            }
            if (slotsTaken < settings.maxSize()) {
                slotsTaken++;
                return idle.poll();
            }
            Waiter me = new Waiter(lock.newCondition());
            waiters.addLast(me);
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            try {
                while (!me.granted && !closed) {
                    if (remaining <= 0) {
                        waiters.remove(me);
                        totalTimeouts++;
                        throw new SQLTransientConnectionException("pool '" + name + "': no connection free within "
                                + timeout.toMillis() + " ms (size " + settings.maxSize() + ", "
                                + slotsTaken + " in use, " + waiters.size() + " waiting)");
                    }
                    remaining = me.wakeUp.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                leaveLine(me);
                Thread.currentThread().interrupt();
                throw new SQLException("pool '" + name + "': interrupted while waiting for a connection", e);
            }
            if (closed) {
                leaveLine(me);
                throw closedException();
            }
            return idle.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives up a place in line; a slot handed over meanwhile is passed on. Call with the lock held. */
    private void leaveLine(Waiter me) {
        if (me.granted) {
            releaseSlot();
        } else {
            waiters.remove(me);
        }
    }

    /** Hands the caller's slot to the longest waiter, or frees it. Call with the lock held. */
    private void releaseSlot() {
        Waiter next = waiters.poll();
        if (next == null) {
            slotsTaken--;
        } else {
            next.granted = true;
            next.wakeUp.signal();
        }
    }

    /** Undoes what a borrower may have left behind; false if the connection cannot be lent again. */
    private boolean resetForNextBorrower(DuckDBConnection connection) {
        try {
            if (connection.isClosed()) {
                return false;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            // Caught whatever it is: the slot must be freed even if the connection is beyond saving.
            LOG.warn("pool '{}': could not reset a returned connection; replacing it", name, e);
            return false;
        }
    }

    private void closeQuietly(DuckDBConnection connection) {
        PreparedStatements cached = statements.remove(connection);
        if (cached != null) {
            cached.close();
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("pool '{}': closing a connection failed", name, e);
        }
    }

    private SQLException closedException() {
        return new SQLException("pool '" + name + "' is closed");
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private static void logLeak(LeakReport leak) {
        LOG.warn("pool '{}': connection held for {} ms by thread {}, past the leak threshold of {} ms;"
                + " it was borrowed here:", leak.pool(), leak.heldMillis(), leak.thread(), leak.thresholdMillis(),
                leak.borrowedHere());
    }

    /** A borrower in line; a returning borrower sets granted, under the lock, when it hands over its slot. */
    private static final class Waiter {
        final Condition wakeUp;
        boolean granted;

        Waiter(Condition wakeUp) {
            this.wakeUp = wakeUp;
        }
    }
}
