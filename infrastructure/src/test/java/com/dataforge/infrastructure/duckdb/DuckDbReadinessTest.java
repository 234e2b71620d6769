package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DuckDbReadinessTest {

    private DuckDBConnection primary;
    private ConnectionPool pool;
    private DuckDbReadiness readiness;

    @BeforeEach
    void open() throws SQLException {
        primary = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        // A long acquire timeout: the check must give up after its own short wait, not this.
        pool = new ConnectionPool("ready", primary::duplicate, new PoolSettings(1, Duration.ofSeconds(30),
                Duration.ZERO));
        readiness = new DuckDbReadiness(pool);
    }

    @AfterEach
    void close() throws SQLException {
        pool.close();
        primary.close();
    }

    @Test
    void readyWhileAConnectionAnswersAndTheConnectionGoesBack() {
        PoolStats stats = readiness.check();

        assertEquals(0, stats.active());
        assertEquals(1, stats.idle());
    }

    @Test
    void busyWithinItsShortWaitWhenEveryConnectionIsLent() throws SQLException {
        try (PooledConnection held = pool.borrow()) {
            long start = System.nanoTime();
            ServiceUnavailableException busy = assertThrows(ServiceUnavailableException.class, readiness::check);

            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "gave up after its own wait");
            assertTrue(busy.getMessage().contains("no connection free within "
                    + DuckDbReadiness.MAX_WAIT.toMillis() + " ms"), busy.getMessage());
        }
    }

    @Test
    void notReadyOnceThePoolIsClosed() {
        pool.close();

        IllegalStateException closed = assertThrows(IllegalStateException.class, readiness::check);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }
}
