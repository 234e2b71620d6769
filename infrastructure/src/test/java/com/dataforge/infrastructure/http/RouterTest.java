package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.RowScopes;
import com.dataforge.application.read.SelectionLimits;
import com.dataforge.infrastructure.access.ApiKeys;
import com.dataforge.infrastructure.catalog.ShippedSchemas;
import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.http.route.Route;
import com.dataforge.infrastructure.http.route.RouteDoc;
import com.dataforge.infrastructure.http.route.RoutePolicy;
import com.dataforge.infrastructure.http.route.RouteTable;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.LaneSettings;
import com.dataforge.infrastructure.lanes.Lanes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router over a real server, with endpoints that only say which route answered: which route matches, and the
 * order of the filters, seen where it decides the answer.
 */
class RouterTest {

    static final String READER = "reader-key-0123456789abcdef";
    static final RouteDoc DOC = new RouteDoc("test", List.of(), Optional.empty(),
            new RouteDoc.Response(200, "ok", List.of("application/json")));
    // {key} is declared before count on purpose: declaration order must not decide.
    static final Route KEY = Route.get("/records/{schema}/{key}", RoutePolicy.keyed(Lane.SHORT, Permission.READ), DOC);
    static final Route COUNT = Route.get("/records/{schema}/count", RoutePolicy.keyed(Lane.SHORT, Permission.READ),
            DOC);
    static final Route DELETE = Route.delete("/records/{schema}/{key}",
            RoutePolicy.keyed(Lane.SHORT, Permission.WRITE), DOC);
    static final Route STREAM = Route.get("/stream/{schema}", RoutePolicy.keyed(Lane.STREAM, Permission.READ), DOC);
    static final Route OPEN = Route.get("/open", RoutePolicy.open(Lane.NONE), DOC);
    static final RouteTable TABLE = RouteTable.of(KEY, COUNT, DELETE, STREAM, OPEN);

    @TempDir
    Path directory;
    HttpApi api;
    DuckDBConnection database;
    Lanes lanes;
    final CountDownLatch streaming = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws SQLException {
        release.countDown();
        if (api != null) {
            api.close();
        }
        if (lanes != null) {
            lanes.close();
            database.close();
        }
    }

    void start(Router.Builder builder) {
        api = HttpApi.start(new InetSocketAddress("127.0.0.1", 0), builder
                .endpoint(KEY, exchange -> exchange.sendJson(200, Map.of("route", "key",
                        "raw", exchange.rawPathParameter("key"), "decoded", exchange.pathParameter("key"))))
                .endpoint(COUNT, exchange -> exchange.sendJson(200, Map.of("route", "count")))
                .endpoint(DELETE, exchange -> exchange.sendEmpty(204))
                .endpoint(STREAM, exchange -> {
                    streaming.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendJson(200, Map.of("route", "stream"));
                })
                .endpoint(OPEN, exchange -> exchange.sendJson(200, Map.of("route", "open"))).build(),
                Duration.ofSeconds(1), Optional.empty());
    }

    /**
     * Keys on: "reader" may read numbers; the server's lanes over an in-memory DuckDB, whose one stream place waits
     * 100 ms; the limiter's requests per caller, then 429.
     */
    void startGuarded(RateLimiter limiter) throws IOException, SQLException {
        database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        lanes = Lanes.open(database::duplicate, new LaneSettings(1, 1, 0, 1, Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ZERO, Duration.ZERO));
        Path keys = directory.resolve("keys.json");
        Files.writeString(keys, "{\"keys\": [{\"name\": \"reader\", \"sha256\": \"" + sha256(READER)
                + "\", \"permissions\": {\"numbers\": \"read\"}}]}");
        RowScopes rowScopes = new RowScopes(
                ShippedSchemas.catalog(),
                SelectionLimits.DEFAULTS);
        start(Router.builder(TABLE).access(AccessControl.withKeys(ApiKeys.load(keys, rowScopes))).rateLimit(limiter)
                .admission(lanes));
    }

    /** What a request got back. (java.net.http is not among this module's reads, so the JDK's older client.) */
    record Response(int statusCode, Map<String, List<String>> headerFields, String body) {
        Optional<String> header(String name) {
            return headerFields.entrySet().stream().filter(h -> name.equalsIgnoreCase(h.getKey()))
                    .map(h -> h.getValue().getFirst()).findFirst();
        }
    }

    Response send(String method, String path, String... headers) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:"
                    + api.address().getPort() + path).toURL().openConnection();
            connection.setRequestMethod(method);
            for (int i = 0; i < headers.length; i += 2) {
                connection.setRequestProperty(headers[i], headers[i + 1]);
            }
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Response(status, connection.getHeaderFields(),
                        body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode json(Response response) {
        try {
            return ApiExchange.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(response.body(), e);
        }
    }

    @Test
    void aLiteralSegmentBeatsAParameterDeclaredBeforeIt() {
        start(Router.builder(TABLE));

        assertEquals("{\"route\":\"count\"}", send("GET", "/records/numbers/count").body());
    }

    @Test
    void anEncodedLetterReachesTheParameter() {
        start(Router.builder(TABLE));

        Response response = send("GET", "/records/numbers/%63ount");

        assertEquals(200, response.statusCode());
        assertEquals(Map.of("route", "key", "raw", "%63ount", "decoded", "count"),
                ApiExchange.JSON.convertValue(json(response), Map.class));
    }

    @Test
    void theRawParameterKeepsEncodedCommasAndSlashes() {
        start(Router.builder(TABLE));

        Response response = send("GET", "/records/numbers/a%2Cb%2Fc,x+y");

        assertEquals(Map.of("route", "key", "raw", "a%2Cb%2Fc,x+y", "decoded", "a,b/c,x+y"),
                ApiExchange.JSON.convertValue(json(response), Map.class));
    }

    @Test
    void anotherMethodOnAMatchedPathIs405WithAllow() {
        start(Router.builder(TABLE));

        Response response = send("PUT", "/records/numbers/1");

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, DELETE", response.header("Allow").orElseThrow());
        assertEquals(204, send("DELETE", "/records/numbers/1").statusCode());
    }

    @Test
    void everyRouteOfTheTableNeedsAnEndpoint() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Router.builder(TABLE).endpoint(OPEN, exchange -> exchange.sendEmpty(204)).build());

        assertTrue(e.getMessage().contains("GET /records/{schema}/count"), e.getMessage());
    }

    @Test
    void routingAndDecodingAnswerBeforeAnyKeyIsAsked() throws Exception {
        startGuarded(RateLimiter.OFF);

        assertEquals(404, send("GET", "/nothing/here").statusCode());
        assertEquals(405, send("PUT", "/records/numbers/1").statusCode());
        Response badName = send("GET", "/records/%2577umbers/1");
        assertEquals(400, badName.statusCode(), badName.body());
        assertEquals("schema", json(badName).get("parameter").asText());
        assertEquals(401, send("GET", "/records/numbers/1").statusCode());
        assertEquals(200, send("GET", "/open").statusCode(), "a route without a permission needs no key");
    }

    @Test
    void theRateLimitCountsRequestsThatAreThenRefused() throws Exception {
        startGuarded(RateLimiter.of(0.001, 1));

        Response forbidden = send("GET", "/records/other/1", "X-API-Key", READER);
        Response limited = send("GET", "/records/numbers/1", "X-API-Key", READER);

        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertEquals("key 'reader' may not read schema 'other'", json(forbidden).get("detail").asText());
        assertEquals(429, limited.statusCode(), "the refused request took the caller's one token");
        assertTrue(limited.header("Retry-After").isPresent());
        assertEquals(200, send("GET", "/open").statusCode(), "a route that is not rate limited");
    }

    @Test
    void aRequestRefusedForAnyOtherReasonNeverWaitsForAPlace() throws Exception {
        startGuarded(RateLimiter.OFF);
        CompletableFuture<Response> holder = CompletableFuture.supplyAsync(
                () -> send("GET", "/stream/numbers", "X-API-Key", READER));
        streaming.await();

        Response noKey = send("GET", "/stream/numbers");
        Response forbidden = send("GET", "/stream/other", "X-API-Key", READER);
        Response shortLane = send("GET", "/records/numbers/1", "X-API-Key", READER);
        Response full = send("GET", "/stream/numbers", "X-API-Key", READER);
        release.countDown();

        assertEquals(401, noKey.statusCode());
        assertEquals(403, forbidden.statusCode());
        assertEquals(200, shortLane.statusCode(), "the short lane is not the stream lane");
        assertEquals(503, full.statusCode(), full.body());
        assertEquals("stream", json(full).get("lane").asText(), full.body());
        assertEquals("5", full.header("Retry-After").orElseThrow());
        assertEquals(200, holder.get().statusCode());
        assertEquals(200, send("GET", "/stream/numbers", "X-API-Key", READER).statusCode(), "the place came back");
    }

    @Test
    void aRequestIdFromTheClientIsKeptAndAMalformedOneReplaced() {
        start(Router.builder(TABLE));

        Response kept = send("GET", "/nothing", "X-Request-Id", "trace-7");
        Response replaced = send("GET", "/open", "X-Request-Id", "not a token");

        assertEquals("trace-7", kept.header("X-Request-Id").orElseThrow());
        assertEquals("trace-7", json(kept).get("requestId").asText(), "problems quote it too");
        assertEquals(36, replaced.header("X-Request-Id").orElseThrow().length(), "a UUID");
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
