package com.dataforge.infrastructure.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admission into the lanes and the pool each lane's queries borrow from, on a real in-memory DuckDB. */
class LaneAdmissionTest {

    private DuckDBConnection primary;
    private Lanes lanes;
    private final List<AutoCloseable> held = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        primary = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        lanes = Lanes.open(primary::duplicate, new LaneSettings(1, 3, 2, 1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ZERO, Duration.ZERO));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : held.reversed()) {
            resource.close();
        }
        lanes.close();
        primary.close();
    }

    @Test
    void aCallerPastItsShareIsRefusedAtOnceAndOthersStillGetPlaces() {
        held.add(lanes.enter(Lane.STREAM, "a"));
        held.add(lanes.enter(Lane.STREAM, "a"));

        LaneFullException refused = assertThrows(LaneFullException.class, () -> lanes.enter(Lane.STREAM, "a"));
        assertEquals(Lane.STREAM, refused.lane());
        assertTrue(refused.getMessage().startsWith("'a' already has 2 streams"), refused.getMessage());
        held.add(lanes.enter(Lane.STREAM, "b"));
        assertEquals(new LaneStats(Lane.STREAM, 3, 3, 0, 0, 1), lanes.stats(Lane.STREAM));
    }

    @Test
    void aFullStreamLaneRefusesAfterItsWaitAndGivesBackTheCallersShare() throws Exception {
        for (String caller : List.of("a", "b", "c")) {
            held.add(lanes.enter(Lane.STREAM, caller));
        }
        LaneFullException full = assertThrows(LaneFullException.class, () -> lanes.enter(Lane.STREAM, "d"));
        assertTrue(full.getMessage().startsWith("the stream lane is full: 3 streams are in flight"),
                full.getMessage());
        assertEquals(1, lanes.stats(Lane.STREAM).timeouts());

        held.removeFirst().close();
        held.add(lanes.enter(Lane.STREAM, "d"));
        held.removeFirst().close();
        // Two places for "d", its share: the wait it gave up did not keep a share of its own.
        held.add(lanes.enter(Lane.STREAM, "d"));
        assertEquals(new LaneStats(Lane.STREAM, 3, 3, 0, 1, 0), lanes.stats(Lane.STREAM));
        for (AutoCloseable place : held) {
            place.close();
        }
        assertTrue(Place.current().isEmpty(), "places closed in another order than entered leave no lane behind");
    }

    @Test
    void aStreamPastTheWaitingBoundIsRefusedAtOnceWhileOneWithinItIsAdmittedWhenAPlaceFrees() throws Exception {
        lanes.close();
        lanes = Lanes.open(primary::duplicate, new LaneSettings(1, 1, 0, 1, Duration.ofMillis(1),
                Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO));
        Place first = lanes.enter(Lane.STREAM, "a");
        CompletableFuture<Place> waiter = CompletableFuture.supplyAsync(() -> lanes.enter(Lane.STREAM, "b"),
                Executors.newVirtualThreadPerTaskExecutor());
        while (lanes.stats(Lane.STREAM).waiting() == 0) {
            Thread.onSpinWait();
        }
        long before = System.nanoTime();
        LaneFullException refused = assertThrows(LaneFullException.class, () -> lanes.enter(Lane.STREAM, "c"));
        assertTrue(refused.getMessage().contains("1 more are waiting for a place, the most that may wait"
                + " (--max-waiting-streams)"), refused.getMessage());
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(10).toNanos(), "refused at once, not after the"
                + " stream wait");

        first.close();
        held.add(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(new LaneStats(Lane.STREAM, 1, 1, 0, 1, 0), lanes.stats(Lane.STREAM));
    }

    @Test
    void queriesBorrowFromThePoolOfTheLaneTheirThreadEntered() throws SQLException {
        try (Place stream = lanes.enter(Lane.STREAM, "a"); PooledConnection connection = lanes.borrow()) {
            assertEquals(1, lanes.connections().active());
            try (Place nested = lanes.enter(Lane.SHORT, "a"); PooledConnection shortOne = lanes.borrow()) {
                assertEquals(1, lanes.stats(Lane.SHORT).inUse(), "a short connection, though a stream's is out");
                LaneFullException busy = assertThrows(LaneFullException.class, lanes::borrow);
                assertEquals(Lane.SHORT, busy.lane(), "the short lane's only connection is out");
                assertEquals(Lanes.SHORT_RETRY_AFTER, busy.retryAfter());
            }
            assertEquals(Lane.STREAM, Place.current().orElseThrow(), "the outer place's lane again");
        }
        assertTrue(Place.current().isEmpty());
        assertEquals(0, lanes.connections().active());
        assertEquals(0, lanes.stats(Lane.STREAM).inUse());
    }

    @Test
    void aQueryOutsideTheShortAndStreamLanesIsABugThatNamesItsCause() {
        IllegalStateException outside = assertThrows(IllegalStateException.class, lanes::borrow);
        assertTrue(outside.getMessage().contains("must declare one"), outside.getMessage());
        try (Place none = lanes.enter(Lane.NONE, "a")) {
            IllegalStateException undeclared = assertThrows(IllegalStateException.class, lanes::borrow,
                    "a route that declared it touches no database");
            assertTrue(undeclared.getMessage().contains("must declare one"), undeclared.getMessage());
        }
        assertEquals(0, lanes.connections().active());
    }
}
