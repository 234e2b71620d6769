package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.RowSelection;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import com.dataforge.infrastructure.testing.CheckedAllocator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads with a limit and no filter or order, which DuckDB 2.0 would late-materialize (see
 * {@link SelectionSql#withoutLateMaterialization}): they must return exactly the rows of the plain query, in storage
 * order, whatever the limit and offset, on a table whose storage order is not its key's.
 */
class LimitReadTest {

    static final int ROWS = 300_000;
    static final TableSchema NUMBERS = new TableSchema(new Identifier("numbers"), "", List.of(
            new Column(new Identifier("id"), ColumnType.of(ColumnType.Kind.BIGINT), false),
            new Column(new Identifier("label"), ColumnType.of(ColumnType.Kind.VARCHAR), true)),
            List.of(new Identifier("id")));

    @RegisterExtension
    static final CheckedAllocator memory = new CheckedAllocator();
    static final BufferAllocator allocator = memory.allocator();
    static DuckDbDatabase database;
    static ConnectionPool pool;
    static DuckDbArrowTableReader reader;

    @BeforeAll
    static void open() throws SQLException {
        database = DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(), Optional.empty(),
                Optional.empty()));
        new DuckDbTableManager(database).ensureTables(List.of(NUMBERS), name -> "the test");
        pool = new ConnectionPool("test", database.connectionFactory(), new PoolSettings(1, Duration.ofSeconds(5),
                Duration.ZERO));
        reader = new DuckDbArrowTableReader(pool, allocator, Long.MAX_VALUE);
        try (PooledConnection pooled = pool.borrow(); Statement statement = pooled.connection().createStatement()) {
            // Ids in a shuffled order, some rows deleted: storage order is neither id order nor a dense run of rowids.
            statement.execute("INSERT INTO numbers SELECT (range * 7919) % " + ROWS + ", 'n' || range FROM range("
                    + ROWS + ")");
            statement.execute("DELETE FROM numbers WHERE id % 1000 = 3");
        }
    }

    @AfterEach
    void released() {
        assertEquals(0, pool.stats().active(), "every read returned its connection");
    }

    @AfterAll
    static void close() {
        pool.close();
        database.close();
    }

    @ParameterizedTest
    @CsvSource({"1,0", "10,0", "10,84", "50,1", "50,400", "51,84", "1000,0", "1000,7000", "1000,9000",
        "120000,0", "120000,150000", "290000,0", "1000000,0", "10,299990"})
    void aLimitedReadReturnsThePlainQuerysRowsInStorageOrder(long limit, long offset) throws SQLException {
        List<Long> expected = query("SELECT id FROM numbers LIMIT " + limit + " OFFSET " + offset);

        assertEquals(expected, read(limit, offset));
    }

    @Test
    void aLargeLimitIsAPlainScanThatStopsAtTheLimit() throws SQLException {
        String sql = SelectionSql.select(limited(1_000_000, 0)).toString();

        assertTrue(sql.contains("rowid >= 0"), sql);
        assertFalse(plan(sql).contains("HASH_JOIN"), "no late materialization: " + plan(sql));
        assertTrue(plan("SELECT id, label FROM numbers LIMIT 1000000").contains("HASH_JOIN"),
                "DuckDB still late-materializes a large limit on its own; if it no longer does, the rowid filter can go");
    }

    @Test
    void aSmallLimitWithAnOffsetOrAFarOffsetKeepsDuckDbsPlan() {
        assertFalse(SelectionSql.withoutLateMaterialization(limited(SelectionSql.LATE_MATERIALIZATION_MAX_ROWS, 1)));
        assertFalse(SelectionSql.withoutLateMaterialization(limited(1000, 8 * 1000 + 8)));
        assertTrue(SelectionSql.withoutLateMaterialization(limited(1000, 8 * 1000)));
        assertTrue(SelectionSql.withoutLateMaterialization(limited(10, 0)));
    }

    @Test
    void theSmallLimitBoundIsTheDatabasesOwn() throws SQLException {
        assertEquals(List.of(SelectionSql.LATE_MATERIALIZATION_MAX_ROWS),
                query("SELECT CAST(current_setting('late_materialization_max_rows') AS BIGINT)"));
    }

    @Test
    void aColumnNamedRowidKeepsDuckDbsPlan() {
        TableSchema shadowing = new TableSchema(new Identifier("shadowing"), "", List.of(
                new Column(new Identifier("RowId"), ColumnType.of(ColumnType.Kind.BIGINT), true)), List.of());
        TableRead read = new TableRead(shadowing, shadowing.columns(),
                new RowSelection(List.of(), List.of(), OptionalLong.of(1000), 0), 1024);

        assertFalse(SelectionSql.withoutLateMaterialization(read));
    }

    private static TableRead limited(long limit, long offset) {
        return new TableRead(NUMBERS, NUMBERS.columns(),
                new RowSelection(List.of(), List.of(), OptionalLong.of(limit), offset), 65_536);
    }

    private List<Long> read(long limit, long offset) {
        List<Long> ids = new ArrayList<>();
        try (ArrowBatches batches = reader.open(limited(limit, offset))) {
            while (batches.next()) {
                BigIntVector id = (BigIntVector) batches.root().getVector("id");
                for (int i = 0; i < batches.root().getRowCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        return ids;
    }

    private List<Long> query(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (PooledConnection pooled = pool.borrow(); Statement statement = pooled.connection().createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getLong(1));
            }
        }
        return values;
    }

    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PooledConnection pooled = pool.borrow(); Statement statement = pooled.connection().createStatement()) {
            statement.execute("PRAGMA explain_output = 'physical_only'");
            try (ResultSet result = statement.executeQuery("EXPLAIN (FORMAT json) " + sql.replace("?", "1000000"))) {
                while (result.next()) {
                    plan.append(result.getString(2));
                }
            }
        }
        return plan.toString();
    }
}
