package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.application.read.SelectionLimits;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * A server with keys over a real DuckDB whose key "scoped" may read and write only some rows, and whose key "admin"
 * sees them all, to check what the scoped key can and cannot reach. numbers holds n = 1 … 20 with square n² and
 * label "a" for even n, "b" for odd n; the scoped key's rows of it are {@value #NUMBERS_ROWS}: n = 2, 4, 6, 8, 10.
 */
final class RowFilterFixture {

    static final String SCOPED = "scoped-key-0123456789abcdef";
    static final String ADMIN = "admin-key-0123456789abcdef";
    static final String NUMBERS_ROWS = "label=eq.a&n=lte.10";
    static final String ALL_TYPES_ROWS = "c_timestamp=lt.2024-01-01T00:00:00";
    static final List<Long> IN_SCOPE = List.of(2L, 4L, 6L, 8L, 10L);
    static final int SEEDED = 20;

    final DataForgeServer server;
    final HttpArrowClient client;

    private RowFilterFixture(DataForgeServer server) {
        this.server = server;
        this.client = new HttpArrowClient(server.baseUri());
    }

    /** The key file: the scoped key in the new shape, the admin key in the old one. */
    static Path keyFile(Path directory) throws IOException {
        return Files.writeString(directory.resolve("keys.json"), """
                {"keys": [
                  {"name": "scoped", "sha256": "%s", "permissions": {
                     "numbers": {"access": "write", "rows": "%s"},
                     "all_types": {"access": "write", "rows": "%s"},
                     "empty_table": {"access": "write"}}},
                  {"name": "admin", "sha256": "%s", "permissions": {"*": "admin"}}]}
                """.formatted(AuthenticationTest.sha256(SCOPED), NUMBERS_ROWS, ALL_TYPES_ROWS,
                AuthenticationTest.sha256(ADMIN)));
    }

    static RowFilterFixture start(Path directory, SelectionLimits limits) throws IOException {
        DataForgeServer server = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory))
                .inMemoryDatabase().keyFile(keyFile(directory)).selectionLimits(limits).start();
        RowFilterFixture fixture = new RowFilterFixture(server);
        String rows = LongStream.rangeClosed(1, SEEDED).mapToObj(n -> "{\"n\": " + n + ", \"square\": " + n * n
                + ", \"label\": \"" + (n % 2 == 0 ? "a" : "b") + "\"}").collect(Collectors.joining(", ", "[", "]"));
        assertEquals(201, fixture.send(ADMIN, "POST", "/api/v1/records/numbers", rows).status());
        return fixture;
    }

    Reply get(String key, String pathAndQuery, String... headers) {
        return send(key, "GET", pathAndQuery, null, headers);
    }

    /** A request with a JSON body, or none if {@code json} is null. */
    Reply send(String key, String method, String pathAndQuery, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(pathAndQuery)).header("X-API-Key", key)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<InputStream> response = client.send(request.build());
        try (InputStream body = response.body()) {
            return new Reply(response.statusCode(), response.headers(),
                    new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The n of every record the key lists with {@code query}, in the order listed. */
    List<Long> listed(String key, String query) {
        Reply reply = get(key, "/api/v1/records/numbers" + query);
        assertEquals(200, reply.status(), reply::body);
        return numbers(reply.json(), "n");
    }

    /** Every record of numbers, as the admin key sees it, as "n:square:label" in order of n. */
    List<String> table() {
        List<String> rows = new ArrayList<>();
        get(ADMIN, "/api/v1/records/numbers?order=n").json().forEach(row -> rows.add(row.get("n").asLong() + ":"
                + row.get("square").asText() + ":" + row.get("label").asText()));
        return rows;
    }

    static List<Long> numbers(JsonNode array, String field) {
        List<Long> values = new ArrayList<>();
        array.forEach(row -> values.add(row.get(field).asLong()));
        return values;
    }

    /** Stops the server once it holds no connection and no Arrow memory, as after every request it must. */
    void stop() throws InterruptedException {
        try {
            TestServer.assertNothingHeld(server);
        } finally {
            server.close();
        }
    }

    /** A response, its body read as text. */
    record Reply(int status, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return HttpArrowClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
