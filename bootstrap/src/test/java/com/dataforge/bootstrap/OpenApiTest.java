package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.http.route.ApiRoutes;
import com.dataforge.infrastructure.http.route.Route;
import com.dataforge.infrastructure.http.route.RoutePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the docs page, generated from the shipped schemas, over real HTTP. */
class OpenApiTest {

    /** Every route the server answers, as "method path". */
    static final Set<String> ROUTES = new TreeSet<>(List.of("get /health", "get /ready", "get /metrics",
            "get /openapi.json", "get /docs", "get /api/v1/schemas", "get /api/v1/schemas/{schema}",
            "get /api/v1/arrow/bulk-read/{schema}", "post /api/v1/arrow/bulk-insert/{schema}",
            "get /api/v1/records/{schema}", "post /api/v1/records/{schema}", "get /api/v1/records/{schema}/count",
            "get /api/v1/records/{schema}/{key}", "put /api/v1/records/{schema}/{key}",
            "patch /api/v1/records/{schema}/{key}", "delete /api/v1/records/{schema}/{key}"));

    @TempDir
    Path directory;
    DataForgeServer server;
    HttpArrowClient client;

    @BeforeEach
    void start() throws IOException {
        Path schemas = Files.createDirectory(directory.resolve("schemas"));
        try (var shipped = Files.list(Path.of(System.getProperty("basedir"), "..", "schemas"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, schemas.resolve(file.getFileName()));
            }
        }
        Files.writeString(schemas.resolve("notes.json"), """
                {"name": "notes", "description": "<script>alert('x')</script> & more", "primaryKey": ["id"],
                 "columns": [{"name": "id", "type": "UUID", "nullable": false}, {"name": "body", "type": "VARCHAR"}]}
                """);
        server = DataForge.builder().demoRows(0).port(0).schemas(schemas).inMemoryDatabase().start();
        client = new HttpArrowClient(server.baseUri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void describesEveryRouteAndEveryShippedSchema() {
        HttpResponse<InputStream> response = client.get("/openapi.json");
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode document = client.json(response);

        assertEquals("3.1.0", document.get("openapi").asText());
        Set<String> described = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method + " " + path.getKey())));
        assertEquals(ROUTES, described);
        JsonNode schemas = document.get("components").get("schemas");
        JsonNode wells = schemas.get("well_production");
        assertEquals(14, wells.get("properties").size());
        assertEquals(List.of("field_code", "well_code", "production_period"), texts(wells.get("required")));
        assertEquals("int64", wells.get("properties").get("field_code").get("format").asText());
        JsonNode period = wells.get("properties").get("production_period");
        assertFalse(period.has("format"), "date-time would demand a zone offset: " + period);
        assertTrue(period.get("description").asText().contains("without a time zone"), period::toString);
        assertEquals("[\"number\",\"null\"]", wells.get("properties").get("oil_production_kbd").get("type").toString());
        assertTrue(schemas.has("fields_aliases") && schemas.has("notes") && schemas.has("ProblemDetails"));
        JsonNode bulkRead = document.get("paths").get("/api/v1/arrow/bulk-read/{schema}").get("get");
        assertEquals(List.of("fields_aliases", "notes", "well_production"),
                texts(bulkRead.get("parameters").get(0).get("schema").get("enum")));
        assertTrue(bulkRead.get("responses").has("406") && bulkRead.get("responses").has("429"));
        for (String reads : List.of("/api/v1/arrow/bulk-read/{schema}", "/api/v1/records/{schema}")) {
            assertEquals(List.of("application/vnd.apache.arrow.stream", "application/json", "application/x-ndjson",
                    "text/csv", "application/vnd.apache.arrow.file", "application/vnd.apache.parquet"),
                    names(document.get("paths").get(reads).get("get").get("responses").get("200").get("content")),
                    reads);
            List<String> parameters = new ArrayList<>();
            document.get("paths").get(reads).get("get").get("parameters").forEach(parameter -> parameters.add(
                    parameter.get("in").asText() + " " + parameter.get("name").asText()));
            assertEquals(List.of("path schema", "query format", "query columns", "query limit", "query offset",
                    "query order", "query filters", "query batch_rows", "query compression", "header Accept",
                    "header Accept-Encoding", "header Prefer", "header Range"), parameters, reads);
        }
        assertEquals(List.of("application/vnd.apache.arrow.stream", "application/vnd.apache.parquet", "text/csv"),
                names(document.get("paths").get("/api/v1/arrow/bulk-insert/{schema}").get("post").get("requestBody")
                        .get("content")));
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(document.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    /** The route table is the one source: its policies show as security and as the problems each route may give. */
    @Test
    void eachOperationShowsWhatItsRoutesPolicyImplies() {
        JsonNode paths = client.json(client.get("/openapi.json")).get("paths");

        for (Route route : ApiRoutes.TABLE.routes()) {
            JsonNode operation = paths.get(route.template()).get(route.method().toLowerCase(Locale.ROOT));
            RoutePolicy policy = route.policy();
            assertEquals(policy.permission().isPresent(), operation.has("security"), route::toString);
            assertEquals(policy.permission().isPresent(), operation.get("responses").has("403"), route::toString);
            assertEquals(policy.rateLimited(), operation.get("responses").has("429"), route::toString);
            assertEquals(policy.lane() != Lane.NONE, operation.get("responses").has("503"), route::toString);
            assertEquals(route.doc().summary(), operation.get("summary").asText());
        }
        assertTrue(paths.get("/ready").get("get").get("responses").has("503"), "readiness can fail");
    }

    @Test
    void thePageListsEverythingFetchesNothingAndEscapesWhatSchemasSay() throws IOException {
        HttpResponse<InputStream> response = client.get("/docs");
        String page;
        try (InputStream body = response.body()) {
            page = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        for (String route : ROUTES) {
            assertTrue(page.contains("<code>" + route.substring(route.indexOf(' ') + 1) + "</code>"), route);
        }
        assertTrue(page.contains("well_production") && page.contains("fields_aliases"));
        Matcher remote = Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//", Pattern.CASE_INSENSITIVE).matcher(page);
        assertFalse(remote.find(), "a remote resource: " + (remote.hitEnd() ? "" : remote.group()));
        assertFalse(page.contains("<script"), "nothing to run, and the schema's text is escaped");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (name.equals("$ref")) {
                    refs.add(node.get(name).asText());
                } else {
                    collectRefs(node.get(name), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }
}
