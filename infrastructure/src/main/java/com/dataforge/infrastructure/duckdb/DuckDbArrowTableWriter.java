package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.ArrowTableWriter;
import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.TableInsert;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * Inserts an Arrow upload with one {@code INSERT … SELECT} from the upload registered as an Arrow stream
 * ({@link RegisteredArrowStream}): DuckDB pulls the batches as it inserts them, so the upload is never held whole,
 * and the statement runs in a transaction of its own, so a failure at any batch leaves the table as it was. The
 * insert's row scope is checked in the same statement, row by row as the rows pass ({@link ScopeSql#guard}), so it
 * costs no second pass over the upload or the table.
 */
public final class DuckDbArrowTableWriter implements ArrowTableWriter {

    private final ConnectionSource pool;
    private final BufferAllocator rootAllocator;

    public DuckDbArrowTableWriter(ConnectionSource pool, BufferAllocator rootAllocator) {
        this.pool = pool;
        this.rootAllocator = rootAllocator;
    }

    @Override
    public InsertOutcome insert(TableInsert insert, ArrowReader upload) {
        TableSchema schema = insert.schema();
        try (BufferAllocator allocator = rootAllocator.newChildAllocator("insert " + schema.name(), 0, Long.MAX_VALUE);
                PooledConnection pooled = pool.borrow()) {
            DuckDBConnection connection = pooled.connection();
            CheckedUpload checked = new CheckedUpload(upload, allocator, insert.maxRows());
            long inserted;
            try {
                inserted = RegisteredArrowStream.inTransaction(connection, allocator, checked, (statement, view) -> {
                    long before = count(statement, schema);
                    execute(connection, insert, view, List.of(), checked::rows);
                    if (checked.batches() == 0) {
                        throw new InvalidRequestException("body", "the Arrow IPC stream has a schema but no"
                                + " record batches; send at least one batch");
                    }
                    return count(statement, schema) - before;
                });
            } catch (SQLException e) {
                throw ScopeSql.violation(e, insert.scope(), "a row of the upload").map(RuntimeException.class::cast)
                        .orElseGet(() -> InsertFailures.translate(e, checked.failure(), schema));
            }
            return outcome(insert.onConflict(), checked.rows(), inserted);
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "inserting into table '" + schema.name() + "'");
        }
    }

    /** @param rows every row the insert was given; {@code inserted} of them are new, the rest met a stored key */
    static InsertOutcome outcome(ConflictPolicy onConflict, long rows, long inserted) {
        long other = rows - inserted;
        return switch (onConflict) {
            case ERROR -> new InsertOutcome(inserted, 0, 0);
            case IGNORE -> new InsertOutcome(inserted, 0, other);
            case UPDATE -> new InsertOutcome(inserted, other, 0);
        };
    }

    static long count(Statement statement, TableSchema schema) throws SQLException {
        try (var result = statement.executeQuery("SELECT count(*) FROM " + Sql.quote(schema.name()))) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Inserts the rows of {@code source} in one statement, within the insert's scope.
     *
     * @param source what the rows are selected from: a registered view, or a file reader such as
     *     {@code read_parquet(?)}
     * @param sourceValues the values of the source's parameters, bound first
     * @param rows the rows the source holds, once the statement has read them
     * @return the rows the statement inserted or overwrote
     * @throws com.dataforge.domain.failure.ConflictException if on_conflict=update met a stored row outside the scope,
     *     which it must not overwrite; the caller's transaction then rolls back
     * @throws SQLException as DuckDB reports it, a row outside the scope included ({@link ScopeSql#violation})
     */
    static long execute(Connection connection, TableInsert insert, String source, List<Object> sourceValues,
            LongSupplier rows) throws SQLException {
        boolean guardsStoredRows = guardsStoredRows(insert);
        try (PreparedStatement statement = connection.prepareStatement(insertSql(insert, source))) {
            int next = 1;
            for (Object value : sourceValues) {
                statement.setObject(next++, value);
            }
            next = ScopeSql.bind(statement, next, insert.scope());
            if (guardsStoredRows) {
                ScopeSql.bind(statement, next, insert.scope());
            }
            long changed = statement.executeUpdate();
            // Each row is inserted or overwrites a stored one; a stored row outside the scope was left alone.
            if (guardsStoredRows && changed < rows.getAsLong()) {
                throw new ConflictException("the upload has the key of a stored row outside the rows this key may"
                        + " write (its row filter is '" + insert.scope().text() + "'), and on_conflict=update must"
                        + " not overwrite it; nothing was inserted");
            }
            return changed;
        }
    }

    private static String insertSql(TableInsert insert, String source) {
        String columns = Sql.columnList(insert.columns());
        String table = Sql.quote(insert.schema().name());
        String select = " (" + columns + ") SELECT " + columns + " FROM " + source
                + ScopeSql.guard(insert.scope(), insert.columns());
        return switch (insert.onConflict()) {
            case ERROR -> "INSERT INTO " + table + select;
            case IGNORE -> "INSERT OR IGNORE INTO " + table + select;
            case UPDATE -> "INSERT INTO " + table + select + onConflictUpdate(insert);
        };
    }

    private static String onConflictUpdate(TableInsert insert) {
        String target = " ON CONFLICT (" + insert.schema().primaryKey().stream().map(Sql::quote)
                .collect(Collectors.joining(", ")) + ")";
        List<Column> updated = updatedColumns(insert);
        if (updated.isEmpty()) {
            return target + " DO NOTHING";
        }
        return target + " DO UPDATE SET " + updated.stream()
                .map(c -> Sql.quote(c.name()) + " = EXCLUDED." + Sql.quote(c.name()))
                .collect(Collectors.joining(", ")) + ScopeSql.onStoredRow(insert.scope(), insert.schema().name());
    }

    private static List<Column> updatedColumns(TableInsert insert) {
        List<Identifier> key = insert.schema().primaryKey();
        return insert.columns().stream().filter(c -> !key.contains(c.name())).toList();
    }

    /** Whether the statement overwrites stored rows, and so must leave those outside the scope alone. */
    private static boolean guardsStoredRows(TableInsert insert) {
        return insert.onConflict() == ConflictPolicy.UPDATE && !updatedColumns(insert).isEmpty()
                && !insert.scope().filters().isEmpty();
    }
}
