package com.dataforge.infrastructure.duckdb;

import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Whether the database answers through the pool: what a load balancer's readiness probe asks. */
public final class DuckDbReadiness {

    /** Under the 1 s a probe typically allows, so the probe gets a 503 rather than a timeout of its own. */
    static final Duration MAX_WAIT = Duration.ofMillis(500);

    private final ConnectionPool pool;

    public DuckDbReadiness(ConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * Borrows a connection, waiting at most {@link #MAX_WAIT} (or the pool's acquire timeout, if shorter), and runs
     * a trivial query.
     *
     * @return the pool's state once the query answered
     * @throws com.dataforge.domain.failure.ServiceUnavailableException if no connection could be had in time
     * @throws IllegalStateException if the pool is closed or the database failed to answer
     */
    public PoolStats check() {
        try (PooledConnection connection = pool.borrowWithin(MAX_WAIT);
                Statement statement = connection.connection().createStatement();
                ResultSet one = statement.executeQuery("SELECT 1")) {
            one.next();
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "answering the readiness check");
        }
        return pool.stats();
    }
}
