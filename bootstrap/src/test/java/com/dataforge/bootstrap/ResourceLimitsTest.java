package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream lane and the per-read memory bound, seen from a client: clear problems, nothing lost, service goes on. */
class ResourceLimitsTest {

    static final long ROWS = 300_000;

    @TempDir
    static Path directory;
    static DataForgeServer server;
    static HttpArrowClient client;

    @BeforeAll
    static void start() {
        server = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory))
                .database(directory.resolve("limits.duckdb")).demoRows(ROWS)
                .maxStreams(1).streamWait(Duration.ofMillis(300)).maxBytesPerRead(4L << 20).start();
        client = new HttpArrowClient(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamThatFindsItsLaneFullGets503NamingTheLaneWithRetryAfter() throws Exception {
        try (StalledBulkRead stalled = new StalledBulkRead(server, "well_production")) {
            assertEquals(1, server.counters().connectionsInUse());

            HttpResponse<InputStream> refused = client.get("/api/v1/arrow/bulk-read/well_production");
            assertEquals(503, refused.statusCode());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
            JsonNode problem = client.json(refused);
            assertEquals("stream", problem.get("lane").asText(), problem.toString());
            assertTrue(problem.get("detail").asText().contains("none ended within 300 ms"), problem.toString());
        }
        Await.until(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(20),
                "the stalled read gave its connection back once its client left");
        try (BufferAllocator allocator = new RootAllocator()) {
            var response = client.get("/api/v1/arrow/bulk-read/well_production?columns=well_code");
            assertEquals(200, response.statusCode());
            assertEquals(ROWS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
        }
    }

    @Test
    void aBatchLargerThanTheReadMemoryBoundIsA400NamingBatchRows() throws Exception {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/well_production?batch_rows=200000");

        assertEquals(400, response.statusCode());
        JsonNode problem = client.json(response);
        assertEquals("batch_rows", problem.get("parameter").asText());
        assertTrue(problem.get("detail").asText().contains("fewer rows"), problem.toString());
        Await.until(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(10),
                "connection returned");
        assertEquals(0, server.counters().arrowBytes());

        try (BufferAllocator allocator = new RootAllocator()) {
            var smaller = client.get("/api/v1/arrow/bulk-read/well_production?batch_rows=10000");
            assertEquals(200, smaller.statusCode());
            assertEquals(ROWS, HttpArrowClient.readAll(smaller.body(), allocator).rows().size());
        }
    }
}
