package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.domain.table.RowScope;
import com.dataforge.domain.table.TableInsert;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Records by key as prepared statements, with table and column names from the catalog, quoted, and every value a
 * bound parameter; creates as Arrow batches inserted in one statement. The by-key statements are the pooled
 * connection's cached ones, so a request repeated on the same columns is not planned again. A record is read straight
 * from the JDBC result: for one row, DuckDB's Arrow export cost more to set up than the row took to find. Within a row
 * scope, a by-key read or write finds only a record within it (the scope's conditions join the key's), and values
 * are checked against it before they are written ({@link ScopeSql}).
 */
public final class DuckDbRecordStore implements RecordStore {

    private final ConnectionSource pool;
    private final BufferAllocator rootAllocator;

    /** @param rootAllocator the root of the record batches' memory */
    public DuckDbRecordStore(ConnectionSource pool, BufferAllocator rootAllocator) {
        this.pool = pool;
        this.rootAllocator = rootAllocator;
    }

    @Override
    public Optional<RecordValues> find(RecordKey key, RowScope scope) {
        TableSchema schema = key.schema();
        // LIMIT 1 lets DuckDB stop at the row: where rows are not stored in key order, it would scan on to the end.
        String sql = "SELECT " + schema.columns().stream().map(ResultValues::selected).collect(Collectors.joining(", "))
                + " FROM " + Sql.quote(schema.name()) + where(key, scope) + " LIMIT 1";
        try (PooledConnection pooled = pool.borrow()) {
            PreparedStatement statement = pooled.statements().prepare(sql);
            bind(statement, 1, key, scope);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(record(schema, result)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "reading a record of '" + schema.name() + "'");
        }
    }

    private static RecordValues record(TableSchema schema, ResultSet result) throws SQLException {
        List<Object> values = new ArrayList<>(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
            values.add(ResultValues.read(result, i + 1, schema.columns().get(i).type()));
        }
        return new RecordValues(schema.columns(), values);
    }

    /**
     * Several records go in one {@code INSERT … SELECT} from them as Arrow batches ({@link RecordBatches}), the path
     * of the bulk insert, since a statement per record would cost DuckDB a statement each; one record goes in one
     * {@code INSERT … VALUES}, which costs less than registering a stream for it.
     */
    @Override
    public void insert(TableSchema schema, Iterator<RecordValues> records, RowScope scope) {
        if (!records.hasNext()) {
            return;
        }
        RecordValues first = records.next();
        if (!records.hasNext()) {
            insertOne(schema, first, scope);
            return;
        }
        try (BufferAllocator allocator = rootAllocator.newChildAllocator("records " + schema.name(), 0,
                        Long.MAX_VALUE);
                PooledConnection pooled = pool.borrow();
                RecordBatches batches = new RecordBatches(schema, startingWith(first, records), allocator)) {
            // Keeps the records' own refusal (a 400 naming the record and field) rather than DuckDB's wrapping of it.
            CheckedUpload checked = new CheckedUpload(batches, allocator, Long.MAX_VALUE);
            TableInsert insert = new TableInsert(schema, schema.columns(), ConflictPolicy.ERROR, Long.MAX_VALUE, scope);
            try {
                RegisteredArrowStream.inTransaction(pooled.connection(), allocator, checked, (statement, view) -> {
                    DuckDbArrowTableWriter.execute(pooled.connection(), insert, view, List.of(), checked::rows);
                    return null;
                });
            } catch (SQLException e) {
                throw checked.failure() != null ? checked.failure()
                        : ScopeSql.violation(e, scope, "a record of the body").map(RuntimeException.class::cast)
                                .orElseGet(() -> translate(e, schema, "body", "creating records in"));
            }
        } catch (SQLException e) {
            throw translate(e, schema, "body", "creating records in");
        } catch (IOException e) {
            throw new UncheckedIOException("closing the record batches of '" + schema.name() + "'", e);
        }
    }

    private void insertOne(TableSchema schema, RecordValues record, RowScope scope) {
        String sql = "INSERT INTO " + Sql.quote(schema.name()) + " (" + Sql.columnList(record.columns()) + ") VALUES ("
                + String.join(", ", Collections.nCopies(record.columns().size(), "?")) + ")";
        try (PooledConnection pooled = pool.borrow()) {
            PreparedStatement statement = pooled.statements().prepare(sql);
            ScopeSql.requireWithin(pooled.connection(), scope, schema.columns(), record, "the record");
            bind(statement, 1, record);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, schema, "body", "creating a record in");
        }
    }

    /** {@code first}, then the rest of {@code records}. */
    private static Iterator<RecordValues> startingWith(RecordValues first, Iterator<RecordValues> records) {
        return new Iterator<>() {
            private RecordValues next = first;

            @Override
            public boolean hasNext() {
                return next != null || records.hasNext();
            }

            @Override
            public RecordValues next() {
                if (next == null) {
                    return records.next();
                }
                RecordValues taken = next;
                next = null;
                return taken;
            }
        };
    }

    @Override
    public boolean update(RecordKey key, RecordValues values, RowScope scope) {
        TableSchema schema = key.schema();
        if (values.isEmpty()) {
            return exists(key, scope);
        }
        String sql = "UPDATE " + Sql.quote(schema.name()) + " SET " + values.columns().stream()
                .map(c -> Sql.quote(c.name()) + " = ?").collect(Collectors.joining(", ")) + where(key, scope);
        try (PooledConnection pooled = pool.borrow()) {
            PreparedStatement statement = pooled.statements().prepare(sql);
            // The record's other columns keep the values that put it within the scope, if it is there at all.
            ScopeSql.requireWithin(pooled.connection(), scope, values.columns(), values, "the record");
            bind(statement, bind(statement, 1, values), key, scope);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw translate(e, schema, "body", "updating a record of");
        }
    }

    @Override
    public boolean delete(RecordKey key, RowScope scope) {
        String sql = "DELETE FROM " + Sql.quote(key.schema().name()) + where(key, scope);
        try (PooledConnection pooled = pool.borrow()) {
            PreparedStatement statement = pooled.statements().prepare(sql);
            bind(statement, 1, key, scope);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw translate(e, key.schema(), "key", "deleting a record of");
        }
    }

    private boolean exists(RecordKey key, RowScope scope) {
        String sql = "SELECT 1 FROM " + Sql.quote(key.schema().name()) + where(key, scope);
        try (PooledConnection pooled = pool.borrow()) {
            PreparedStatement statement = pooled.statements().prepare(sql);
            bind(statement, 1, key, scope);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw translate(e, key.schema(), "key", "looking up a record of");
        }
    }

    /** The key's record, if it lies within the scope. */
    private static String where(RecordKey key, RowScope scope) {
        return key.columns().stream().map(c -> Sql.quote(c.name()) + " = ?")
                .collect(Collectors.joining(" AND ", " WHERE ", "")) + ScopeSql.and(scope);
    }

    /** @return the index of the next parameter */
    private static int bind(PreparedStatement statement, int first, RecordValues values) throws SQLException {
        for (int i = 0; i < values.columns().size(); i++) {
            BoundValues.bind(statement, first + i, values.values().get(i), values.columns().get(i).name().value());
        }
        return first + values.columns().size();
    }

    /** Binds the parameters of {@link #where}. */
    private static void bind(PreparedStatement statement, int first, RecordKey key, RowScope scope)
            throws SQLException {
        List<Column> columns = key.columns();
        for (int i = 0; i < columns.size(); i++) {
            BoundValues.bind(statement, first + i, BoundValues.comparable(columns.get(i), key.values().get(i)),
                    "key");
        }
        ScopeSql.bind(statement, first + key.values().size(), scope);
    }

    /**
     * @param valuesFrom what the client sent the values in, named in a 400 when DuckDB refuses one of them
     */
    private static RuntimeException translate(SQLException failure, TableSchema schema, String valuesFrom,
            String action) {
        Optional<String> duplicate = DuckDbFailures.duplicateKey(failure, schema);
        if (duplicate.isPresent()) {
            return new ConflictException("a record with key (" + duplicate.get() + ") is already in schema '"
                    + schema.name() + "', or is twice in the body; nothing was written", failure);
        }
        Optional<String> notNull = DuckDbFailures.notNullColumn(failure);
        if (notNull.isPresent()) {
            return new InvalidRequestException(notNull.get(), "column '" + notNull.get() + "' is NOT NULL in schema '"
                    + schema.name() + "'; nothing was written");
        }
        if (DuckDbFailures.isConversionError(failure)) {
            return new InvalidRequestException(valuesFrom, "a value does not fit its column of schema '"
                    + schema.name() + "'; nothing was written. DuckDB said: " + DuckDbFailures.firstLine(failure));
        }
        if (DuckDbFailures.isWriteConflict(failure)) {
            return new ConflictException("another write to schema '" + schema.name() + "' touched the same record"
                    + " at the same time; nothing was written, retry", failure);
        }
        return DuckDbFailures.translate(failure, action + " '" + schema.name() + "'");
    }
}
