package com.dataforge.infrastructure.duckdb.pool;

import java.sql.SQLException;

/** Where an adapter borrows its DuckDB connection: a pool, or the pool of the lane its request runs in. */
@FunctionalInterface
public interface ConnectionSource {

    /** Lends a connection; close the result to give it back. */
    PooledConnection borrow() throws SQLException;
}
