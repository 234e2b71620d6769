package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate limit per caller and the bound on bulk operations in flight, over real HTTP. */
class RequestLimitsTest {

    @TempDir
    Path directory;
    DataForgeServer server;
    HttpArrowClient client;

    @AfterEach
    void stop() throws InterruptedException {
        ClientHangUpTest.assertNothingHeld(server);
        server.close();
    }

    @Test
    void aBurstPastTheRateLimitGets429WithRetryAfterAndHealthIsNotCounted() {
        server = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(directory)).inMemoryDatabase()
                .rateLimit(0.5, 2).start();
        client = new HttpArrowClient(server.baseUri());

        assertEquals(200, status("/api/v1/schemas"));
        assertEquals(200, status("/api/v1/records/numbers/count"));
        HttpResponse<InputStream> limited = client.get("/api/v1/schemas");

        JsonNode problem = client.json(limited);
        assertEquals(429, limited.statusCode(), problem::toString);
        assertEquals("2", limited.headers().firstValue("Retry-After").orElseThrow(), "one token per 2 s");
        assertTrue(problem.get("detail").asText().contains("127.0.0.1"), problem::toString);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, status("/health"));
        }
    }

    @Test
    void readyWhileTheDatabaseAnswersAndNotWhenNoConnectionCanBeHad() throws Exception {
        server = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory))
                .database(directory.resolve("ready.duckdb")).demoRows(300_000).poolSize(1)
                .acquireTimeout(Duration.ofSeconds(30)).start();
        client = new HttpArrowClient(server.baseUri());

        HttpResponse<InputStream> ready = client.get("/ready");
        JsonNode state = client.json(ready);
        assertEquals(200, ready.statusCode(), state::toString);
        assertEquals("ready", state.get("status").asText());
        assertEquals(1, state.get("pool").get("size").asInt());
        try (StalledBulkRead stalled = new StalledBulkRead(server, "well_production")) {
            long asked = System.nanoTime();
            HttpResponse<InputStream> busy = client.get("/ready");
            JsonNode problem = client.json(busy);
            assertEquals(503, busy.statusCode(), problem::toString);
            assertTrue(System.nanoTime() - asked < Duration.ofSeconds(15).toNanos(),
                    "the probe waits its own short while, not the 30 s acquire timeout");
            assertEquals("application/problem+json", busy.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(busy.headers().firstValue("Retry-After").isPresent());
            assertTrue(problem.get("detail").asText().contains("no connection free within 500 ms"),
                    problem::toString);
        }
        ClientHangUpTest.awaitTrue(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(20),
                "the stalled read ended once its client left");
        assertEquals(200, status("/ready"));
    }

    @Test
    void aBulkReadBeyondTheBoundWaitsThenGets503WhileRecordsStillServe() throws Exception {
        server = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory))
                .database(directory.resolve("bulk.duckdb")).demoRows(300_000).poolSize(2)
                .maxBulkInFlight(1, Duration.ofMillis(200)).start();
        client = new HttpArrowClient(server.baseUri());
        try (StalledBulkRead stalled = new StalledBulkRead(server, "well_production")) {

            HttpResponse<InputStream> refused = client.get("/api/v1/arrow/bulk-read/well_production");
            JsonNode problem = client.json(refused);
            assertEquals(503, refused.statusCode(), problem::toString);
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(problem.get("detail").asText().contains("1 bulk operations are in flight"), problem::toString);
            assertEquals(200, status("/api/v1/records/well_production/1,1,2015-01-01"), "records are not bulk");
            assertEquals(200, status("/ready"), "a free connection is left");
        }
        ClientHangUpTest.awaitTrue(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(20),
                "the stalled read ended once its client left");
        assertEquals(200, status("/api/v1/arrow/bulk-read/well_production?limit=10"), "its place is free again");
    }

    private int status(String path) {
        HttpResponse<InputStream> response = client.get(path);
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return response.statusCode();
    }
}
