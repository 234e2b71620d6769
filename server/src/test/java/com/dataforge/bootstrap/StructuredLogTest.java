package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code DATAFORGE_LOG_FORMAT=json} every log line is a JSON object, and each line a request writes carries the
 * request id the client gave (or the one made for it), which the response returns.
 */
class StructuredLogTest {

    @TempDir
    Path directory;

    @Test
    void logsJsonLinesThatCarryTheRequestId() throws IOException {
        String output;
        String madeId;
        try (ServerProcess server = ServerProcess.start(Map.of("DATAFORGE_LOG_FORMAT", "json"), "--port", "0",
                "--db", directory.resolve("log.duckdb").toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "0")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            HttpResponse<InputStream> given = client.get("/api/v1/records/numbers?n=eq.x", "X-Request-Id",
                    "trace-42");
            HttpResponse<InputStream> made = client.get("/health");
            assertEquals("trace-42", given.headers().firstValue("X-Request-Id").orElseThrow());
            madeId = made.headers().firstValue("X-Request-Id").orElseThrow();
            client.json(given);
            client.json(made);
            assertEquals(ServerProcess.SIGTERM_EXIT, server.stop(), server::output);
            output = server.output();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("Data Forge listening on ")) {
                lines.add(json(line, output));
            }
        }
        JsonNode given = request(lines, "trace-42");
        assertEquals("INFO", given.get("level").asText());
        assertEquals("dataforge.request", given.get("loggerName").asText());
        assertTrue(given.get("formattedMessage").asText().contains("status=400"), given::toString);
        assertTrue(request(lines, madeId).get("formattedMessage").asText().contains("path=/health"));
        assertTrue(lines.stream().anyMatch(line -> line.path("formattedMessage").asText().equals("stopped")), output);
    }

    private static JsonNode json(String line, String output) {
        try {
            return HttpArrowClient.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("a log line that is not JSON: " + line + "\nin:\n" + output, e);
        }
    }

    private static JsonNode request(List<JsonNode> lines, String requestId) {
        return lines.stream()
                .filter(line -> line.path("mdc").path("request_id").asText().equals(requestId))
                .filter(line -> line.path("loggerName").asText().equals("dataforge.request"))
                .findFirst().orElseThrow(() -> new AssertionError("no request line with request_id " + requestId));
    }
}
