package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-schemas} and start-up as users run them, in a child JVM on the module path: the check prints the plan
 * and changes nothing, its exit status says whether start-up would go ahead, and start-up then does what it said.
 */
class SchemaEvolutionCommandTest {

    static final String WELLS = """
            {"name": "wells", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "INTEGER", "nullable": false},
              {"name": "depth", "type": "DOUBLE"}]}
            """;

    @TempDir
    Path directory;
    Path schemas;
    Path database;

    @BeforeEach
    void aTableWithRows() throws IOException {
        schemas = Files.createDirectory(directory.resolve("schemas"));
        database = directory.resolve("db.duckdb");
        Files.writeString(schemas.resolve("wells.json"), WELLS);
        DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0).start().close();
        TestDatabase.execute(database, "INSERT INTO wells VALUES (1, 1.5), (2, NULL)");
    }

    @Test
    void anAdditiveChangeIsShownThenAppliedByStartUpWithTheColumnWhereTheFilePutsIt() throws IOException {
        Files.writeString(schemas.resolve("wells.json"), WELLS.replace("[\n  {\"name\": \"id\"",
                "[\n  {\"name\": \"status\", \"type\": \"VARCHAR\", \"nullable\": false, \"default\": \"open\"},\n"
                        + "  {\"name\": \"id\""));
        Files.writeString(schemas.resolve("logs.json"),
                "{\"name\": \"logs\", \"columns\": [{\"name\": \"line\", \"type\": \"VARCHAR\"}]}");
        long modified = Files.getLastModifiedTime(database).toMillis();

        ServerProcess check = check();

        assertEquals(0, check.waitFor(), check.output());
        assertEquals("""
                logs (schema file %s): create
                  CREATE TABLE "logs" ("line" VARCHAR);
                wells (schema file %s): alter
                  ALTER TABLE "wells" ADD COLUMN "status" VARCHAR NOT NULL DEFAULT CAST('open' AS VARCHAR);
                start-up would go ahead
                """.formatted(schemas.resolve("logs.json"), schemas.resolve("wells.json")), check.output());
        assertEquals(modified, Files.getLastModifiedTime(database).toMillis(), "the check changed nothing");
        assertEquals(List.of("id", "depth"), columns(), "the check altered nothing");

        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start(); BufferAllocator allocator = new RootAllocator()) {
            HttpResponse<InputStream> response = new HttpArrowClient(server.baseUri())
                    .get("/api/v1/arrow/bulk-read/wells?order=id");
            assertEquals(200, response.statusCode());
            ArrowTable table = HttpArrowClient.readAll(response.body(), allocator);
            assertEquals(List.of("status", "id", "depth"),
                    table.schema().getFields().stream().map(Field::getName).toList(),
                    "the API's column order is the file's, though DuckDB appended the column");
            assertEquals(List.of(Map.of("status", new Text("open"), "id", 1, "depth", 1.5)),
                    table.rows().subList(0, 1));
            assertEquals(2, table.rows().size(), "the rows were kept");
        }
        ServerProcess again = check();
        assertEquals(0, again.waitFor(), again.output());
        assertTrue(again.output().contains("wells (schema file " + schemas.resolve("wells.json") + "): unchanged\n"),
                again.output());
    }

    @Test
    void aRefusedChangeExitsOneAndStartUpRefusesItTooNamingTheFileAndTheSql() throws IOException {
        Files.writeString(schemas.resolve("wells.json"), WELLS.replace("\"DOUBLE\"", "\"VARCHAR\""));

        ServerProcess check = check();

        assertEquals(1, check.waitFor(), check.output());
        String refusal = "wells (schema file " + schemas.resolve("wells.json") + "): refuse\n"
                + "  column 'depth': type changed from DOUBLE to VARCHAR\n"
                + "    by hand: ALTER TABLE \"wells\" ALTER COLUMN \"depth\" TYPE VARCHAR;\n";
        assertTrue(check.output().contains(refusal), check.output());
        assertTrue(check.output().endsWith("start-up would refuse 1 of 1 schemas and change nothing\n"),
                check.output());

        ServerProcess serve = ServerProcess.refusedStart("--port", "0", "--db", database.toString(), "--schemas",
                schemas.toString());
        assertEquals(1, serve.waitFor(), serve.output());
        assertTrue(serve.output().contains(refusal), serve.output());
        assertFalse(serve.output().contains("Catalog Error"), serve.output());
        assertEquals(List.of("id", "depth"), columns());
    }

    @Test
    void aDatabaseNotYetCreatedIsNotCreatedByTheCheck() {
        Path absent = directory.resolve("new").resolve("db.duckdb");

        ServerProcess check = ServerProcess.run("check-schemas", "--db", absent.toString(), "--schemas",
                schemas.toString());

        assertEquals(0, check.waitFor(), check.output());
        assertTrue(check.output().startsWith("database " + absent + " does not exist yet: start-up creates it\n"
                + "wells (schema file " + schemas.resolve("wells.json") + "): create\n"), check.output());
        assertFalse(Files.exists(absent.getParent()), "nothing was created");
    }

    @Test
    void anUnknownArgumentIsAUsageError() {
        ServerProcess check = ServerProcess.run("check-schemas", "--port", "1");

        assertEquals(2, check.waitFor(), check.output());
        assertTrue(check.output().contains("check-schemas: unknown argument '--port'"), check.output());
    }

    private ServerProcess check() {
        return ServerProcess.run("check-schemas", "--db", database.toString(), "--schemas", schemas.toString());
    }

    private List<String> columns() {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'wells' ORDER BY ordinal_position")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
