package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordStore;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Single-record writes as prepared statements: table and column names from the catalog, quoted; every value a bound
 * parameter.
 */
public final class DuckDbRecordStore implements RecordStore {

    private final ConnectionSource pool;

    public DuckDbRecordStore(ConnectionSource pool) {
        this.pool = pool;
    }

    @Override
    public void insert(TableSchema schema, List<RecordValues> records) {
        if (records.isEmpty()) {
            return;
        }
        try (PooledConnection pooled = pool.borrow()) {
            DuckDBConnection connection = pooled.connection();
            // Records may leave out different columns: one statement per set of columns given.
            Map<List<Column>, PreparedStatement> statements = new LinkedHashMap<>();
            try {
                Transactions.run(connection, () -> {
                    for (RecordValues record : records) {
                        PreparedStatement statement = statements.get(record.columns());
                        if (statement == null) {
                            statement = connection.prepareStatement(insertSql(schema, record.columns()));
                            statements.put(record.columns(), statement);
                        }
                        bind(statement, 1, record);
                        statement.executeUpdate();
                    }
                    return null;
                });
            } finally {
                for (PreparedStatement statement : statements.values()) {
                    statement.close();
                }
            }
        } catch (SQLException e) {
            throw translate(e, schema, "body", "creating records in");
        }
    }

    @Override
    public boolean update(RecordKey key, RecordValues values) {
        TableSchema schema = key.schema();
        if (values.isEmpty()) {
            return exists(key);
        }
        String sql = "UPDATE " + Sql.quote(schema.name()) + " SET " + values.columns().stream()
                .map(c -> Sql.quote(c.name()) + " = ?").collect(Collectors.joining(", ")) + where(key);
        try (PooledConnection pooled = pool.borrow();
                PreparedStatement statement = pooled.connection().prepareStatement(sql)) {
            bind(statement, bind(statement, 1, values), key);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw translate(e, schema, "body", "updating a record of");
        }
    }

    @Override
    public boolean delete(RecordKey key) {
        String sql = "DELETE FROM " + Sql.quote(key.schema().name()) + where(key);
        try (PooledConnection pooled = pool.borrow();
                PreparedStatement statement = pooled.connection().prepareStatement(sql)) {
            bind(statement, 1, key);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw translate(e, key.schema(), "key", "deleting a record of");
        }
    }

    private boolean exists(RecordKey key) {
        String sql = "SELECT 1 FROM " + Sql.quote(key.schema().name()) + where(key);
        try (PooledConnection pooled = pool.borrow();
                PreparedStatement statement = pooled.connection().prepareStatement(sql)) {
            bind(statement, 1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw translate(e, key.schema(), "key", "looking up a record of");
        }
    }

    static String insertSql(TableSchema schema, List<Column> columns) {
        return "INSERT INTO " + Sql.quote(schema.name()) + " (" + Sql.columnList(columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    private static String where(RecordKey key) {
        return key.columns().stream().map(c -> Sql.quote(c.name()) + " = ?")
                .collect(Collectors.joining(" AND ", " WHERE ", ""));
    }

    /** @return the index of the next parameter */
    private static int bind(PreparedStatement statement, int first, RecordValues values) throws SQLException {
        for (int i = 0; i < values.columns().size(); i++) {
            BoundValues.bind(statement, first + i, values.values().get(i), values.columns().get(i).name().value());
        }
        return first + values.columns().size();
    }

    private static void bind(PreparedStatement statement, int first, RecordKey key) throws SQLException {
        for (int i = 0; i < key.values().size(); i++) {
            BoundValues.bind(statement, first + i, key.values().get(i), "key");
        }
    }

    /**
     * @param valuesFrom what the client sent the values in, named in a 400 when DuckDB refuses one of them
     */
    private static RuntimeException translate(SQLException failure, TableSchema schema, String valuesFrom,
            String action) {
        Optional<String> duplicate = DuckDbFailures.duplicateKey(failure);
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
