package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.http.CorsPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Browser access from other origins: off by default, per listed origin, or for any origin. */
class CorsTest {

    static final String APP = "https://app.example.com";

    @RegisterExtension
    final TestServer server = TestServer.startedByEachTest();
    final HttpArrowClient client = server.client();

    void start(List<String> origins) {
        server.start((settings, directory) -> origins.isEmpty() ? settings : settings.corsOrigins(origins));
    }

    @Test
    void aListedOriginMayReadResponsesAndProblemsButAnotherMayNot() {
        start(List.of("https://other.example.org", APP.toUpperCase()));

        HttpResponse<InputStream> allowed = client.get("/api/v1/records/numbers?limit=1", "Origin", APP,
                "Prefer", "count=exact");
        HttpResponse<InputStream> problem = client.get("/api/v1/records/no_such_table", "Origin", APP);
        HttpResponse<InputStream> stranger = client.get("/api/v1/records/numbers", "Origin", "https://evil.example");

        assertEquals(200, allowed.statusCode());
        assertEquals(Optional.of(APP), allowed.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(allowed.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()
                .contains("X-Total-Count"));
        assertTrue(allowed.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")),
                allowed.headers()::toString);
        assertEquals(404, problem.statusCode());
        assertEquals(Optional.of(APP), problem.headers().firstValue("Access-Control-Allow-Origin"),
                "a script must be able to read why its request failed");
        assertEquals(200, stranger.statusCode(), "the server answers; the browser withholds it");
        assertEquals(Optional.empty(), stranger.headers().firstValue("Access-Control-Allow-Origin"));
        client.json(allowed);
        client.json(problem);
        client.json(stranger);
    }

    @Test
    void aPreflightNamesTheMethodsOfThePathForAListedOrigin() {
        start(List.of(APP));

        HttpResponse<InputStream> response = preflight("/api/v1/records/numbers/1", APP);

        assertEquals(204, response.statusCode());
        assertEquals(Optional.of(APP), response.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(List.of("GET", "HEAD", "PUT", "PATCH", "DELETE"), List.of(response.headers()
                .firstValue("Access-Control-Allow-Methods").orElseThrow().split(", ")));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()
                .contains("Content-Type"));
        assertEquals(Optional.of("600"), response.headers().firstValue("Access-Control-Max-Age"));
    }

    @Test
    void aPreflightFromAnUnlistedOriginOrToNoEndpointIsRefusedPlainly() {
        start(List.of(APP));

        HttpResponse<InputStream> stranger = preflight("/api/v1/records/numbers", "https://evil.example");
        HttpResponse<InputStream> nowhere = preflight("/api/v1/nothing/here", APP);

        JsonNode refused = client.json(stranger);
        assertEquals(403, stranger.statusCode(), refused::toString);
        assertTrue(refused.get("detail").asText().contains("https://evil.example"), refused::toString);
        assertEquals(Optional.empty(), stranger.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(404, nowhere.statusCode());
        client.json(nowhere);
    }

    @Test
    void anyOriginGetsAStarAndNoVary() {
        start(List.of("*"));

        HttpResponse<InputStream> response = client.get("/health", "Origin", "https://anywhere.example");

        assertEquals(Optional.of("*"), response.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(response.headers().allValues("Vary").stream().noneMatch(v -> v.contains("Origin")));
        client.json(response);
    }

    @Test
    void byDefaultNoOriginIsAllowed() {
        start(List.of());

        HttpResponse<InputStream> read = client.get("/health", "Origin", APP);
        HttpResponse<InputStream> preflight = preflight("/health", APP);

        assertEquals(200, read.statusCode());
        assertEquals(Optional.empty(), read.headers().firstValue("Access-Control-Allow-Origin"));
        JsonNode refused = client.json(preflight);
        assertEquals(403, preflight.statusCode());
        assertTrue(refused.get("detail").asText().contains("cross-origin access is off"), refused::toString);
        client.json(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://app.example.com/", "https://app.example.com/path",
        "ftp://app.example.com", "https://user@app.example.com", ""})
    void onlyOriginsCanBeListed(String origin) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorsPolicy.of(List.of(origin)));
        assertTrue(e.getMessage().contains("is not an origin"), e.getMessage());
    }

    private HttpResponse<InputStream> preflight(String path, String origin) {
        return client.send(HttpRequest.newBuilder(client.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
    }
}
