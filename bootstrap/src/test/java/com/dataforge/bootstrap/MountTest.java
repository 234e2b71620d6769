package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data Forge mounted under /data of an application's own HttpServer, which also answers / and /hello itself: every
 * route, problem, Location, the OpenAPI document and the docs page hold under the base path, and the application's
 * other paths stay its own.
 */
class MountTest {

    static final String BASE = "/data";
    static final int ROWS = 1_000;

    @TempDir
    static Path directory;
    static HttpServer host;
    static DataForgeMount mount;
    static HttpArrowClient client;

    @BeforeAll
    static void start() throws IOException {
        host = hostServer();
        mount = DataForge.builder().inMemoryDatabase().schemas(TestDatabase.schemas(directory)).demoRows(ROWS)
                .mount(host, BASE);
        host.start();
        client = new HttpArrowClient(uri(host));
    }

    @AfterAll
    static void stop() {
        mount.close();
        host.stop(0);
    }

    /** An application's server, with a route of its own and a catch-all, and the executor Data Forge advises. */
    static HttpServer hostServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> answer(exchange, "the host's own root"));
        server.createContext("/hello", exchange -> answer(exchange, "hello from the host"));
        return server;
    }

    static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void readsArrowAndJsonUnderTheBasePath() {
        try (BufferAllocator allocator = new RootAllocator()) {
            var response = client.get(BASE + "/api/v1/arrow/bulk-read/well_production?columns=well_code");
            assertEquals(200, response.statusCode());
            assertEquals(ROWS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
        }
        JsonNode records = client.json(client.get(BASE + "/api/v1/records/well_production?limit=3",
                "Accept", "application/json"));
        assertEquals(3, records.size());
        assertEquals(ROWS, client.json(client.get(BASE + "/api/v1/schemas/well_production")).get("row_count")
                .asLong());
    }

    @Test
    void healthReadyAndMetricsAreMountedUnderTheBasePath() {
        assertEquals("ok", client.json(client.get(BASE + "/health")).get("status").asText());
        assertEquals("ready", client.json(client.get(BASE + "/ready")).get("status").asText());
        var metrics = client.get(BASE + "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(text(metrics).contains("dataforge_lane_size{lane=\"stream\"}"));
    }

    @Test
    void theApplicationKeepsEveryOtherPath() {
        assertEquals("hello from the host", text(client.get("/hello")));
        // Below the root but not below /data/: a prefix of the base path is not the base path.
        assertEquals("the host's own root", text(client.get("/database")));
        assertEquals("the host's own root", text(client.get(BASE)));
        assertEquals("the host's own root", text(client.get("/api/v1/schemas")));
    }

    @Test
    void problemsNameThePathAsRequestedAndHintAtPathsUnderTheBasePath() {
        var unknown = client.get(BASE + "/api/v1/records/nope");
        assertEquals(404, unknown.statusCode());
        JsonNode problem = client.json(unknown);
        assertEquals(BASE + "/api/v1/records/nope", problem.get("instance").asText());
        assertTrue(problem.get("detail").asText().contains("GET " + BASE + "/api/v1/schemas lists"),
                problem.toString());

        var noEndpoint = client.json(client.get(BASE + "/nowhere"));
        assertEquals(BASE + "/nowhere", noEndpoint.get("instance").asText());
        assertTrue(noEndpoint.get("detail").asText().startsWith("no endpoint at '" + BASE + "/nowhere'"),
                noEndpoint.toString());

        var wrongMethod = client.send(HttpRequest.newBuilder(client.uri(BASE + "/api/v1/schemas")).DELETE().build());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET, HEAD", wrongMethod.headers().firstValue("Allow").orElseThrow());
        assertEquals(BASE + "/api/v1/schemas", client.json(wrongMethod).get("instance").asText());
    }

    @Test
    void aCreatedRecordsLocationIsUnderTheBasePath() {
        var created = client.send(HttpRequest.newBuilder(client.uri(BASE + "/api/v1/records/numbers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 7, \"square\": 49}")).build());
        assertEquals(201, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals(BASE + "/api/v1/records/numbers/7", location);
        assertEquals(49, client.json(client.get(location)).get("square").asLong());
    }

    /**
     * The document names the base path as its server, and every operation it lists is answered there: none is "no
     * endpoint" or a wrong method.
     */
    @Test
    void everyOperationOfTheOpenApiDocumentIsAnsweredUnderItsServerUrl() {
        JsonNode document = client.json(client.get(BASE + "/openapi.json"));
        assertEquals(BASE, document.get("servers").get(0).get("url").asText());
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            // A key no record has, so that DELETE, PUT and PATCH change nothing.
            String concrete = path.getKey().replace("{schema}", "numbers").replace("{key}", "424242");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                var response = client.send(HttpRequest.newBuilder(client.uri(BASE + concrete))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build());
                String body = text(response);
                String what = method + " " + BASE + concrete + " answered " + response.statusCode() + " " + body;
                assertTrue(response.statusCode() < 500, what);
                assertTrue(response.statusCode() != 405, what);
                assertFalse(body.contains("no endpoint at"), what);
                operations++;
            }
        }
        assertEquals(OpenApiTest.ROUTES.size(), operations);
    }

    @Test
    void theDocsPageLinksTheDocumentUnderTheBasePath() {
        String page = text(client.get(BASE + "/docs"));
        assertTrue(page.contains("<code>" + BASE + "/api/v1/arrow/bulk-read/{schema}</code>"), page);
        Matcher link = Pattern.compile("href=\"([^\"]+)\"").matcher(page);
        assertTrue(link.find(), page);
        URI document = client.uri(BASE + "/docs").resolve(link.group(1));
        assertEquals(BASE + "/openapi.json", document.getPath());
        var response = client.send(HttpRequest.newBuilder(document).build());
        assertEquals(200, response.statusCode());
        assertEquals(BASE, client.json(response).get("servers").get(0).get("url").asText());
    }

    static String text(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
