package com.dataforge.infrastructure.duckdb.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.DuckDBConnection;

/**
 * One borrow from a {@link ConnectionPool}. Use the connection from one thread at a time, do not close it yourself,
 * and close this (try-with-resources) to give it back.
 */
public final class PooledConnection implements AutoCloseable {

    private final ConnectionPool pool;
    private final DuckDBConnection connection;
    private final PreparedStatements statements;
    private final AtomicBoolean returned = new AtomicBoolean();
    private final LeakDetection.Watch leakWatch;
    private volatile boolean broken;

    PooledConnection(ConnectionPool pool, DuckDBConnection connection, PreparedStatements statements,
            LeakDetection.Watch leakWatch) {
        this.pool = pool;
        this.connection = connection;
        this.statements = statements;
        this.leakWatch = leakWatch;
    }

    /**
     * The borrowed connection.
     *
     * @throws IllegalStateException once this has been returned: the connection may already be someone else's
     */
    public DuckDBConnection connection() {
        if (returned.get()) {
            throw new IllegalStateException("this connection was already returned to the pool");
        }
        return connection;
    }

    /**
     * The borrowed connection's prepared statements, which outlive this borrow: statements prepared through them are
     * reused by later borrowers of the same connection instead of being prepared again.
     *
     * @throws IllegalStateException once this has been returned
     */
    public PreparedStatements statements() {
        connection();
        return statements;
    }

    /**
     * Says the connection failed in a way that may have left it unusable: on return it is closed instead of reused,
     * and a later borrow opens a fresh one.
     */
    public void markBroken() {
        broken = true;
    }

    /** Gives the connection back to the pool. Only the first call does anything. */
    @Override
    public void close() {
        if (returned.compareAndSet(false, true)) {
            leakWatch.returned();
            pool.giveBack(connection, broken);
        }
    }
}
