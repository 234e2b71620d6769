package com.dataforge.infrastructure.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/** Work on a borrowed connection done in one transaction: committed if it completes, rolled back if it throws. */
final class Transactions {

    private Transactions() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    static <T> T run(DuckDBConnection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run();
            connection.commit();
            committed = true;
            return result;
        } finally {
            end(connection, committed);
        }
    }

    private static void end(DuckDBConnection connection, boolean committed) {
        try {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool rolls back and resets the connection when it is returned, or replaces it if it is broken.
        }
    }
}
