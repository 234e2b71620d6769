package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ServiceUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/** Turns DuckDB and pool failures into what a client can act on. */
final class DuckDbFailures {

    /** Long enough for a typical bulk read to hand its connection back. */
    static final Duration RETRY_AFTER_POOL_TIMEOUT = Duration.ofSeconds(1);

    private DuckDbFailures() {
    }

    static RuntimeException translate(SQLException failure, String action) {
        if (failure instanceof SQLTransientConnectionException) {
            return new ServiceUnavailableException("the database is busy: " + failure.getMessage()
                    + "; retry shortly", RETRY_AFTER_POOL_TIMEOUT, failure);
        }
        return new IllegalStateException("DuckDB failed " + action + ": " + failure.getMessage(), failure);
    }
}
