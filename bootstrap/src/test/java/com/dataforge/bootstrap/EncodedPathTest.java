package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Schema names and record keys percent-encoded in the path, on every route that names a schema, under a key whose
 * permissions differ between a named schema and {@code *}: an encoded name is the name it decodes to, for the
 * permission check, the audit line and the endpoint alike, and a segment that does not decode to a valid name is a
 * 400 whatever the key.
 */
class EncodedPathTest {

    /** May read numbers, and write everything else: the key file of the reported bypass. */
    static final String MIXED = "mixed-key-0123456789abcdef";
    static final String ADMIN = "admin-key-0123456789abcdef";
    static final long SEEDED = 3;

    @TempDir
    static Path directory;
    static DataForgeServer server;
    static RawHttp http;
    static byte[] arrowUpload;

    final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    /** One route that names a schema, with a body that would be accepted if the key may write. */
    record Call(String method, String path, String contentType, byte[] body) {
        RawHttp.Response send(String schemaSegment, String key) {
            String target = path.replace("{schema}", schemaSegment);
            return contentType == null ? http.send(method, target, new byte[0], "X-API-Key", key)
                    : http.send(method, target, body, "X-API-Key", key, "Content-Type", contentType);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Call> calls() {
        return List.of(
                new Call("GET", "/api/v1/schemas/{schema}", null, null),
                new Call("GET", "/api/v1/arrow/bulk-read/{schema}", null, null),
                new Call("POST", "/api/v1/arrow/bulk-insert/{schema}", "application/vnd.apache.arrow.stream",
                        arrowUpload),
                new Call("GET", "/api/v1/records/{schema}?order=n", null, null),
                new Call("POST", "/api/v1/records/{schema}", "application/json", json("{\"n\": 2000}")),
                new Call("GET", "/api/v1/records/{schema}/count", null, null),
                new Call("GET", "/api/v1/records/{schema}/1", null, null),
                new Call("PUT", "/api/v1/records/{schema}/1", "application/json", json("{\"square\": 5}")),
                new Call("PATCH", "/api/v1/records/{schema}/1", "application/json", json("{\"label\": \"x\"}")),
                new Call("DELETE", "/api/v1/records/{schema}/2", null, null));
    }

    @BeforeAll
    static void start() throws IOException {
        Path keys = directory.resolve("keys.json");
        Files.writeString(keys, """
                {"keys": [
                  {"name": "mixed", "sha256": "%s", "permissions": {"numbers": "read", "*": "write"}},
                  {"name": "admin", "sha256": "%s", "permissions": {"*": "admin"}}]}
                """.formatted(AuthenticationTest.sha256(MIXED), AuthenticationTest.sha256(ADMIN)));
        server = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(directory)).inMemoryDatabase()
                .keyFile(keys).start();
        http = new RawHttp(server.address());
        try (BufferAllocator allocator = new RootAllocator()) {
            arrowUpload = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 1000, 1, 10);
        }
        RawHttp.Response seeded = http.send("POST", "/api/v1/records/numbers",
                json("[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]"), "X-API-Key", ADMIN, "Content-Type", "application/json");
        assertEquals(201, seeded.status(), seeded::text);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        TestServer.assertNothingHeld(server);
        server.close();
    }

    @BeforeEach
    void listenToTheAuditLog() {
        Logger logger = (Logger) LoggerFactory.getLogger("audit");
        audit.start();
        logger.addAppender(audit);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void numbersIsUnchanged() {
        Logger logger = (Logger) LoggerFactory.getLogger("audit");
        logger.detachAppender(audit);
        logger.setLevel(null);
        RawHttp.Response count = http.send("GET", "/api/v1/records/numbers/count", new byte[0], "X-API-Key", ADMIN);
        assertEquals(SEEDED, body(count).get("count").asLong(), "nothing written to numbers");
    }

    static Stream<Arguments> encodedNames() {
        List<String> encodings = List.of("%6Eumbers", "%6eumbers", "n%75mbers", "%6E%75%6D%62%65%72%73");
        return calls().stream().flatMap(call -> encodings.stream().map(encoding -> Arguments.of(call, encoding)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("encodedNames")
    void anEncodedNameGetsExactlyWhatThePlainNameGets(Call call, String encoded) throws InterruptedException {
        RawHttp.Response plain = call.send("numbers", MIXED);
        RawHttp.Response sent = call.send(encoded, MIXED);

        assertEquals(plain.status(), sent.status(), sent::text);
        if (call.method().equals("GET")) {
            assertEquals(200, sent.status(), sent::text);
            assertArrayEquals(plain.body(), sent.body(), "the same answer, byte for byte");
        } else {
            assertEquals(403, sent.status(), sent::text);
            assertEquals("key 'mixed' may not write schema 'numbers'", body(sent).get("detail").asText());
        }
        assertEquals("numbers", auditedSchema(plain));
        assertEquals("numbers", auditedSchema(sent), "the audit names the schema, not what was sent");
    }

    @Test
    void anEncodedKeyIsTheKeyItDecodesTo() {
        RawHttp.Response plain = http.send("GET", "/api/v1/records/numbers/1", new byte[0], "X-API-Key", MIXED);
        RawHttp.Response encoded = http.send("GET", "/api/v1/records/%6Eumbers/%31", new byte[0], "X-API-Key",
                MIXED);
        RawHttp.Response write = http.send("DELETE", "/api/v1/records/n%75mbers/%31", new byte[0], "X-API-Key",
                MIXED);

        assertEquals(200, encoded.status(), encoded::text);
        assertArrayEquals(plain.body(), encoded.body());
        assertEquals(403, write.status(), write::text);
    }

    @Test
    void aSchemaTheKeyMayWriteCanBeWrittenThroughItsEncodedName() throws InterruptedException {
        RawHttp.Response created = http.send("POST", "/api/v1/records/%65mpty_%74able", json("{\"id\": 7}"),
                "X-API-Key", MIXED, "Content-Type", "application/json");
        RawHttp.Response read = http.send("GET", "/api/v1/records/empty_table?id=eq.7", new byte[0],
                "X-API-Key", MIXED);

        assertEquals(201, created.status(), created::text);
        assertEquals("empty_table", body(created).get("schema").asText());
        assertEquals(1, body(read).size());
        assertEquals("empty_table", auditedSchema(created));
    }

    static Stream<Arguments> invalidSegments() {
        List<String> segments = List.of(
                "%256Eumbers", // encoded twice: decoded once it is "%6Eumbers", not a name
                "numbers%2F", "%2Fnumbers", "numbers%2Fx", "numbers%5Cx", // an encoded slash or backslash
                "..", "%2E%2E", ".", "%2e", // dot segments
                "%FFnumbers", "%C3%28", "%C0%AE", "%ED%A0%80", // not UTF-8: a stray byte, overlong, a surrogate
                "numbers%00", "num%20bers", "num+bers", "numbers;x", "%EF%BD%8Eumbers", // not a name
                "n\u00fcmbers"); // a raw byte beyond ASCII
        return calls().stream().flatMap(call -> segments.stream().map(segment -> Arguments.of(call, segment)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("invalidSegments")
    void aSegmentThatIsNotAValidNameIsA400WhateverTheKey(Call call, String segment) throws InterruptedException {
        for (String key : List.of(MIXED, ADMIN)) {
            RawHttp.Response response = call.send(segment, key);

            JsonNode problem = body(response);
            assertEquals(400, response.status(), problem::toString);
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals("schema", problem.get("parameter").asText(), problem::toString);
            assertEquals(null, auditedSchema(response), "no name was resolved");
        }
    }

    /** java.net.URI, and so the JDK server, refuses a malformed escape anywhere in the path before any handler runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aMalformedEscapeIsA400FromTheServerItself(Call call) {
        for (String segment : List.of("%", "%6", "n%zzumbers", "numbers%", "%%36Eumbers")) {
            RawHttp.Response response = call.send(segment, ADMIN);

            assertEquals(400, response.status(), response::text);
            assertEquals("text/html", response.header("Content-Type"), "the JDK's own answer: no handler ran");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anotherCaseIsAnotherNameAndNeverReachesNumbers(Call call) {
        RawHttp.Response upper = call.send("NUMBERS", MIXED);
        RawHttp.Response mixedCase = call.send("%4Eumbers", MIXED);

        assertEquals(404, upper.status(), upper::text);
        assertEquals(404, mixedCase.status(), mixedCase::text);
    }

    /**
     * The schema of the audit line of {@code response}'s request. The server writes that line once the response is
     * sent, so it may follow the response by a moment.
     */
    private String auditedSchema(RawHttp.Response response) throws InterruptedException {
        String requestId = response.header("X-Request-Id");
        Await.until(() -> auditLine(requestId) != null, Duration.ofSeconds(10),
                "an audit line for request " + requestId);
        JsonNode schema = auditLine(requestId).get("schema");
        return schema.isNull() ? null : schema.asText();
    }

    private JsonNode auditLine(String requestId) {
        for (ILoggingEvent line : List.copyOf(audit.list)) {
            try {
                JsonNode entry = HttpArrowClient.JSON.readTree(line.getFormattedMessage());
                if (entry.get("request_id").asText().equals(requestId)) {
                    return entry;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    private static JsonNode body(RawHttp.Response response) {
        try {
            return HttpArrowClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.text(), e);
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
