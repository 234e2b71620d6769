package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every header the server parses, sent empty, truncated, adversarial and seeded-random, on every route of a real
 * server with keys and CORS on: each answer is a normal one or a 4xx problem+json, never a 5xx, and the server
 * serves on. The seed is fixed (override with -Dfuzz.seed=N) so that a failure can be replayed.
 */
class HeaderFuzzTest {

    static final String KEY = "fuzz-key-0123456789abcdef";
    static final String ORIGIN = "https://app.example.com";
    static final long SEED = Long.getLong("fuzz.seed", 20240611L);
    static final int RANDOM_VALUES = 12;

    @TempDir
    static Path directory;
    static DataForgeServer server;
    static RawHttp http;
    static byte[] arrowUpload;

    /** A request that succeeds as given; the fuzzed header replaces or joins its headers. */
    record Call(String method, String path, byte[] body, Map<String, String> headers) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        Path keys = directory.resolve("keys.json");
        Files.writeString(keys, """
                {"keys": [{"name": "fuzz", "sha256": "%s", "permissions": {"*": "admin"}}]}
                """.formatted(AuthenticationTest.sha256(KEY)));
        server = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(directory)).inMemoryDatabase()
                .keyFile(keys).corsOrigins(List.of(ORIGIN)).start();
        http = new RawHttp(server.address());
        try (BufferAllocator allocator = new RootAllocator()) {
            arrowUpload = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 1000, 1, 10);
        }
        RawHttp.Response seeded = http.send("POST", "/api/v1/records/numbers", bytes("[{\"n\": 1}, {\"n\": 2}]"),
                "X-API-Key", KEY, "Content-Type", "application/json");
        assertEquals(201, seeded.status(), seeded::text);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertEquals(200, http.send("GET", "/health", new byte[0]).status(), "the server serves on");
        TestServer.assertNothingHeld(server);
        server.close();
    }

    static List<Call> calls() {
        String json = "application/json";
        List<Call> calls = new ArrayList<>();
        for (String path : List.of("/health", "/ready", "/metrics", "/openapi.json", "/docs", "/api/v1/schemas",
                "/api/v1/schemas/numbers", "/api/v1/arrow/bulk-read/numbers", "/api/v1/records/numbers",
                "/api/v1/records/numbers/count", "/api/v1/records/numbers/1")) {
            calls.add(call("GET", path, new byte[0], null));
        }
        calls.add(call("POST", "/api/v1/arrow/bulk-insert/numbers?on_conflict=update", arrowUpload,
                "application/vnd.apache.arrow.stream"));
        calls.add(call("POST", "/api/v1/records/numbers", bytes("{\"n\": 3}"), json));
        calls.add(call("PUT", "/api/v1/records/numbers/1", bytes("{\"square\": 1}"), json));
        calls.add(call("PATCH", "/api/v1/records/numbers/1", bytes("{\"label\": \"one\"}"), json));
        calls.add(call("DELETE", "/api/v1/records/numbers/3", new byte[0], null));
        Map<String, String> preflight = new LinkedHashMap<>();
        preflight.put("Origin", ORIGIN);
        preflight.put("Access-Control-Request-Method", "PUT");
        calls.add(new Call("OPTIONS", "/api/v1/records/numbers/1", new byte[0], preflight));
        return calls;
    }

    private static Call call(String method, String path, byte[] body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-API-Key", KEY);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Call(method, path, body, headers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "Accept-Encoding", "Prefer", "Authorization", "X-API-Key", "Content-Type",
        "Origin", "X-Request-Id", "Access-Control-Request-Method"})
    void noHeaderValueMakesAnyRouteFail(String header) {
        Random random = new Random(SEED ^ header.hashCode());
        for (Call call : calls()) {
            List<String> values = new ArrayList<>(adversarial());
            values.addAll(truncations(validValue(header)));
            for (int i = 0; i < RANDOM_VALUES; i++) {
                values.add(random(random));
            }
            for (String value : values) {
                RawHttp.Response response = send(call, header, value);
                String where = call + " with " + header + ": " + printable(value) + " (seed " + SEED + ") -> "
                        + response.status() + " " + response.text();
                assertTrue(response.status() < 500, where);
                if (response.status() >= 400) {
                    assertEquals("application/problem+json", response.header("Content-Type"), where);
                }
            }
        }
    }

    private static RawHttp.Response send(Call call, String header, String value) {
        Map<String, String> headers = new LinkedHashMap<>(call.headers());
        if (header.equals("Authorization")) {
            headers.remove("X-API-Key"); // or the valid X-API-Key would stand in for a refused Authorization
        }
        headers.put(header, value);
        List<String> flat = new ArrayList<>();
        headers.forEach((name, text) -> {
            flat.add(name);
            flat.add(text);
        });
        return http.send(call.method(), call.path(), call.body(), flat.toArray(String[]::new));
    }

    /** What each header holds in a request that succeeds. */
    private static String validValue(String header) {
        return switch (header) {
            case "Accept" -> "text/csv;q=0.5, application/json;q=0.9, */*;q=0.1";
            case "Accept-Encoding" -> "zstd;q=1.0, gzip;q=0.5, identity;q=0";
            case "Prefer" -> "return=minimal, count=exact";
            case "Authorization" -> "Bearer " + KEY;
            case "X-API-Key" -> KEY;
            case "Content-Type" -> "application/json; charset=utf-8";
            case "Origin" -> ORIGIN;
            case "X-Request-Id" -> "trace-0123456789.abc_def";
            case "Access-Control-Request-Method" -> "PATCH";
            default -> throw new IllegalArgumentException(header);
        };
    }

    /** The value cut short at every length, as a client that sends a partial header would. */
    private static List<String> truncations(String value) {
        List<String> cut = new ArrayList<>();
        for (int length = 0; length <= value.length(); length++) {
            cut.add(value.substring(0, length));
        }
        return cut;
    }

    /** Values aimed at parsers: separators alone, weights that are not numbers, control characters, sizes. */
    private static List<String> adversarial() {
        return List.of(";", ",", ",,,", ";;;", " ; ; ", "=", "=;", ";=", "q=1", ";q=1", "*/*;q=NaN",
                "*/*;q=1e999", "*/*;q=-0", "*/*;q=0.", "*/*; q = 0.5", "*;q=0", "identity;q=0", "text/csv;q=0",
                "/", "*/", "//", "a/b/c", "Bearer", "Bearer ", "bearer  ", "Basic dXNlcjpwYXNz", "count=exact;;",
                "\t", " \t ", "\u0000", "\u0001\u0002\u001f", "\u007f", "\u00ff\u00fe", "\u00c3\u00a9t\u00c3\u00a9",
                "\u00f0\u009f\u009a\u0080", "%00", "%ZZ", "\"quoted\"", "\\", "'", "null", "-1", "9".repeat(400),
                "text/csv,".repeat(3_000), ";".repeat(10_000), "a".repeat(20_000), "q=0.".repeat(2_000),
                "*/*;q=0.5;".repeat(1_500));
    }

    /** Random bytes (as ISO-8859-1 chars, CR and LF left out) or random runs of the grammar's pieces. */
    private static String random(Random random) {
        StringBuilder value = new StringBuilder();
        if (random.nextBoolean()) {
            for (int n = random.nextInt(60); n > 0; n--) {
                char c = (char) random.nextInt(256);
                value.append(c == '\r' || c == '\n' ? ' ' : c);
            }
        } else {
            String[] pieces = {",", ";", "q=", "0", "1", ".", "=", " ", "*", "/", "text/csv", "gzip", "Bearer ",
                "count=exact", "application/json", "\u0000", "\u00e9", "-", "e999"};
            for (int n = random.nextInt(16); n > 0; n--) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
        }
        return value.toString();
    }

    private static String printable(String value) {
        StringBuilder text = new StringBuilder();
        value.chars().limit(80).forEach(c -> text.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", c)
                : String.valueOf((char) c)));
        return "'" + text + "'" + (value.length() > 80 ? " (" + value.length() + " chars)" : "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
