package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data Forge on a database the application has open: it serves the tables the application writes, as it writes
 * them, and closing it leaves the application's connection and database open and unchanged.
 */
class HostDatabaseTest {

    static final SchemaDefinition READINGS = SchemaDefinition.named("readings")
            .requiredColumn("sensor", "VARCHAR")
            .requiredColumn("taken_at", "TIMESTAMP")
            .column("celsius", "DOUBLE")
            .primaryKey("sensor", "taken_at");

    @TempDir
    Path directory;
    Path file;
    Connection host;

    @BeforeEach
    void openTheApplicationsDatabase() throws SQLException {
        file = directory.resolve("host.duckdb");
        host = DriverManager.getConnection("jdbc:duckdb:" + file);
        execute("CREATE TABLE readings (sensor VARCHAR NOT NULL, taken_at TIMESTAMP NOT NULL, celsius DOUBLE,"
                + " PRIMARY KEY (sensor, taken_at))");
        execute("INSERT INTO readings VALUES ('north', TIMESTAMP '2025-01-01 00:00:00', 1.5)");
    }

    @AfterEach
    void closeIt() throws SQLException {
        host.close();
    }

    private DataForge onTheApplicationsDatabase() {
        return DataForge.builder().port(0).database(host).schema(READINGS);
    }

    @Test
    void servesWhatTheApplicationWritesAndTheApplicationSeesWhatDataForgeWrites() throws Exception {
        try (DataForgeServer server = onTheApplicationsDatabase().start();
                BufferAllocator allocator = new RootAllocator()) {
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            var first = client.get("/api/v1/arrow/bulk-read/readings");
            assertEquals(1, HttpArrowClient.readAll(first.body(), allocator).rows().size());

            execute("INSERT INTO readings VALUES ('south', TIMESTAMP '2025-01-01 00:00:00', -3.25)");
            JsonNode listed = client.json(client.get("/api/v1/records/readings?order=sensor.asc",
                    "Accept", "application/json"));
            assertEquals(2, listed.size());
            assertEquals(-3.25, listed.get(1).get("celsius").asDouble());

            var created = client.send(HttpRequest.newBuilder(client.uri("/api/v1/records/readings"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"sensor\": \"east\", \"taken_at\": \"2025-01-02T00:00:00\", \"celsius\": 20}"))
                    .build());
            assertEquals(201, created.statusCode());
            assertEquals(3, count("SELECT count(*) FROM readings"));
            TestServer.assertNothingHeld(server);
        }
    }

    /**
     * Closing takes Data Forge's own connections away and nothing else: the application's connection still works,
     * and the database was not checkpointed behind its back (the write-ahead log of its writes is still there).
     */
    @Test
    void closingLeavesTheApplicationsConnectionAndDatabaseAsTheyWere() throws Exception {
        Path log = Path.of(file + ".wal");
        assertTrue(Files.size(log) > 0, "the application's writes are in the write-ahead log");
        onTheApplicationsDatabase().start().close();

        assertFalse(host.isClosed());
        assertTrue(Files.exists(log) && Files.size(log) > 0, "no checkpoint was made");
        execute("INSERT INTO readings VALUES ('west', TIMESTAMP '2025-01-01 00:00:00', 0)");
        assertEquals(2, count("SELECT count(*) FROM readings"));
    }

    @Test
    void aMissingTableIsCreatedInTheApplicationsDatabase() throws Exception {
        try (DataForgeServer server = onTheApplicationsDatabase()
                .schemaJson("{\"name\": \"notes\", \"columns\": [{\"name\": \"body\", \"type\": \"VARCHAR\"}]}")
                .start()) {
            execute("INSERT INTO notes VALUES ('written by the application')");
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            assertEquals(1, client.json(client.get("/api/v1/records/notes/count")).get("count").asLong());
        }
    }

    /** Start-up's schema evolution applies to the application's table: a column added, the rows it holds kept. */
    @Test
    void aColumnAddedToTheSchemaIsAddedToTheApplicationsTable() throws Exception {
        try (DataForgeServer server = DataForge.builder().port(0).database(host).schemaJson("""
                {"name": "readings", "primaryKey": ["sensor", "taken_at"], "columns": [
                  {"name": "sensor", "type": "VARCHAR", "nullable": false},
                  {"name": "taken_at", "type": "TIMESTAMP", "nullable": false},
                  {"name": "celsius", "type": "DOUBLE"},
                  {"name": "unit", "type": "VARCHAR", "nullable": false, "default": "C"}]}
                """).start()) {
            assertEquals("north C", text("SELECT sensor || ' ' || unit FROM readings"),
                    "the application sees the column, filled with the default");
            execute("INSERT INTO readings (sensor, taken_at) VALUES ('south', TIMESTAMP '2025-01-02 00:00:00')");
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            JsonNode listed = client.json(client.get("/api/v1/records/readings?order=sensor.asc",
                    "Accept", "application/json"));
            assertEquals(2, listed.size());
            assertEquals("C", listed.get(1).get("unit").asText());
        }
        assertFalse(host.isClosed());
    }

    /** A change start-up does not make is refused naming the schema given in code, not a file it does not have. */
    @Test
    void aRefusedChangeNamesTheSchemaGivenInCodeAndLeavesTheApplicationsTable() throws SQLException {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DataForge.builder().port(0)
                .database(host).schema(SchemaDefinition.named("readings")
                        .requiredColumn("sensor", "VARCHAR")
                        .requiredColumn("taken_at", "TIMESTAMP")
                        .column("celsius", "VARCHAR")
                        .primaryKey("sensor", "taken_at"))
                .start());
        assertTrue(refused.getMessage().contains("readings (schema 'readings' given in code): refuse\n"
                + "  column 'celsius': type changed from DOUBLE to VARCHAR"), refused.getMessage());
        assertFalse(host.isClosed());
        assertEquals("DOUBLE 1.5", text("SELECT typeof(celsius) || ' ' || celsius FROM readings"));
    }

    /** The database's settings are the application's: Data Forge takes no memory limit or thread count for it. */
    @Test
    void aMemoryLimitOrThreadCountForTheApplicationsDatabaseIsRefused() throws SQLException {
        String limit = text("SELECT current_setting('memory_limit')");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> onTheApplicationsDatabase().memoryLimit("1GB").start());
        assertTrue(refused.getMessage().startsWith("memoryLimit and threads configure a database Data Forge opens"),
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> onTheApplicationsDatabase().threads(1).start());
        assertEquals(limit, text("SELECT current_setting('memory_limit')"));
    }

    /** The one setting Data Forge changes, for correct ordered reads, is added to what the application disabled. */
    @Test
    void theRowGroupPrunerIsDisabledBesideWhatTheApplicationDisabled() throws SQLException {
        execute("SET disabled_optimizers = 'late_materialization'");
        onTheApplicationsDatabase().start().close();
        assertEquals("late_materialization,row_group_pruner", text("SELECT current_setting('disabled_optimizers')"));
    }

    /** A database the application has attached may hold a table of the same name; the default one is served. */
    @Test
    void aTableOfTheSameNameInAnAttachedDatabaseIsNotTakenForTheServedOne() throws Exception {
        execute("ATTACH ':memory:' AS other");
        execute("CREATE TABLE other.main.readings (unrelated INTEGER)");
        try (DataForgeServer server = onTheApplicationsDatabase().start()) {
            assertEquals(200, new HttpArrowClient(server.baseUri()).status("/api/v1/records/readings/count"));
        }
    }

    @Test
    void aClosedConnectionIsRefusedNamingIt() throws SQLException {
        DataForge builder = onTheApplicationsDatabase();
        host.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, builder::start);
        assertTrue(refused.getMessage().startsWith("cannot open a connection to the host's DuckDB database"),
                refused.getMessage());
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = host.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Statement statement = host.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
