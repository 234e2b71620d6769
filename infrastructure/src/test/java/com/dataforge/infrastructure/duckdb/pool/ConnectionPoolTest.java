package com.dataforge.infrastructure.duckdb.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private DuckDBConnection primary;
    private final AtomicInteger opened = new AtomicInteger();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void openDatabase() throws SQLException {
        primary = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        threads.shutdownNow();
        primary.close();
    }

    @Test
    void manyVirtualThreadsShareThreeConnectionsWithoutExceedingTheBound() throws Exception {
        try (ConnectionPool pool = pool(3, GENEROUS)) {
            AtomicInteger inUse = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            AtomicInteger peakActive = new AtomicInteger();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(threads.submit(() -> {
                    try (PooledConnection borrowed = pool.borrow()) {
                        peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                        peakActive.accumulateAndGet(pool.stats().active(), Math::max);
                        try {
                            return selectInt(borrowed.connection(), "SELECT 42");
                        } finally {
                            inUse.decrementAndGet();
                        }
                    }
                }));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(42, answer.get(60, TimeUnit.SECONDS));
            }

            assertTrue(peak.get() <= 3, "peak in use " + peak.get());
            assertTrue(peakActive.get() <= 3, "peak active " + peakActive.get());
            assertTrue(opened.get() <= 3, "opened " + opened.get());
            PoolStats stats = pool.stats();
            assertEquals(0, stats.active());
            assertEquals(0, stats.waiting());
            assertTrue(stats.idle() <= 3, "idle " + stats.idle());
            assertEquals(200, stats.totalAcquired());
            assertEquals(0, stats.totalTimeouts());
            assertTrue(stats.acquireWaitNanosMax() <= stats.acquireWaitNanosTotal());

            try (PooledConnection a = pool.borrow(); PooledConnection b = pool.borrow();
                    PooledConnection c = pool.borrow()) {
                assertEquals(3, pool.stats().active());
                assertEquals(3, Arrays.stream(new PooledConnection[] {a, b, c})
                        .map(PooledConnection::connection).distinct().count());
            }
            assertEquals(3, pool.stats().idle());
        }
    }

    @Test
    void borrowTimesOutWithAMessageSayingWhatTimedOut() throws Exception {
        try (ConnectionPool pool = pool(1, Duration.ofMillis(200));
                PooledConnection held = pool.borrow()) {
            Future<Long> waited = threads.submit(() -> {
                long start = System.nanoTime();
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::borrow);
                long elapsed = System.nanoTime() - start;
                assertEquals("pool 'test': no connection free within 200 ms (size 1, 1 in use, 0 waiting)",
                        e.getMessage());
                return elapsed;
            });

            assertTrue(waited.get(30, TimeUnit.SECONDS) >= Duration.ofMillis(200).toNanos());
            PoolStats stats = pool.stats();
            assertEquals(1, stats.totalTimeouts());
            assertEquals(1, stats.totalAcquired());
            assertEquals(1, stats.active());
            assertEquals(0, stats.waiting());
            assertEquals(42, selectInt(held.connection(), "SELECT 42"));
        }
    }

    @Test
    void aBorrowWithItsOwnShorterWaitGivesUpAfterThatWaitNotTheAcquireTimeout() throws Exception {
        try (ConnectionPool pool = pool(1, GENEROUS);
                PooledConnection held = pool.borrow()) {
            long start = System.nanoTime();
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class,
                    () -> pool.borrowWithin(Duration.ofMillis(100)));

            assertTrue(System.nanoTime() - start < GENEROUS.toNanos() / 2, "gave up long before the acquire timeout");
            assertEquals("pool 'test': no connection free within 100 ms (size 1, 1 in use, 0 waiting)",
                    e.getMessage());
        }
        try (ConnectionPool pool = pool(1, Duration.ofMillis(100));
                PooledConnection held = pool.borrow()) {
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class,
                    () -> pool.borrowWithin(GENEROUS));
            assertTrue(e.getMessage().contains("within 100 ms"), "never waits past the acquire timeout");
        }
    }

    @Test
    void aConnectionMarkedBrokenIsReplaced() throws Exception {
        try (ConnectionPool pool = pool(1, GENEROUS)) {
            DuckDBConnection first;
            try (PooledConnection borrowed = pool.borrow()) {
                first = borrowed.connection();
                borrowed.markBroken();
            }
            assertTrue(first.isClosed());
            assertEquals(0, pool.stats().idle());

            try (PooledConnection borrowed = pool.borrow()) {
                assertNotSame(first, borrowed.connection());
                assertEquals(42, selectInt(borrowed.connection(), "SELECT 42"));
            }
            assertEquals(1, pool.stats().totalReplaced());
            assertEquals(2, opened.get());
        }
    }

    @Test
    void aConnectionClosedByTheBorrowerIsReplaced() throws Exception {
        try (ConnectionPool pool = pool(1, GENEROUS)) {
            DuckDBConnection first;
            try (PooledConnection borrowed = pool.borrow()) {
                first = borrowed.connection();
                first.close();
            }

            try (PooledConnection borrowed = pool.borrow()) {
                assertNotSame(first, borrowed.connection());
                assertEquals(42, selectInt(borrowed.connection(), "SELECT 42"));
            }
            assertEquals(1, pool.stats().totalReplaced());
        }
    }

    @Test
    void closingTwiceReturnsOnceAndTheConnectionIsNoLongerReachable() throws Exception {
        try (ConnectionPool pool = pool(2, GENEROUS)) {
            PooledConnection borrowed = pool.borrow();
            borrowed.close();
            borrowed.close();

            PoolStats stats = pool.stats();
            assertEquals(0, stats.active());
            assertEquals(1, stats.idle());
            assertThrows(IllegalStateException.class, borrowed::connection);
        }
    }

    @Test
    void aTransactionLeftOpenIsRolledBackOnReturn() throws Exception {
        try (Statement ddl = primary.createStatement()) {
            ddl.execute("CREATE TABLE t (i INTEGER)");
        }
        try (ConnectionPool pool = pool(1, GENEROUS)) {
            DuckDBConnection first;
            try (PooledConnection borrowed = pool.borrow()) {
                first = borrowed.connection();
                first.setAutoCommit(false);
                try (Statement insert = first.createStatement()) {
                    insert.execute("INSERT INTO t VALUES (1), (2)");
                }
            }

            assertEquals(0, selectInt(primary, "SELECT count(*) FROM t"));
            try (PooledConnection borrowed = pool.borrow()) {
                assertSame(first, borrowed.connection());
                assertTrue(borrowed.connection().getAutoCommit());
                assertEquals(0, selectInt(borrowed.connection(), "SELECT count(*) FROM t"));
            }
            assertEquals(0, pool.stats().totalReplaced());
        }
    }

    @Test
    void aBorrowHeldPastTheLeakThresholdIsReportedOnceWithWhereItWasBorrowed() throws Exception {
        BlockingQueue<LeakReport> reports = new LinkedBlockingQueue<>();
        try (ConnectionPool pool = new ConnectionPool("test", primary::duplicate,
                new PoolSettings(3, GENEROUS, Duration.ofMillis(100)), reports::add)) {
            PooledConnection leaked = pool.borrow();
            LeakReport report = reports.poll(30, TimeUnit.SECONDS);

            assertTrue(report != null, "no leak reported");
            assertEquals("test", report.pool());
            assertEquals(Thread.currentThread().getName(), report.thread());
            assertEquals(100, report.thresholdMillis());
            assertTrue(report.heldMillis() >= 100, "held " + report.heldMillis());
            assertTrue(Arrays.stream(report.borrowedHere().getStackTrace()).anyMatch(frame -> frame.getMethodName()
                    .equals("aBorrowHeldPastTheLeakThresholdIsReportedOnceWithWhereItWasBorrowed")));

            // A borrow returned in time is never reported: its timer would fire before the one of the borrow after it.
            pool.borrow().close();
            PooledConnection alsoLeaked = pool.borrow();
            LeakReport second = reports.poll(30, TimeUnit.SECONDS);
            assertTrue(second != null, "second leak not reported");
            assertNotSame(report.borrowedHere(), second.borrowedHere());
            alsoLeaked.close();
            leaked.close();
            assertTrue(reports.isEmpty(), "unexpected reports " + reports);
        }
    }

    @Test
    void closeFailsWaitersAtOnceAndClosesConnectionsAsTheyComeBack() throws Exception {
        ConnectionPool pool = pool(1, GENEROUS);
        PooledConnection held = pool.borrow();
        Future<PooledConnection> waiter = threads.submit(pool::borrow);
        awaitUntil(() -> pool.stats().waiting() == 1);

        pool.close();

        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SQLException.class, failed.getCause());
        assertEquals("pool 'test' is closed", failed.getCause().getMessage());
        SQLException afterClose = assertThrows(SQLException.class, pool::borrow);
        assertEquals("pool 'test' is closed", afterClose.getMessage());
        pool.close();

        DuckDBConnection connection = held.connection();
        assertFalse(connection.isClosed());
        held.close();
        assertTrue(connection.isClosed());
        PoolStats stats = pool.stats();
        assertEquals(0, stats.active());
        assertEquals(0, stats.idle());
        assertEquals(0, stats.waiting());
    }

    @Test
    void closeClosesIdleConnections() throws Exception {
        ConnectionPool pool = pool(2, GENEROUS);
        DuckDBConnection idle;
        try (PooledConnection borrowed = pool.borrow()) {
            idle = borrowed.connection();
        }

        pool.close();

        assertTrue(idle.isClosed());
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        try (ConnectionPool pool = pool(1, GENEROUS)) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> waiters = new ArrayList<>();
            PooledConnection held = pool.borrow();
            for (String name : List.of("A", "B", "C")) {
                int before = pool.stats().waiting();
                waiters.add(threads.submit(() -> {
                    PooledConnection borrowed = pool.borrow();
                    order.add(name);
                    borrowed.close();
                    return null;
                }));
                awaitUntil(() -> pool.stats().waiting() == before + 1);
            }

            held.close();

            for (Future<?> waiter : waiters) {
                waiter.get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of("A", "B", "C"), order);
            assertEquals(4, pool.stats().totalAcquired());
        }
    }

    @Test
    void anInterruptedWaiterGetsAnSqlExceptionAndKeepsItsInterruptFlag() throws Exception {
        try (ConnectionPool pool = pool(1, GENEROUS); PooledConnection held = pool.borrow()) {
            LinkedBlockingQueue<Thread> waiterThread = new LinkedBlockingQueue<>();
            Future<Boolean> stillInterrupted = threads.submit(() -> {
                waiterThread.add(Thread.currentThread());
                SQLException e = assertThrows(SQLException.class, pool::borrow);
                assertInstanceOf(InterruptedException.class, e.getCause());
                return Thread.currentThread().isInterrupted();
            });
            awaitUntil(() -> pool.stats().waiting() == 1);

            waiterThread.take().interrupt();

            assertTrue(stillInterrupted.get(30, TimeUnit.SECONDS));
            assertEquals(0, pool.stats().waiting());
            assertEquals(1, pool.stats().active());
            assertEquals(42, selectInt(held.connection(), "SELECT 42"));
        }
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(0, GENEROUS, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(1, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(1, GENEROUS, Duration.ofMillis(-1)));
    }

    private ConnectionPool pool(int maxSize, Duration acquireTimeout) {
        ConnectionFactory counting = () -> {
            opened.incrementAndGet();
            return primary.duplicate();
        };
        return new ConnectionPool("test", counting, new PoolSettings(maxSize, acquireTimeout, Duration.ZERO));
    }

    private static int selectInt(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }

    /** Polls a condition another thread will make true; fails after a generous deadline. */
    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not met within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
