package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors a real DuckDB raises for what a client's rows can cause, each mapped to the 4xx it is; what only the
 * server can cause stays an internal error.
 */
class InsertFailuresTest {

    static final TableSchema T = new TableSchema(new Identifier("t"), null, List.of(
            new Column(new Identifier("n"), ColumnType.of(ColumnType.Kind.BIGINT), false),
            new Column(new Identifier("label"), ColumnType.of(ColumnType.Kind.VARCHAR), true)),
            List.of(new Identifier("n")));

    private DuckDBConnection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        statement = connection.createStatement();
        statement.execute("CREATE TABLE t (n BIGINT PRIMARY KEY, label VARCHAR, CHECK (n < 1000))");
        statement.execute("INSERT INTO t VALUES (1, 'one')");
    }

    @AfterEach
    void close() throws SQLException {
        statement.close();
        connection.close();
    }

    private SQLException failure(String sql) {
        return assertThrows(SQLException.class, () -> statement.execute(sql));
    }

    private RuntimeException translated(String sql) {
        return InsertFailures.translate(failure(sql), null, T);
    }

    @Test
    void aValueThatDoesNotConvertIsTheColumns() {
        InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class,
                translated("INSERT INTO t SELECT label, label FROM t"));

        assertTrue(invalid.getMessage().contains("does not fit its column"), invalid.getMessage());
    }

    @Test
    void aValueOutOfRangeIsTheClients() {
        assertInstanceOf(InvalidRequestException.class,
                translated("INSERT INTO t SELECT 9223372036854775807 + n, 'x' FROM t"));
    }

    @Test
    void aBrokenConstraintIsAConflict() {
        ConflictException conflict = assertInstanceOf(ConflictException.class,
                translated("INSERT INTO t VALUES (5000, 'too big')"));

        assertTrue(conflict.getMessage().contains("constraint"), conflict.getMessage());
    }

    @Test
    void anUploadLargerThanTheMemoryLimitIsTooLarge() throws SQLException {
        statement.execute("SET memory_limit = '8MB'");
        statement.execute("SET preserve_insertion_order = false");

        TooLargeException tooLarge = assertInstanceOf(TooLargeException.class, translated(
                "INSERT INTO t SELECT range + 10000, repeat('x', 100) FROM range(2000000) ORDER BY random()"));

        assertEquals("memory_limit", tooLarge.limit());
    }

    /**
     * The failure of the issue, straight from DuckDB: text ending in a lone lead byte, which the upload reader now
     * refuses, reaches DuckDB through an Arrow stream and fails the update of the table's statistics.
     */
    @Test
    void invalidTextThatReachesDuckDbIsTheClients() {
        SQLException invalidUnicode;
        try (BufferAllocator allocator = new RootAllocator();
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            // The stream owns the reader from here: releasing it closes the reader.
            Data.exportArrayStream(allocator, new OneRow(allocator, new byte[] {'a', (byte) 0xC3}), stream);
            connection.registerArrowStream("upload", stream);
            invalidUnicode = failure("INSERT INTO t SELECT * FROM upload ON CONFLICT (n) DO UPDATE SET label ="
                    + " EXCLUDED.label");
        }

        assertTrue(invalidUnicode.getMessage().contains("Invalid unicode"), invalidUnicode.getMessage());
        assertInstanceOf(InvalidRequestException.class, InsertFailures.translate(invalidUnicode, null, T));
    }

    @Test
    void whatTheReaderMetExplainsTheFailureBetterThanDuckDb() {
        InvalidRequestException read = new InvalidRequestException("body", "cut short");

        assertSame(read, InsertFailures.translate(new SQLException("Invalid Input Error: arrow stream"), read, T));
    }

    @Test
    void anErrorOfOursStaysInternal() {
        assertInstanceOf(IllegalStateException.class, translated("INSERT INTO no_such_table VALUES (1)"));
    }

    /** Row (1, label) as an Arrow reader, for DuckDB to scan. */
    private static final class OneRow extends InMemoryReader {

        private final byte[] label;
        private boolean read;

        OneRow(BufferAllocator allocator, byte[] label) {
            super(allocator);
            this.label = label;
        }

        @Override
        public boolean loadNextBatch() {
            if (read) {
                return false;
            }
            read = true;
            VectorSchemaRoot root = root();
            ((BigIntVector) root.getVector("n")).setSafe(0, 1);
            ((VarCharVector) root.getVector("label")).setSafe(0, label);
            root.setRowCount(1);
            return true;
        }

        private VectorSchemaRoot root() {
            try {
                return getVectorSchemaRoot();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Schema readSchema() {
            return new Schema(List.of(Field.notNullable("n", new ArrowType.Int(64, true)),
                    Field.nullable("label", ArrowType.Utf8.INSTANCE)));
        }
    }
}
