package com.dataforge.infrastructure.testing;

import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh in-memory DuckDB for each test and a {@link ConnectionPool} over it, both closed after the test. Register
 * it on an instance field ({@code @RegisterExtension}); the primary connection is there for set-up SQL that should
 * not go through the pool.
 */
public final class InMemoryDuckDb implements BeforeEachCallback, AfterEachCallback {

    private final String poolName;
    private final int connections;
    private final Duration acquireTimeout;
    private DuckDBConnection primary;
    private ConnectionPool pool;

    public InMemoryDuckDb(String poolName, int connections, Duration acquireTimeout) {
        this.poolName = poolName;
        this.connections = connections;
        this.acquireTimeout = acquireTimeout;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        primary = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        pool = new ConnectionPool(poolName, primary::duplicate, new PoolSettings(connections, acquireTimeout,
                Duration.ZERO));
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        pool.close();
        primary.close();
    }

    public DuckDBConnection primary() {
        return primary;
    }

    public ConnectionPool pool() {
        return pool;
    }
}
