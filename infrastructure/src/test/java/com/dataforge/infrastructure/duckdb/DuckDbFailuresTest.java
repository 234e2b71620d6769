package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DuckDB's failures, caught from a real database or worded as DuckDB JDBC 2.0.0.1 words them, as a client sees them. */
class DuckDbFailuresTest {

    /** One list of 2 million 160-byte strings: about 320 MB that no spilling can shrink. */
    static final String PAST_THE_MEMORY_LIMIT = "SELECT list(repeat('abcdefgh', 20) || range) FROM range(2000000)";

    static final TableSchema KEYED = new TableSchema(new Identifier("t"), "", List.of(
            new Column(new Identifier("a"), ColumnType.of(ColumnType.Kind.BIGINT), false),
            new Column(new Identifier("b"), ColumnType.of(ColumnType.Kind.VARCHAR), false)),
            List.of(new Identifier("a"), new Identifier("b")));

    DuckDbDatabase database;
    Connection connection;

    @BeforeEach
    void open() throws SQLException {
        database = DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(), Optional.of("20MB"),
                Optional.empty()));
        connection = database.connectionFactory().open();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
        database.close();
    }

    @Test
    void runningOutOfMemoryIsA503ToRetry() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET jdbc_stream_results = false");
        }
        SQLException failure = failureOf(PAST_THE_MEMORY_LIMIT);
        assertTrue(failure.getMessage().startsWith("Out of Memory Error"), failure.getMessage());

        ServiceUnavailableException unavailable = assertInstanceOf(ServiceUnavailableException.class,
                DuckDbFailures.translate(failure, "reading table 't'"));

        assertTrue(unavailable.getMessage().contains("reached its memory limit while reading table 't'"),
                unavailable.getMessage());
        assertEquals(DuckDbFailures.RETRY_AFTER_OUT_OF_MEMORY, unavailable.retryAfter());
    }

    @Test
    void aStreamedQueryThatFailsBeforeItsFirstRowIsA503ThoughDuckDbHidesWhy() throws SQLException {
        SQLException failure = failureOf(PAST_THE_MEMORY_LIMIT);
        assertEquals("Invalid Input Error: Invalid result set", failure.getMessage(),
                "DuckDB JDBC now says why a streamed query failed: match that instead");

        ServiceUnavailableException unavailable = assertInstanceOf(ServiceUnavailableException.class,
                DuckDbFailures.translate(failure, "reading table 't'"));

        assertTrue(unavailable.getMessage().contains("could not start reading table 't'"), unavailable.getMessage());
    }

    @Test
    void otherFailuresStayOurs() throws SQLException {
        SQLException failure = failureOf("SELECT * FROM no_such_table");

        assertInstanceOf(IllegalStateException.class, DuckDbFailures.translate(failure, "reading table 't'"));
    }

    private SQLException failureOf(String sql) {
        return assertThrows(SQLException.class, () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet result = statement.executeQuery()) {
                result.next();
            }
        });
    }

    @Test
    void aKeyAlreadyInTheTableIsNamedByDuckDb() {
        assertEquals(Optional.of("a: 5, b: x"), DuckDbFailures.duplicateKey(new SQLException("Constraint Error:"
                + " Duplicate key \"a: 5, b: x\" violates primary key constraint."), KEYED));
    }

    @Test
    void aKeyTwiceInOneStatementGetsItsColumnNames() {
        assertEquals(Optional.of("a: 1, b: x y"), DuckDbFailures.duplicateKey(new SQLException("Constraint Error:"
                + " PRIMARY KEY or UNIQUE constraint violation: duplicate key \"1, x y\""), KEYED));
    }

    @Test
    void aValueHoldingACommaIsNotSplitByGuess() {
        assertEquals(Optional.of("a, b = 1, a, b"), DuckDbFailures.duplicateKey(new SQLException("Constraint Error:"
                + " PRIMARY KEY or UNIQUE constraint violation: duplicate key \"1, a, b\""), KEYED));
    }

    @Test
    void otherFailuresHaveNoKey() {
        assertEquals(Optional.empty(), DuckDbFailures.duplicateKey(new SQLException("Conversion Error: x"), KEYED));
    }
}
