package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.testing.InMemoryDuckDb;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loader runs the demo query its schema declares, and only into an empty table of the query's columns. */
class DemoDataLoaderTest {

    static final String DEMO_ROWS = "SELECT range AS n, 'n' || range AS label FROM range(?)";

    @RegisterExtension
    final InMemoryDuckDb duckDb = new InMemoryDuckDb("demo", 1, Duration.ofSeconds(30));

    @BeforeEach
    void open() throws SQLException {
        try (Statement statement = duckDb.primary().createStatement()) {
            statement.execute("CREATE TABLE numbers (n BIGINT, label VARCHAR)");
            statement.execute("CREATE TABLE other (n BIGINT, name VARCHAR)");
        }
    }

    @Test
    void fillsAnEmptyTableWithTheRowsAskedForAndLeavesAFullOneAlone() throws SQLException {
        DemoDataLoader loader = new DemoDataLoader(duckDb.pool());

        assertEquals(1000, loader.loadIfEmpty(schema("numbers", "label"), DEMO_ROWS, 1000));
        assertEquals(0, loader.loadIfEmpty(schema("numbers", "label"), DEMO_ROWS, 5));

        assertEquals(1000, count("numbers"));
        assertEquals(0, duckDb.pool().stats().active(), "the connection went back");
    }

    @Test
    void aSchemaOfOtherColumnsGetsNoDemoRows() throws SQLException {
        assertEquals(0, new DemoDataLoader(duckDb.pool()).loadIfEmpty(schema("other", "name"), DEMO_ROWS, 10));

        assertEquals(0, count("other"));
    }

    private static TableSchema schema(String name, String textColumn) {
        return new TableSchema(new Identifier(name), "", List.of(
                new Column(new Identifier("n"), ColumnType.of(ColumnType.Kind.BIGINT), true),
                new Column(new Identifier(textColumn), ColumnType.of(ColumnType.Kind.VARCHAR), true)), List.of());
    }

    private long count(String table) throws SQLException {
        try (Statement statement = duckDb.primary().createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
