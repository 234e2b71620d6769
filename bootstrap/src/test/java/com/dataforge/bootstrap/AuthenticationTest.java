package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** API keys over real HTTP: each key and permission combination, and the start-up rules for running without keys. */
class AuthenticationTest {

    static final String READER = "reader-key-0123456789abcdef";
    static final String WRITER = "writer-key-0123456789abcdef";
    static final String ADMIN = "admin-key-0123456789abcdef";
    static final String NOBODY = "nobody-key-0123456789abcdef";

    @RegisterExtension
    final TestServer server = TestServer.started((defaults, directory) -> {
        Path keys = directory.resolve("keys.json");
        Files.writeString(keys, """
                {"keys": [
                  {"name": "reader", "sha256": "%s", "permissions": {"numbers": "read"}},
                  {"name": "writer", "sha256": "%s", "permissions": {"numbers": "write", "*": "read"}},
                  {"name": "admin", "sha256": "%s", "permissions": {"*": "admin"}},
                  {"name": "nobody", "sha256": "%s", "permissions": {}}]}
                """.formatted(sha256(READER), sha256(WRITER), sha256(ADMIN), sha256(NOBODY)));
        return defaults.inMemoryDatabase().keyFile(keys);
    });
    final HttpArrowClient client = server.client();

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        // key, method, path, expected status
        "none, GET, /api/v1/records/numbers, 401",
        "not-a-key, GET, /api/v1/records/numbers, 401",
        "none, GET, /api/v1/schemas, 401",
        "reader, GET, /api/v1/schemas, 200",
        "nobody, GET, /api/v1/schemas, 200",
        "reader, GET, /api/v1/schemas/numbers, 200",
        "reader, GET, /api/v1/schemas/empty_table, 403",
        "reader, GET, /api/v1/schemas/no_such_schema, 403",
        "writer, GET, /api/v1/schemas/no_such_schema, 404",
        "reader, GET, /api/v1/records/numbers, 200",
        "reader, GET, /api/v1/arrow/bulk-read/numbers, 200",
        "reader, GET, /api/v1/records/numbers/count, 200",
        "reader, GET, /api/v1/records/empty_table, 403",
        "reader, GET, /api/v1/records/no_such_schema, 403",
        "reader, POST, /api/v1/records/numbers, 403",
        "reader, DELETE, /api/v1/records/numbers/1, 403",
        "writer, GET, /api/v1/records/empty_table, 200",
        "writer, POST, /api/v1/records/numbers, 201",
        "writer, POST, /api/v1/records/empty_table, 403",
        "writer, GET, /api/v1/records/no_such_schema, 404",
        "admin, POST, /api/v1/records/empty_table, 400",
        "none, GET, /health, 200"})
    void eachKeyMayDoWhatItsPermissionsSay(String key, String method, String path, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path));
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString("{\"n\": 500, \"label\": \"x\"}"))
                    .header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + secret(key));
        }

        HttpResponse<InputStream> response = client.send(request.build());

        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") ? client.json(response) : HttpArrowClient.JSON.createObjectNode();
        if (!type.contains("json")) {
            try (InputStream arrow = response.body()) {
                assertTrue(arrow.readAllBytes().length > 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertEquals(status, response.statusCode(), body::toString);
        if (status == 401) {
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        }
        if (status == 403) {
            assertTrue(body.get("detail").asText().startsWith("key '" + key + "' may not "), body::toString);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "reader | numbers",
        "writer | all_types, empty_table, numbers, well_production",
        "admin | all_types, empty_table, numbers, well_production",
        "nobody | ''"})
    void theSchemaListNamesOnlyWhatTheKeyMayRead(String key, String visible) {
        JsonNode list = client.json(client.get("/api/v1/schemas", "X-API-Key", secret(key)));

        List<String> names = new ArrayList<>();
        list.get("schemas").forEach(schema -> names.add(schema.get("name").asText()));
        assertEquals(visible.isEmpty() ? List.of() : List.of(visible.split(", ")), names);
    }

    @Test
    void thePublicOpenApiDocumentNamesNoTableWhenKeysAreOn() throws IOException {
        HttpResponse<InputStream> document = client.get("/openapi.json");
        HttpResponse<InputStream> page = client.get("/docs");

        assertEquals(200, document.statusCode());
        JsonNode openApi = client.json(document);
        assertEquals(List.of("ProblemDetails"), fieldNames(openApi.get("components").get("schemas")));
        String text = openApi.toString();
        try (InputStream html = page.body()) {
            text += new String(html.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String table : TestDatabase.SCHEMA_FILES) {
            String name = table.replace(".json", "");
            assertTrue(!text.contains(name), name + " is named in the public document");
        }
        assertTrue(openApi.get("paths").has("/api/v1/records/{schema}"), "the API itself is described");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void writesOneAuditLineForEachDataAccessNamingTheKeyButNeverShowingIt() throws IOException, InterruptedException {
        Logger audit = (Logger) LoggerFactory.getLogger("audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        audit.setLevel(Level.INFO);
        try {
            client.send(HttpRequest.newBuilder(client.uri("/api/v1/records/numbers"))
                    .header("X-API-Key", WRITER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"n\": 900}, {\"n\": 901}]")).build()).body().close();
            client.get("/api/v1/records/numbers?n=gte.900", "X-API-Key", READER).body().close();
            client.get("/api/v1/records/empty_table", "X-API-Key", READER).body().close();
            client.get("/health").body().close();
            // A line is written once its answer has gone out, so the client can be a step ahead of the log.
            Await.until(() -> lines.list.size() >= 3, Duration.ofSeconds(10), "three audit lines");
        } finally {
            audit.detachAppender(lines);
            audit.setLevel(null);
        }

        assertEquals(3, lines.list.size(), "one line per schema access, none for /health: " + lines.list);
        List<JsonNode> entries = new ArrayList<>();
        for (ILoggingEvent line : lines.list) {
            String text = line.getFormattedMessage();
            assertTrue(!text.contains(READER) && !text.contains(WRITER), text);
            entries.add(HttpArrowClient.JSON.readTree(text));
        }
        // In the order the requests were sent; lines of consecutive requests may be written in either order.
        entries.sort(Comparator.comparing((JsonNode entry) -> entry.get("method").asText()).reversed()
                .thenComparing(entry -> entry.get("status").asInt()));
        assertAudit(entries.get(0), "writer", "POST", "POST /api/v1/records/{schema}", "numbers", 201, 2);
        assertAudit(entries.get(1), "reader", "GET", "GET /api/v1/records/{schema}", "numbers", 200, 2);
        assertAudit(entries.get(2), "reader", "GET", "GET /api/v1/records/{schema}", "empty_table", 403, 0);
        assertEquals("127.0.0.1", entries.get(0).get("client").asText());
        assertEquals("[{\"n\": 900}, {\"n\": 901}]".length(), entries.get(0).get("bytes_in").asLong());
        assertEquals(0, entries.get(1).get("bytes_in").asLong());
        assertTrue(entries.get(1).get("bytes").asLong() > 0);
        Instant.parse(entries.get(2).get("time").asText());
    }

    private static void assertAudit(JsonNode entry, String key, String method, String operation, String schema,
            int status, long rows) {
        assertEquals(key, entry.get("key").asText(), entry::toString);
        assertEquals(method, entry.get("method").asText(), entry::toString);
        assertEquals(operation, entry.get("operation").asText(), entry::toString);
        assertEquals(schema, entry.get("schema").asText(), entry::toString);
        assertEquals(status, entry.get("status").asInt(), entry::toString);
        assertEquals(rows, entry.get("rows").asLong(), entry::toString);
    }

    @Test
    void takesTheKeyFromXApiKeyToo() {
        assertEquals(200, client.get("/api/v1/records/numbers", "X-API-Key", READER).statusCode());
        assertEquals(401, client.get("/api/v1/records/numbers", "X-API-Key", READER + "x").statusCode());
    }

    @Test
    void aKeyFileWithAPlainKeyInsteadOfItsDigestStopsStartUp() throws IOException {
        Path keys = server.directory().resolve("plain.json");
        Files.writeString(keys, "{\"keys\": [{\"name\": \"etl\", \"sha256\": \"" + READER + "\"}]}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataForge.builder().demoRows(0).port(0).schemas(server.schemas()).inMemoryDatabase().keyFile(keys)
                        .start());

        assertTrue(e.getMessage().contains(keys.toString()) && e.getMessage().contains("(etl)")
                && e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void withoutKeysOnlyLoopbackOrAnExplicitInsecureMayServe() throws IOException {
        DataForge open = DataForge.builder().demoRows(0).host("0.0.0.0").port(0).schemas(server.schemas())
                .inMemoryDatabase();

        IllegalStateException refused = assertThrows(IllegalStateException.class, open::start);
        assertTrue(refused.getMessage().contains("--key-file"), refused.getMessage());

        try (DataForgeServer insecure = open.insecure(true).start()) {
            HttpResponse<InputStream> health = new HttpArrowClient(URI.create("http://127.0.0.1:"
                    + insecure.address().getPort())).get("/health");
            assertEquals(200, health.statusCode());
            health.body().close();
        }
    }

    private static String secret(String name) {
        return switch (name) {
            case "reader" -> READER;
            case "writer" -> WRITER;
            case "admin" -> ADMIN;
            case "nobody" -> NOBODY;
            default -> name;
        };
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
