package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowTableWriter;
import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.TableInsert;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * Inserts an Arrow upload with one {@code INSERT … SELECT} from the upload registered as an Arrow stream
 * ({@link RegisteredArrowStream}): DuckDB pulls the batches as it inserts them, so the upload is never held whole,
 * and the statement runs in a transaction of its own, so a failure at any batch leaves the table as it was.
 */
public final class DuckDbArrowTableWriter implements ArrowTableWriter {

    private static final Pattern CAST_FROM_COLUMN = Pattern.compile("when casting from source column (\\w+)");

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
                    statement.executeUpdate(insertSql(insert, view));
                    if (checked.batches() == 0) {
                        throw new InvalidRequestException("body", "the Arrow IPC stream has a schema but no"
                                + " record batches; send at least one batch");
                    }
                    return count(statement, schema) - before;
                });
            } catch (SQLException e) {
                throw translate(e, checked, schema);
            }
            long other = checked.rows() - inserted;
            return switch (insert.onConflict()) {
                case ERROR -> new InsertOutcome(inserted, 0, 0);
                case IGNORE -> new InsertOutcome(inserted, 0, other);
                case UPDATE -> new InsertOutcome(inserted, other, 0);
            };
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "inserting into table '" + schema.name() + "'");
        }
    }

    private static long count(Statement statement, TableSchema schema) throws SQLException {
        try (var result = statement.executeQuery("SELECT count(*) FROM " + Sql.quote(schema.name()))) {
            result.next();
            return result.getLong(1);
        }
    }

    static String insertSql(TableInsert insert, String view) {
        String columns = Sql.columnList(insert.columns());
        String table = Sql.quote(insert.schema().name());
        String select = " (" + columns + ") SELECT " + columns + " FROM " + view;
        return switch (insert.onConflict()) {
            case ERROR -> "INSERT INTO " + table + select;
            case IGNORE -> "INSERT OR IGNORE INTO " + table + select;
            case UPDATE -> "INSERT INTO " + table + select + onConflictUpdate(insert);
        };
    }

    private static String onConflictUpdate(TableInsert insert) {
        List<Identifier> key = insert.schema().primaryKey();
        List<Column> updated = insert.columns().stream().filter(c -> !key.contains(c.name())).toList();
        String target = " ON CONFLICT (" + key.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")";
        if (updated.isEmpty()) {
            return target + " DO NOTHING";
        }
        return target + " DO UPDATE SET " + updated.stream()
                .map(c -> Sql.quote(c.name()) + " = EXCLUDED." + Sql.quote(c.name()))
                .collect(Collectors.joining(", "));
    }

    private static RuntimeException translate(SQLException failure, CheckedUpload upload, TableSchema schema) {
        if (upload.failure() != null) {
            return upload.failure();
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Optional<String> duplicate = DuckDbFailures.duplicateKey(failure, schema);
        if (duplicate.isPresent()) {
            return new ConflictException("a row with key (" + duplicate.get() + ") is already in table '"
                    + schema.name() + "' or twice in the upload; nothing was inserted. Use on_conflict=ignore to"
                    + " skip such rows or on_conflict=update to overwrite them", failure);
        }
        if (message.contains("can not update the same row twice")) {
            return new ConflictException("the upload has the same primary key twice, so on_conflict=update cannot"
                    + " tell which row wins; nothing was inserted", failure);
        }
        Optional<String> notNull = DuckDbFailures.notNullColumn(failure);
        if (notNull.isPresent()) {
            return new InvalidRequestException(notNull.get(), "column '" + notNull.get() + "' is NOT NULL in"
                    + " schema '" + schema.name() + "' but the upload has nulls in it; nothing was inserted");
        }
        if (DuckDbFailures.isConversionError(failure)) {
            Matcher column = CAST_FROM_COLUMN.matcher(message);
            String parameter = column.find() ? column.group(1) : "body";
            return new InvalidRequestException(parameter, "a value of " + (parameter.equals("body") ? "the upload"
                    : "column '" + parameter + "'") + " does not convert to its column's type; nothing was"
                    + " inserted. DuckDB said: " + DuckDbFailures.firstLine(failure));
        }
        if (DuckDbFailures.isWriteConflict(failure)) {
            return new ConflictException("another write to table '" + schema.name() + "' touched the same rows"
                    + " at the same time; nothing was inserted, retry the upload", failure);
        }
        return DuckDbFailures.translate(failure, "inserting into table '" + schema.name() + "'");
    }
}
