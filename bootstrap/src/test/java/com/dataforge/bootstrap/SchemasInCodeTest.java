package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas given in code, built or as schema text, are served like those of schema files, checked by the same rules,
 * and together with a directory when one is named.
 */
class SchemasInCodeTest {

    static final SchemaDefinition READINGS = SchemaDefinition.named("readings")
            .description("What each sensor measured")
            .requiredColumn("sensor", "VARCHAR")
            .requiredColumn("taken_at", "TIMESTAMP")
            .column("celsius", "DECIMAL(5,2)")
            .primaryKey("sensor", "taken_at");
    static final String NOTES = """
            {"name": "notes", "primaryKey": ["id"],
             "columns": [{"name": "id", "type": "BIGINT", "nullable": false}, {"name": "body", "type": "VARCHAR"}]}
            """;

    @TempDir
    Path directory;

    /** Surefire's working directory has no ./schemas, so reading the default directory would fail start-up. */
    @Test
    void schemasInCodeAloneAreServedWithoutTheDefaultDirectory() {
        assertFalse(Files.exists(Path.of("schemas")));
        try (DataForgeServer server = DataForge.builder().port(0).inMemoryDatabase().schema(READINGS)
                .schemaJson(NOTES).start()) {
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            assertEquals(List.of("notes", "readings"), names(client.json(client.get("/api/v1/schemas"))));

            JsonNode readings = client.json(client.get("/api/v1/schemas/readings"));
            assertEquals("What each sensor measured", readings.get("description").asText());
            var created = client.send(HttpRequest.newBuilder(client.uri("/api/v1/records/readings"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"sensor\": \"north\", \"taken_at\": \"2025-01-01T06:00:00\", \"celsius\": 12.25}"))
                    .build());
            assertEquals(201, created.statusCode());
            String location = created.headers().firstValue("Location").orElseThrow();
            assertEquals("12.25", client.json(client.get(location)).get("celsius").asText(),
                    "the key declared in code addresses the record");
        }
    }

    @Test
    void aNamedDirectoryIsServedTogetherWithTheSchemasInCode() {
        try (DataForgeServer server = DataForge.builder().port(0).inMemoryDatabase().demoRows(0)
                .schemas(TestDatabase.schemas(directory)).schemaJson(NOTES).start()) {
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            assertEquals(List.of("all_types", "empty_table", "notes", "numbers", "well_production"),
                    names(client.json(client.get("/api/v1/schemas"))));
        }
    }

    @Test
    void aNameDeclaredInCodeAndByAFileIsRefusedNamingBoth() {
        DataForge builder = DataForge.builder().port(0).inMemoryDatabase()
                .schemas(TestDatabase.schemas(directory)).schema(SchemaDefinition.named("Numbers")
                        .requiredColumn("n", "BIGINT"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, builder::start);
        assertEquals("schema 'Numbers' given in code: field 'name': schema 'Numbers' is already declared by schema"
                + " file " + directory.resolve("schemas").resolve("numbers.json") + " (names are case-insensitive,"
                + " as DuckDB's tables are)", refused.getMessage());
    }

    /** Refused where it is given, before anything starts, naming the field as a schema file's error would. */
    @Test
    void aBadDeclarationIsRefusedNamingTheField() {
        IllegalArgumentException badType = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().schema(SchemaDefinition.named("t").column("a", "INTEGER")
                        .column("b", "INTEGR")));
        assertTrue(badType.getMessage().startsWith("schema 't' given in code: field 'columns[1].type': "),
                badType.getMessage());

        IllegalArgumentException nullableKey = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().schema(SchemaDefinition.named("t").column("a", "INTEGER").primaryKey("a")));
        assertEquals("schema 't' given in code: field 'primaryKey': column 'a' must be declared \"nullable\": false",
                nullableKey.getMessage());

        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().schema(SchemaDefinition.named("1st").column("a", "INTEGER")));
        assertTrue(badName.getMessage().startsWith("schema '1st' given in code: field 'name': '1st' is not a valid"),
                badName.getMessage());

        IllegalArgumentException noColumns = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().schema(SchemaDefinition.named("t")));
        assertTrue(noColumns.getMessage().startsWith("schema 't' given in code: field 'columns': "),
                noColumns.getMessage());

        IllegalArgumentException badText = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().schemaJson(NOTES).schemaJson("{\"name\": \"x\", \"colums\": []}"));
        assertTrue(badText.getMessage().startsWith("schema text 2: field 'colums': is not a known field"),
                badText.getMessage());
    }

    private static List<String> names(JsonNode listing) {
        List<String> names = new ArrayList<>();
        for (JsonNode schema : listing.get("schemas")) {
            names.add(schema.get("name").asText());
        }
        return names;
    }
}
