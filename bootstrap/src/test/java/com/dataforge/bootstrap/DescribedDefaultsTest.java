package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema description states each column's declared default as its schema file writes it (what an import
 * client fills a file's missing column with), and says nothing of a default for a column that declares none; records
 * created without a column get its default, one record or many.
 */
class DescribedDefaultsTest {

    @RegisterExtension
    static final TestServer server = TestServer.started().schema("gauges.json", """
            {"name": "gauges", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "INTEGER", "nullable": false},
              {"name": "label", "type": "VARCHAR"},
              {"name": "status", "type": "VARCHAR", "default": "unchecked"},
              {"name": "active", "type": "BOOLEAN", "nullable": false, "default": true},
              {"name": "budget", "type": "DECIMAL(18,7)", "default": 0.0000001},
              {"name": "checked_at", "type": "TIMESTAMP", "default": "2024-01-31T13:45"},
              {"name": "tag", "type": "UUID", "default": "123e4567-e89b-12d3-a456-426614174000"}]}
            """);
    static final HttpArrowClient client = server.client();

    @Test
    void theDescriptionGivesEachDeclaredDefaultAsAJsonValueOfItsType() throws IOException {
        String body = text(client.get("/api/v1/schemas/gauges"));
        JsonNode columns = new ObjectMapper().readTree(body).get("columns");

        assertFalse(columns.get(0).has("default"), columns.get(0).toString());
        assertFalse(columns.get(1).has("default"), columns.get(1).toString());
        assertEquals("unchecked", columns.get(2).get("default").textValue());
        assertTrue(columns.get(3).get("default").booleanValue());
        // Written as declared, scale and all, not as 1E-7.
        assertTrue(body.contains("\"default\":0.0000001"), body);
        assertEquals("2024-01-31T13:45:00", columns.get(5).get("default").textValue());
        assertEquals("123e4567-e89b-12d3-a456-426614174000", columns.get(6).get("default").textValue());
    }

    @Test
    void theListAndTheOpenApiDocumentGiveTheDefaultsToo() throws IOException {
        JsonNode listed = client.json(client.get("/api/v1/schemas"));
        JsonNode gauges = null;
        for (JsonNode schema : listed.get("schemas")) {
            gauges = schema.get("name").asText().equals("gauges") ? schema : gauges;
        }
        assertEquals("unchecked", gauges.get("columns").get(2).get("default").textValue());

        String document = text(client.get("/openapi.json"));
        JsonNode properties = new ObjectMapper().readTree(document).get("components").get("schemas")
                .get("gauges").get("properties");
        assertEquals("unchecked", properties.get("status").get("default").textValue());
        assertFalse(properties.get("label").has("default"));
        assertTrue(document.contains("\"default\" : 0.0000001"), document);
    }

    /**
     * One record goes in naming only its fields, several as batches of every column: a field left out is the default
     * either way, a field given as null stays null, and a NOT NULL column with a default may be left out.
     */
    @Test
    void recordsCreatedWithoutAColumnGetItsDefaultOneOrMany() throws IOException {
        assertEquals(201, client.send(post("/api/v1/records/gauges", "application/json", "{\"id\": 1}"))
                .statusCode());
        assertEquals(201, client.send(post("/api/v1/records/gauges", "application/json",
                "[{\"id\": 2, \"status\": null}, {\"id\": 3, \"label\": \"x\"}]")).statusCode());

        for (int id : new int[] {1, 3}) {
            assertDefaults(text(client.get("/api/v1/records/gauges/" + id)));
        }
        String explicitNull = text(client.get("/api/v1/records/gauges/2"));
        assertTrue(explicitNull.contains("\"status\":null") && explicitNull.contains("\"active\":true")
                && explicitNull.contains("\"budget\":0.0000001"), explicitNull);
    }

    /** An Arrow upload without the defaulted columns, NOT NULL `active` among them, is taken and gets the defaults. */
    @Test
    void anArrowUploadWithoutADefaultedNotNullColumnGetsItsDefault() throws IOException {
        Schema upload = new Schema(List.of(ArrowUploads.field("id", new ArrowType.Int(32, true), false)));
        byte[] body;
        try (BufferAllocator allocator = new RootAllocator()) {
            body = ArrowUploads.rows(allocator, upload, List.of(List.of(10)));
        }
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        client.uri("/api/v1/arrow/bulk-insert/gauges"))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        try (InputStream answer = response.body()) {
            assertEquals(200, response.statusCode(), new String(answer.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertDefaults(text(client.get("/api/v1/records/gauges/10")));
    }

    private static void assertDefaults(String record) {
        assertTrue(record.contains("\"status\":\"unchecked\"") && record.contains("\"active\":true")
                && record.contains("\"budget\":0.0000001")
                && record.contains("\"checked_at\":\"2024-01-31T13:45:00\"")
                && record.contains("\"tag\":\"123e4567-e89b-12d3-a456-426614174000\""), record);
    }

    private static HttpRequest post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(client.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String text(HttpResponse<InputStream> response) throws IOException {
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
