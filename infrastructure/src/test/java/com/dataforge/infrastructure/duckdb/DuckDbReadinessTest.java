package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import com.dataforge.infrastructure.testing.InMemoryDuckDb;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuckDbReadinessTest {

    // A long acquire timeout: the check must give up after its own short wait, not this.
    @RegisterExtension
    final InMemoryDuckDb duckDb = new InMemoryDuckDb("ready", 1, Duration.ofSeconds(30));
    private DuckDbReadiness readiness;

    @BeforeEach
    void open() {
        readiness = new DuckDbReadiness(duckDb.pool());
    }

    @Test
    void readyWhileItsConnectionAnswersAndTheConnectionGoesBack() {
        readiness.check();

        PoolStats stats = duckDb.pool().stats();
        assertEquals(0, stats.active());
        assertEquals(1, stats.idle());
    }

    /** Its connection still held by an earlier check that the database has not answered. */
    @Test
    void notReadyWithinItsShortWaitWhileAnEarlierCheckIsUnanswered() throws SQLException {
        try (PooledConnection unanswered = duckDb.pool().borrow()) {
            long start = System.nanoTime();
            ServiceUnavailableException busy = assertThrows(ServiceUnavailableException.class, readiness::check);

            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "gave up after its own wait");
            assertTrue(busy.getMessage().contains("has not answered an earlier readiness check, and this one waited "
                    + DuckDbReadiness.MAX_WAIT.toMillis() + " ms"), busy.getMessage());
            assertEquals(DuckDbReadiness.RETRY_AFTER, busy.retryAfter());
        }
    }

    @Test
    void notReadyOnceTheDatabaseCannotBeReached() throws SQLException {
        ConnectionPool fresh = new ConnectionPool("ready-fresh", duckDb.primary()::duplicate, new PoolSettings(1,
                Duration.ofSeconds(30), Duration.ZERO));
        duckDb.primary().close();

        ServiceUnavailableException gone = assertThrows(ServiceUnavailableException.class,
                new DuckDbReadiness(fresh)::check);
        assertTrue(gone.getMessage().startsWith("not ready: the database failed to answer SELECT 1"),
                gone.getMessage());
        fresh.close();
    }

    @Test
    void notReadyOnceThePoolIsClosed() {
        duckDb.pool().close();

        ServiceUnavailableException closed = assertThrows(ServiceUnavailableException.class, readiness::check);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }
}
