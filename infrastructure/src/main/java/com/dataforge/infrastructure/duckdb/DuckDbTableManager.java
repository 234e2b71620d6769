package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates each catalog table that the database lacks and checks that existing ones still match their schema file,
 * so a changed file stops start-up instead of serving a table whose columns differ from what the API describes.
 */
public final class DuckDbTableManager {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTableManager.class);
    private static final String PROBE = "dataforge_declared_probe";
    private static final String TEMPORARY = "temp";
    private static final String PROBE_TABLE = TEMPORARY + ".main.\"" + PROBE + "\"";

    private final DuckDbDatabase database;

    public DuckDbTableManager(DuckDbDatabase database) {
        this.database = database;
    }

    public void ensureTables(List<TableSchema> schemas) {
        Connection connection = database.primary();
        for (TableSchema schema : schemas) {
            try {
                List<String> existing = describe(connection, null, schema.name().value());
                if (existing.isEmpty()) {
                    execute(connection, "CREATE TABLE " + Sql.quote(schema.name()) + definition(schema));
                    LOG.info("table created schema={} columns={}", schema.name(), schema.columns().size());
                } else {
                    checkMatches(connection, schema, existing);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare table '" + schema.name() + "': " + e.getMessage(), e);
            }
        }
    }

    /** The parenthesised column and key definitions of a CREATE TABLE. */
    static String definition(TableSchema schema) {
        List<String> parts = new ArrayList<>();
        for (Column column : schema.columns()) {
            parts.add(Sql.quote(column.name()) + " " + column.type() + (column.nullable() ? "" : " NOT NULL"));
        }
        if (!schema.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + schema.primaryKey().stream().map(Sql::quote).collect(Collectors.joining(", "))
                    + ")");
        }
        return " (" + String.join(", ", parts) + ")";
    }

    /**
     * Compares with a temporary table built from the declaration, so the comparison uses DuckDB's own spelling of
     * each type rather than a second copy of it here.
     */
    private static void checkMatches(Connection connection, TableSchema schema, List<String> existing)
            throws SQLException {
        execute(connection, "DROP TABLE IF EXISTS " + PROBE_TABLE);
        execute(connection, "CREATE TEMPORARY TABLE \"" + PROBE + "\"" + definition(schema));
        List<String> declared;
        try {
            declared = describe(connection, TEMPORARY, PROBE);
        } finally {
            execute(connection, "DROP TABLE " + PROBE_TABLE);
        }
        if (!declared.equals(existing)) {
            throw new IllegalStateException("table '" + schema.name() + "' exists with columns " + existing
                    + " but its schema file declares " + declared
                    + "; migrate the table or restore the schema file");
        }
    }

    /**
     * @param catalog the database holding the table; null for the default one, where the unqualified names of every
     *     query resolve (a database the host application has attached may hold a table of the same name)
     */
    private static List<String> describe(Connection connection, String catalog, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                        + " WHERE table_catalog = coalesce(?, current_database()) AND table_schema = 'main'"
                        + " AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, catalog);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1) + " " + rows.getString(2)
                            + ("NO".equals(rows.getString(3)) ? " NOT NULL" : ""));
                }
            }
        }
        return columns;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
