package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate limit per caller, over real HTTP (the lanes' bounds are {@link LanesTest}'s). */
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

        assertEquals(200, client.status("/api/v1/schemas"));
        assertEquals(200, client.status("/api/v1/records/numbers/count"));
        HttpResponse<InputStream> limited = client.get("/api/v1/schemas");

        JsonNode problem = client.json(limited);
        assertEquals(429, limited.statusCode(), problem::toString);
        assertEquals("2", limited.headers().firstValue("Retry-After").orElseThrow(), "one token per 2 s");
        assertTrue(problem.get("detail").asText().contains("127.0.0.1"), problem::toString);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, client.status("/health"));
        }
    }
}
