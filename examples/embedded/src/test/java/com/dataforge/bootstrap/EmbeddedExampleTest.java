package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * The example application, run as an application is: its own module on the module path of a child JVM, with Data
 * Forge's modules beside it. It records readings through its own route and DuckDB connection; Data Forge, mounted
 * at /data of the same server, serves them as Arrow and as JSON, and the application's route keeps answering.
 */
class EmbeddedExampleTest {

    static final String MAIN = "dataforge.example.embedded/com.dataforge.example.embedded.Main";

    @Test
    void theApplicationsWritesAreServedByDataForgeUnderItsBasePath() throws Exception {
        String output;
        try (ServerProcess application = ServerProcess.startModule(MAIN, "0")) {
            URI data = application.address();
            assertEquals("/data", data.getPath());
            HttpArrowClient client = new HttpArrowClient(data);
            record(client, "north 21.5");
            record(client, "south -3.25");

            try (BufferAllocator allocator = new RootAllocator()) {
                var arrow = client.get("/data/api/v1/arrow/bulk-read/readings?order=sensor.asc");
                assertEquals(200, arrow.statusCode());
                List<Map<String, Object>> rows = HttpArrowClient.readAll(arrow.body(), allocator).rows();
                assertEquals(List.of("north", "south"), rows.stream().map(row -> row.get("sensor").toString())
                        .toList());
                assertEquals(-3.25, rows.get(1).get("celsius"));
            }
            JsonNode listed = client.json(client.get("/data/api/v1/records/readings?order=sensor.desc",
                    "Accept", "application/json"));
            assertEquals(2, listed.size());
            assertEquals("south", listed.get(0).get("sensor").asText());
            assertEquals(21.5, listed.get(1).get("celsius").asDouble());

            record(client, "east 19");
            assertEquals(3, client.json(client.get("/data/api/v1/records/readings/count")).get("count").asLong());
            assertEquals(ServerProcess.SIGTERM_EXIT, application.stop(), application::output);
            output = application.output();
        }
        assertTrue(output.contains("Container stopped"), "the shutdown hook closed Data Forge:\n" + output);
        assertFalse(output.contains("WARNING:"), "no JVM warning (native access, Unsafe):\n" + output);
        assertFalse(output.contains("has no executor"), "the application gave its server an executor:\n" + output);
    }

    /** The application's own route, which writes through the application's own connection. */
    private static void record(HttpArrowClient client, String reading) {
        var response = client.send(HttpRequest.newBuilder(client.uri("/readings"))
                .POST(HttpRequest.BodyPublishers.ofString(reading)).build());
        assertEquals(201, response.statusCode(), "the application's route answered " + response.statusCode());
    }
}
