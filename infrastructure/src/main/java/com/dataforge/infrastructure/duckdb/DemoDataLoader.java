package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty table with demo rows generated inside DuckDB by a query that its demo schema declares beside itself
 * (the repository's {@code schemas/well_production.demo.sql}): this adapter knows how to load, not what.
 */
public final class DemoDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final ConnectionSource pool;

    public DemoDataLoader(ConnectionSource pool) {
        this.pool = pool;
    }

    /**
     * Inserts {@code rows} rows of {@code demoRows} if the table is empty and the query's columns are the schema's.
     *
     * @param demoRows a SELECT of the schema's columns in its order, whose one parameter is the number of rows
     * @return the rows inserted: 0 if the table already had rows or does not have the query's columns
     */
    public long loadIfEmpty(TableSchema schema, String demoRows, long rows) {
        List<String> declared = schema.columns().stream().map(c -> c.name().value()).toList();
        try (PooledConnection connection = pool.borrow()) {
            List<String> generated = columns(connection, demoRows);
            if (!declared.equals(generated)) {
                LOG.warn("demo data skipped: schema {} does not declare the demo columns {}", schema.name(),
                        generated);
                return 0;
            }
            if (hasRows(connection, schema)) {
                return 0;
            }
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.connection().prepareStatement(
                    "INSERT INTO " + Sql.quote(schema.name()) + " " + demoRows)) {
                insert.setLong(1, rows);
                insert.executeUpdate();
            }
            LOG.info("demo data loaded schema={} rows={} ms={}", schema.name(), rows,
                    (System.nanoTime() - started) / 1_000_000);
            return rows;
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "loading demo data into '" + schema.name() + "'");
        }
    }

    /** The query's column names, from a run for no rows (a prepared query's columns are unknown until bound). */
    private static List<String> columns(PooledConnection connection, String demoRows) throws SQLException {
        try (PreparedStatement query = connection.connection().prepareStatement(demoRows)) {
            query.setLong(1, 0);
            try (ResultSet none = query.executeQuery()) {
                ResultSetMetaData metadata = none.getMetaData();
                List<String> names = new ArrayList<>(metadata.getColumnCount());
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    names.add(metadata.getColumnLabel(i));
                }
                return names;
            }
        }
    }

    private static boolean hasRows(PooledConnection connection, TableSchema schema) throws SQLException {
        try (Statement statement = connection.connection().createStatement();
                ResultSet any = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + Sql.quote(schema.name()) + ")")) {
            any.next();
            return any.getBoolean(1);
        }
    }
}
