package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DuckDB's messages for a repeated key, as DuckDB JDBC 2.0.0.1 words them, read back as named keys. */
class DuckDbFailuresTest {

    static final TableSchema KEYED = new TableSchema(new Identifier("t"), "", List.of(
            new Column(new Identifier("a"), ColumnType.of(ColumnType.Kind.BIGINT), false),
            new Column(new Identifier("b"), ColumnType.of(ColumnType.Kind.VARCHAR), false)),
            List.of(new Identifier("a"), new Identifier("b")));

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
