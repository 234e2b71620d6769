package com.dataforge.infrastructure.duckdb.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.testing.InMemoryDuckDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The statement cache each pooled connection keeps, on a real in-memory DuckDB. */
class PreparedStatementsTest {

    @RegisterExtension
    final InMemoryDuckDb duckDb = new InMemoryDuckDb("test", 1, Duration.ofSeconds(5));

    @Test
    void aLaterBorrowerOfTheConnectionGetsTheStatementPreparedBefore() throws SQLException {
        PreparedStatement first;
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            first = borrowed.statements().prepare("SELECT ? + 1");
            assertEquals(2, answer(first, 1));
        }
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            PreparedStatement again = borrowed.statements().prepare("SELECT ? + 1");

            assertSame(first, again);
            assertEquals(42, answer(again, 41), "it runs again with new parameters");
        }
    }

    @Test
    void aStatementWhoseRunFailedIsPreparedAnew() throws SQLException {
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            PreparedStatement failing = borrowed.statements().prepare("SELECT CAST(? AS INTEGER)");
            failing.setString(1, "not a number");
            assertThrows(SQLException.class, failing::executeQuery);

            PreparedStatement next = borrowed.statements().prepare("SELECT CAST(? AS INTEGER)");

            assertNotSame(failing, next);
            next.setString(1, "7");
            try (ResultSet result = next.executeQuery()) {
                assertTrue(result.next());
                assertEquals(7, result.getInt(1));
            }
        }
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedToMakeRoom() throws SQLException {
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            PreparedStatements statements = borrowed.statements();
            PreparedStatement oldest = statements.prepare("SELECT 0");
            PreparedStatement kept = statements.prepare("SELECT 1");
            for (int i = 2; i <= PreparedStatements.CAPACITY; i++) {
                statements.prepare("SELECT " + i);
            }
            statements.prepare("SELECT 1"); // used again: now the oldest is "SELECT 2"

            statements.prepare("SELECT " + (PreparedStatements.CAPACITY + 1));

            assertEquals(PreparedStatements.CAPACITY, statements.size());
            assertTrue(oldest.isClosed(), "evicted and closed");
            assertFalse(kept.isClosed(), "recently used, kept");
        }
    }

    @Test
    void theStatementsOfAConnectionClosedAsBrokenAreClosedWithIt() throws SQLException {
        PreparedStatement statement;
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            statement = borrowed.statements().prepare("SELECT 1");
            borrowed.markBroken();
        }

        assertTrue(statement.isClosed());
        try (PooledConnection replacement = duckDb.pool().borrow()) {
            assertNotSame(statement, replacement.statements().prepare("SELECT 1"));
        }
    }

    @Test
    void theStatementsOfIdleConnectionsCloseWithThePool() throws SQLException {
        PreparedStatement statement;
        try (PooledConnection borrowed = duckDb.pool().borrow()) {
            statement = borrowed.statements().prepare("SELECT 1");
        }

        duckDb.pool().close();

        assertTrue(statement.isClosed());
    }

    private static int answer(PreparedStatement statement, int parameter) throws SQLException {
        statement.setInt(1, parameter);
        try (ResultSet result = statement.executeQuery()) {
            assertTrue(result.next());
            return result.getInt(1);
        }
    }
}
