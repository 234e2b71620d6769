package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate limit per caller, over real HTTP (the lanes' bounds are {@link LanesTest}'s). */
class RequestLimitsTest {

    @RegisterExtension
    final TestServer server = TestServer.startedByEachTest();
    final HttpArrowClient client = server.client();

    @Test
    void aBurstPastTheRateLimitGets429WithRetryAfterAndHealthIsNotCounted() {
        server.start((defaults, directory) -> defaults.inMemoryDatabase().rateLimit(0.5, 2));

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
