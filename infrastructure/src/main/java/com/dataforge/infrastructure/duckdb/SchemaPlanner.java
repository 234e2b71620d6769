package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.duckdb.TablePlan.Action;
import com.dataforge.infrastructure.duckdb.TablePlan.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares a schema with its table and says what start-up would do (a {@link TablePlan}), changing nothing.
 * Additive changes are planned: a new table, a new column that is nullable or has a default, a changed default.
 * Every other difference is refused. Columns are matched by name, not position: every query names its columns in
 * the schema's order, so the table's own order (new columns go last) never shows.
 */
final class SchemaPlanner {

    private static final String PROBE = "dataforge_declared_probe";

    /** A column as DuckDB describes it, type and default in DuckDB's own spelling. */
    private record TableColumn(String name, String type, boolean nullable, String defaultSql) {
    }

    private final Connection connection;
    private final String catalog;

    SchemaPlanner(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_database()")) {
            result.next();
            this.catalog = result.getString(1);
        }
    }

    TablePlan plan(TableSchema schema, String origin) throws SQLException {
        Optional<String> existing = tableNamed(schema.name());
        if (existing.isEmpty()) {
            return new TablePlan(schema.name(), origin, Action.CREATE,
                    List.of("CREATE TABLE " + Sql.quote(schema.name()) + definition(schema)), List.of());
        }
        String table = existing.get();
        if (!table.equals(schema.name().value())) {
            return new TablePlan(schema.name(), origin, Action.REFUSE, List.of(), List.of(new Refusal(
                    "table '" + schema.name() + "'",
                    "the database holds table '" + table + "', a name that differs only in case (DuckDB's names"
                            + " are case-insensitive); give the schema the table's name, or rename the table",
                    "ALTER TABLE \"" + table + "\" RENAME TO " + Sql.quote(schema.name()) + ";")));
        }
        return compare(schema, origin, describe(catalog, table), primaryKey(table));
    }

    private TablePlan compare(TableSchema schema, String origin, List<TableColumn> existing, List<String> existingKey)
            throws SQLException {
        String table = Sql.quote(schema.name());
        Map<String, TableColumn> declared = byLowerName(declared(schema));
        Map<String, TableColumn> present = byLowerName(existing);
        List<String> statements = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        List<Column> added = schema.columns().stream().filter(c -> !present.containsKey(lower(c.name().value())))
                .toList();
        for (TableColumn old : existing) {
            TableColumn wanted = declared.get(lower(old.name()));
            String subject = "column '" + old.name() + "'";
            String column = table + " ALTER COLUMN \"" + old.name() + "\"";
            if (wanted == null) {
                refusals.add(new Refusal(subject, "dropped, or renamed", "ALTER TABLE " + table + " DROP COLUMN \""
                        + old.name() + "\";" + renames(table, old, added, declared)));
                continue;
            }
            if (!wanted.name().equals(old.name())) {
                refusals.add(new Refusal(subject, "renamed to '" + wanted.name() + "' (a change of case)",
                        "ALTER TABLE " + table + " RENAME COLUMN \"" + old.name() + "\" TO \"" + wanted.name()
                                + "\";"));
            }
            if (!wanted.type().equals(old.type())) {
                boolean keyed = existingKey.stream().anyMatch(k -> k.equalsIgnoreCase(old.name()));
                refusals.add(new Refusal(subject, "type changed from " + old.type() + " to " + wanted.type(),
                        keyed ? rebuild(schema, existing) : "ALTER TABLE " + column + " TYPE " + wanted.type() + ";"));
            }
            if (wanted.nullable() != old.nullable()) {
                refusals.add(new Refusal(subject, wanted.nullable() ? "NOT NULL dropped" : "NOT NULL added",
                        "ALTER TABLE " + column + (wanted.nullable() ? " DROP NOT NULL;" : " SET NOT NULL;")));
            }
            if (!wanted.defaultSql().equals(old.defaultSql())) {
                Column declaredColumn = schema.columns().stream()
                        .filter(c -> c.name().value().equalsIgnoreCase(old.name())).findFirst().orElseThrow();
                statements.add("ALTER TABLE " + column + " " + Sql.defaultClause(declaredColumn));
            }
        }
        for (Column column : added) {
            String add = "ALTER TABLE " + table + " ADD COLUMN " + Sql.columnDefinition(column);
            if (column.nullable() || column.defaultValue().isPresent()) {
                statements.add(add);
            } else {
                refusals.add(new Refusal("column '" + column.name() + "'", "added as NOT NULL without a default, so"
                        + " the rows the table holds would have no value; declare a \"default\" or make it nullable",
                        add + " DEFAULT <value>;"));
            }
        }
        List<String> declaredKey = schema.primaryKey().stream().map(Identifier::value).toList();
        if (!lower(declaredKey).equals(lower(existingKey))) {
            refusals.add(new Refusal("primary key", "changed from " + keyText(existingKey) + " to "
                    + keyText(declaredKey) + "; DuckDB cannot change a table's key in place, so rebuild the table",
                    rebuild(schema, existing)));
        }
        if (!refusals.isEmpty()) {
            return new TablePlan(schema.name(), origin, Action.REFUSE, List.of(), refusals);
        }
        return new TablePlan(schema.name(), origin, statements.isEmpty() ? Action.UNCHANGED : Action.ALTER, statements,
                List.of());
    }

    /** The parenthesised column and key definitions of a CREATE TABLE. */
    static String definition(TableSchema schema) {
        List<String> parts = new ArrayList<>();
        schema.columns().forEach(column -> parts.add(Sql.columnDefinition(column)));
        if (!schema.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + schema.primaryKey().stream().map(Sql::quote).collect(Collectors.joining(", "))
                    + ")");
        }
        return " (" + String.join(", ", parts) + ")";
    }

    /** For a dropped column, the renames that would keep its data instead: to each added column of its type. */
    private static String renames(String table, TableColumn old, List<Column> added,
            Map<String, TableColumn> declared) {
        return added.stream().filter(c -> declared.get(lower(c.name().value())).type().equals(old.type()))
                .map(c -> " Or, if it was renamed: ALTER TABLE " + table + " RENAME COLUMN \"" + old.name() + "\" TO "
                        + Sql.quote(c.name()) + ";")
                .collect(Collectors.joining());
    }

    /** The table rebuilt to the declaration, keeping the data of the columns both share. */
    private static String rebuild(TableSchema schema, List<TableColumn> existing) {
        String table = Sql.quote(schema.name());
        String rebuilt = "\"" + schema.name() + "_rebuilt\"";
        String shared = schema.columns().stream()
                .filter(c -> existing.stream().anyMatch(old -> old.name().equalsIgnoreCase(c.name().value())))
                .map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
        return "BEGIN; CREATE TABLE " + rebuilt + definition(schema) + "; INSERT INTO " + rebuilt + " (" + shared
                + ") SELECT " + shared + " FROM " + table + "; DROP TABLE " + table + "; ALTER TABLE " + rebuilt
                + " RENAME TO " + table + "; COMMIT;";
    }

    /**
     * The declared columns in DuckDB's spelling, read back from a temporary table built from the declaration, so
     * types and defaults compare with DuckDB's own words rather than a second copy of them here.
     */
    private List<TableColumn> declared(TableSchema schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS temp.main.\"" + PROBE + "\"");
            statement.execute("CREATE TEMPORARY TABLE \"" + PROBE + "\"" + definition(schema));
            try {
                return describe("temp", PROBE);
            } finally {
                statement.execute("DROP TABLE temp.main.\"" + PROBE + "\"");
            }
        }
    }

    /** The table's own spelling of a name DuckDB would take for it, case-insensitively. */
    private Optional<String> tableNamed(Identifier name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_name FROM"
                + " information_schema.tables WHERE table_catalog = ? AND table_schema = 'main'"
                + " AND lower(table_name) = lower(?)")) {
            statement.setString(1, catalog);
            statement.setString(2, name.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private List<TableColumn> describe(String tableCatalog, String table) throws SQLException {
        List<TableColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT column_name, data_type, is_nullable,"
                + " coalesce(column_default, '') FROM information_schema.columns WHERE table_catalog = ?"
                + " AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, tableCatalog);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(new TableColumn(rows.getString(1), rows.getString(2), "YES".equals(rows.getString(3)),
                            rows.getString(4)));
                }
            }
        }
        return columns;
    }

    private List<String> primaryKey(String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT unnest(constraint_column_names)"
                + " FROM duckdb_constraints() WHERE database_name = ? AND schema_name = 'main' AND table_name = ?"
                + " AND constraint_type = 'PRIMARY KEY'")) {
            statement.setString(1, catalog);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    key.add(rows.getString(1));
                }
            }
        }
        return key;
    }

    private static Map<String, TableColumn> byLowerName(List<TableColumn> columns) {
        Map<String, TableColumn> map = new LinkedHashMap<>();
        columns.forEach(column -> map.put(lower(column.name()), column));
        return map;
    }

    private static String keyText(List<String> key) {
        return key.isEmpty() ? "none" : "(" + String.join(", ", key) + ")";
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(SchemaPlanner::lower).toList();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
