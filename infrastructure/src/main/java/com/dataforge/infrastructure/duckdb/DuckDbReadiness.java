package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.DatabaseReadiness;
import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Whether the database answers: what a load balancer's readiness probe asks. It asks on a pool of its own (one
 * connection is enough: a check takes a millisecond), so requests, however many and however slow, never make it
 * fail; only a database that does not answer does.
 */
public final class DuckDbReadiness implements DatabaseReadiness {

    /** Under the 1 s a probe typically allows, so the probe gets a 503 rather than a timeout of its own. */
    static final Duration MAX_WAIT = Duration.ofMillis(500);
    /** A database that does not answer may start answering again soon; probes come every few seconds anyway. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ConnectionPool pool;

    /** @param pool the readiness check's own connections, lent to nothing else */
    public DuckDbReadiness(ConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * Runs a trivial query on the check's own connection, waiting at most {@link #MAX_WAIT} (or the pool's acquire
     * timeout, if shorter) for it.
     *
     * @throws ServiceUnavailableException if the connection stayed busy with an earlier check, which the database has
     *                                     not answered, or the database failed to answer this one
     */
    @Override
    public void check() {
        try (PooledConnection connection = pool.borrowWithin(MAX_WAIT);
                Statement statement = connection.connection().createStatement();
                ResultSet one = statement.executeQuery("SELECT 1")) {
            one.next();
        } catch (SQLTransientConnectionException e) {
            throw new ServiceUnavailableException("not ready: the database has not answered an earlier readiness"
                    + " check, and this one waited " + MAX_WAIT.toMillis() + " ms for it", RETRY_AFTER, e);
        } catch (SQLException e) {
            throw new ServiceUnavailableException("not ready: the database failed to answer SELECT 1: "
                    + DuckDbFailures.firstLine(e), RETRY_AFTER, e);
        }
    }
}
