package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.infrastructure.http.HttpApi;
import com.dataforge.infrastructure.http.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which route answers, over a real server: a literal segment beats a path parameter whatever the order of routes. */
class RouterMatchingTest {

    static HttpApi api;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        // {key} is registered first on purpose: registration order must not decide.
        Router router = Router.builder()
                .get("/records/{schema}/{key}", exchange -> exchange.sendJson(200, Map.of("route", "key",
                        "raw", exchange.rawPathParameter("key"), "decoded", exchange.pathParameter("key"))))
                .get("/records/{schema}/count", exchange -> exchange.sendJson(200, Map.of("route", "count")))
                .delete("/records/{schema}/{key}", exchange -> exchange.sendEmpty(204))
                .build();
        api = HttpApi.start(new InetSocketAddress("127.0.0.1", 0), router, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + api.address().getPort() + path);
        return CLIENT.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLiteralSegmentBeatsAParameterRegisteredBeforeIt() throws Exception {
        assertEquals("{\"route\":\"count\"}", send("GET", "/records/numbers/count").body());
    }

    @Test
    void anEncodedLetterReachesTheParameter() throws Exception {
        HttpResponse<String> response = send("GET", "/records/numbers/%63ount");

        assertEquals(200, response.statusCode());
        assertEquals(Map.of("route", "key", "raw", "%63ount", "decoded", "count"),
                HttpArrowClient.JSON.readValue(response.body(), Map.class));
    }

    @Test
    void theRawParameterKeepsEncodedCommasAndSlashes() throws Exception {
        HttpResponse<String> response = send("GET", "/records/numbers/a%2Cb%2Fc,x+y");

        assertEquals(Map.of("route", "key", "raw", "a%2Cb%2Fc,x+y", "decoded", "a,b/c,x+y"),
                HttpArrowClient.JSON.readValue(response.body(), Map.class));
    }

    @Test
    void anotherMethodOnAMatchedPathIs405WithAllow() throws Exception {
        HttpResponse<String> response = send("PUT", "/records/numbers/1");

        assertEquals(405, response.statusCode());
        assertEquals("GET, DELETE", response.headers().firstValue("Allow").orElseThrow());
        assertEquals(204, send("DELETE", "/records/numbers/1").statusCode());
    }
}
