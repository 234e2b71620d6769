package com.dataforge.infrastructure.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.TablePlan.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up against a real DuckDB file whose table was made from an earlier version of its schema file: additive
 * changes are applied with the data kept, anything else stops start-up naming the file, the column and the change,
 * with the database left exactly as it was.
 */
class SchemaEvolutionTest {

    static final String ORIGINAL = """
            {"name": "wells", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "INTEGER", "nullable": false},
              {"name": "depth", "type": "DOUBLE"},
              {"name": "label", "type": "VARCHAR", "nullable": false}]}
            """;

    @TempDir
    Path directory;

    @Test
    void newNullableAndDefaultedColumnsAreAddedAndTheRowsKept() throws Exception {
        startWith(ORIGINAL);
        String evolved = """
                {"name": "wells", "primaryKey": ["id"], "columns": [
                  {"name": "id", "type": "INTEGER", "nullable": false},
                  {"name": "note", "type": "VARCHAR"},
                  {"name": "depth", "type": "DOUBLE"},
                  {"name": "label", "type": "VARCHAR", "nullable": false},
                  {"name": "status", "type": "VARCHAR", "nullable": false, "default": "it's new"},
                  {"name": "rate", "type": "DECIMAL(6,2)", "nullable": false, "default": 12.5},
                  {"name": "active", "type": "BOOLEAN", "default": true},
                  {"name": "spud", "type": "DATE", "default": "2024-01-31"},
                  {"name": "seen", "type": "TIMESTAMPTZ", "default": "2024-01-31T13:45:00Z"},
                  {"name": "ref", "type": "UUID", "default": "123e4567-e89b-12d3-a456-426614174000"}]}
                """;

        List<TablePlan> plans = plan(evolved);
        assertEquals(Action.ALTER, plans.get(0).action(), plans.get(0).report().toString());
        assertEquals(7, plans.get(0).statements().size(), plans.get(0).statements().toString());
        assertTrue(plans.get(0).statements().contains("ALTER TABLE \"wells\" ADD COLUMN \"status\" VARCHAR NOT NULL"
                + " DEFAULT CAST('it''s new' AS VARCHAR)"), plans.get(0).statements().toString());
        ensure(evolved);

        assertEquals(List.of("1|1.5|a|null|it's new|12.50|true|2024-01-31|2024-01-31 13:45:00+00|"
                        + "123e4567-e89b-12d3-a456-426614174000", "2|null|b|null|it's new|12.50|true|2024-01-31|"
                        + "2024-01-31 13:45:00+00|123e4567-e89b-12d3-a456-426614174000"),
                rows("SELECT id, depth, label, note, status, rate, active, spud, strftime(seen AT TIME ZONE 'UTC',"
                        + " '%Y-%m-%d %H:%M:%S+00'), ref FROM wells ORDER BY id"));
        assertEquals(List.of("it's new"), rows("INSERT INTO wells (id, label) VALUES (3, 'c') RETURNING status"),
                "the default holds for rows inserted later too");
        assertEquals(Action.UNCHANGED, plan(evolved).get(0).action(),
                "a column added in the middle of the file matches by name, not position, on the next start");
    }

    @Test
    void aChangedDefaultIsApplied() throws Exception {
        startWith(ORIGINAL.replace("\"type\": \"DOUBLE\"}", "\"type\": \"DOUBLE\", \"default\": 1}"));
        String changed = ORIGINAL.replace("\"type\": \"DOUBLE\"}", "\"type\": \"DOUBLE\", \"default\": 2}");

        assertEquals(List.of("ALTER TABLE \"wells\" ALTER COLUMN \"depth\" SET DEFAULT CAST('2.0' AS DOUBLE)"),
                plan(changed).get(0).statements());
        ensure(changed);
        assertEquals(List.of("2.0"), rows("INSERT INTO wells (id, label) VALUES (3, 'c') RETURNING depth"));
        assertEquals(List.of("DROP DEFAULT"), plan(ORIGINAL).get(0).statements().stream()
                .map(s -> s.substring(s.lastIndexOf("\" ") + 2)).toList());
    }

    @Test
    void aDroppedColumnIsRefusedWithTheSqlToDropOrRenameIt() throws Exception {
        assertRefused("""
                {"name": "wells", "primaryKey": ["id"], "columns": [
                  {"name": "id", "type": "INTEGER", "nullable": false},
                  {"name": "height", "type": "DOUBLE"},
                  {"name": "label", "type": "VARCHAR", "nullable": false}]}
                """, "column 'depth': dropped, or renamed", "ALTER TABLE \"wells\" DROP COLUMN \"depth\";",
                "Or, if it was renamed: ALTER TABLE \"wells\" RENAME COLUMN \"depth\" TO \"height\";");
    }

    @Test
    void aChangedTypeIsRefused() throws Exception {
        assertRefused(ORIGINAL.replace("DOUBLE", "VARCHAR"), "column 'depth': type changed from DOUBLE to VARCHAR",
                "ALTER TABLE \"wells\" ALTER COLUMN \"depth\" TYPE VARCHAR;");
    }

    @Test
    void aWideningOfAKeyColumnIsRefusedWithARebuild() throws Exception {
        assertRefused(ORIGINAL.replace("\"INTEGER\"", "\"BIGINT\""),
                "column 'id': type changed from INTEGER to BIGINT", "CREATE TABLE \"wells_rebuilt\"");
    }

    @Test
    void aChangedNullabilityIsRefused() throws Exception {
        assertRefused(ORIGINAL.replace("\"VARCHAR\", \"nullable\": false", "\"VARCHAR\""),
                "column 'label': NOT NULL dropped", "ALTER TABLE \"wells\" ALTER COLUMN \"label\" DROP NOT NULL;");
    }

    @Test
    void aNewNotNullColumnWithoutDefaultIsRefused() throws Exception {
        assertRefused(ORIGINAL.replace("]}", ", {\"name\": \"code\", \"type\": \"INTEGER\", \"nullable\": false}]}"),
                "column 'code': added as NOT NULL without a default",
                "ALTER TABLE \"wells\" ADD COLUMN \"code\" INTEGER NOT NULL DEFAULT <value>;");
    }

    @Test
    void aColumnRenamedInCaseIsRefused() throws Exception {
        assertRefused(ORIGINAL.replace("\"depth\"", "\"Depth\""), "column 'depth': renamed to 'Depth'",
                "ALTER TABLE \"wells\" RENAME COLUMN \"depth\" TO \"Depth\";");
    }

    @Test
    void aWidenedKeyIsRefusedAndItsSqlDoesTheChange() throws Exception {
        String widened = ORIGINAL.replace("[\"id\"]", "[\"id\", \"label\"]");
        String message = assertRefused(widened, "primary key: changed from (id) to (id, label)",
                "CREATE TABLE \"wells_rebuilt\"");
        String byHand = message.lines().filter(line -> line.contains("by hand: BEGIN;")).findFirst().orElseThrow()
                .substring("    by hand: ".length());

        try (DuckDbDatabase database = open(); Statement statement = database.primary().createStatement()) {
            statement.execute(byHand);
        }
        assertEquals(Action.UNCHANGED, plan(widened).get(0).action(), "the SQL given makes the change");
        assertEquals(List.of("1|1.5|a", "2|null|b"), rows("SELECT id, depth, label FROM wells ORDER BY id"));
    }

    @Test
    void aRemovedKeyIsRefused() throws Exception {
        assertRefused(ORIGINAL.replace("\"primaryKey\": [\"id\"], ", ""), "primary key: changed from (id) to none",
                "CREATE TABLE \"wells_rebuilt\"");
    }

    @Test
    void aSchemaNamedLikeATableButForCaseIsRefusedNamingTheFile() throws Exception {
        assertRefused(ORIGINAL.replace("\"wells\"", "\"Wells\""),
                "the database holds table 'wells', a name that differs only in case",
                "ALTER TABLE \"wells\" RENAME TO \"Wells\";");
    }

    @Test
    void aRefusalInOneFileLeavesTheOthersUnchangedToo() throws Exception {
        startWith(ORIGINAL);
        Files.writeString(directory.resolve("schemas").resolve("other.json"),
                "{\"name\": \"other\", \"columns\": [{\"name\": \"x\", \"type\": \"INTEGER\"}]}");
        Files.writeString(schemaFile(), ORIGINAL.replace("DOUBLE", "VARCHAR"));

        assertThrows(IllegalStateException.class, () -> ensure(null));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'other'"),
                "a new table is not created while another file is refused");
    }

    /** The refusal names the file, the change and the SQL; the table's columns, key and rows are as they were. */
    private String assertRefused(String changed, String change, String... sql) throws Exception {
        startWith(ORIGINAL);
        List<String> before = catalogSnapshot();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ensure(changed));

        String message = refused.getMessage();
        assertTrue(message.contains(" (schema file " + schemaFile() + "): refuse"), message);
        assertTrue(message.contains(change), message);
        for (String statement : sql) {
            assertTrue(message.contains(statement), message);
        }
        assertTrue(message.contains("nothing was changed"), message);
        assertEquals(before, catalogSnapshot(), "the database is unchanged");
        assertEquals(Action.REFUSE, plan(changed).get(0).action());
        return message;
    }

    private void startWith(String schema) throws Exception {
        ensure(schema);
        try (DuckDbDatabase database = open(); Statement statement = database.primary().createStatement()) {
            statement.execute("INSERT INTO wells (id, depth, label) VALUES (1, 1.5, 'a'), (2, NULL, 'b')");
        }
    }

    private void ensure(String schema) throws IOException {
        DeclaredSchemaCatalog catalog = catalog(schema);
        try (DuckDbDatabase database = open()) {
            new DuckDbTableManager(database).ensureTables(catalog.all(), catalog::origin);
        }
    }

    private List<TablePlan> plan(String schema) throws IOException {
        DeclaredSchemaCatalog catalog = catalog(schema);
        try (DuckDbDatabase database = open()) {
            return new DuckDbTableManager(database).plan(catalog.all(), catalog::origin);
        }
    }

    /** Writes {@code schema} (unless null) as the schema file and loads the directory. */
    private DeclaredSchemaCatalog catalog(String schema) throws IOException {
        Files.createDirectories(schemaFile().getParent());
        if (schema != null) {
            Files.writeString(schemaFile(), schema);
        }
        return DeclaredSchemaCatalog.load(schemaFile().getParent());
    }

    private Path schemaFile() {
        return directory.resolve("schemas").resolve("wells.json");
    }

    private DuckDbDatabase open() {
        return DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.of(directory.resolve("db.duckdb")),
                Optional.empty(), Optional.empty()));
    }

    private List<String> catalogSnapshot() throws SQLException {
        List<String> snapshot = new ArrayList<>(rows("SELECT table_name, column_name, data_type, is_nullable,"
                + " column_default FROM information_schema.columns WHERE table_catalog = 'db'"
                + " ORDER BY table_name, ordinal_position"));
        snapshot.addAll(rows("SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()"
                + " WHERE database_name = 'db' ORDER BY ALL"));
        snapshot.addAll(rows("SELECT * FROM wells ORDER BY id"));
        return snapshot;
    }

    /** Each row as its values joined by '|'. */
    private List<String> rows(String sql) throws SQLException {
        try (DuckDbDatabase database = open(); Connection connection = database.connectionFactory().open();
                Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getString(i)));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }
}
