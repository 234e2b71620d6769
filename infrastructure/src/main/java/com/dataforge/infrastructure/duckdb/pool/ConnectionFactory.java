package com.dataforge.infrastructure.duckdb.pool;

import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/** Opens a new connection for the pool; in production {@code primary::duplicate}. */
@FunctionalInterface
public interface ConnectionFactory {

    DuckDBConnection open() throws SQLException;
}
