package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading a stream is cut off once the response has taken --max-response-s, and its DuckDB
 * connection goes back to the pool. A child process, since the JDK server reads the limit once per JVM.
 */
class SlowReaderTest {

    @TempDir
    Path directory;

    @Test
    void aClientThatStopsReadingIsCutOffAndItsConnectionReturned() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port", "0", "--db", directory.resolve("slow.duckdb")
                .toString(), "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "300000",
                "--pool-size", "2", "--max-response-s", "2")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            try (StalledBulkRead stalled = new StalledBulkRead(server.address(), "well_production")) {
                assertEquals(1, active(client), "the stalled read holds a connection");
                ClientHangUpTest.awaitTrue(() -> active(client) == 0, Duration.ofSeconds(15),
                        "the server cut the stalled read off and returned its connection");
                assertTrue(stalled.cutOff(), "the connection ends after what was already buffered");
            }
            try (BufferAllocator allocator = new RootAllocator()) {
                var whole = client.get("/api/v1/arrow/bulk-read/well_production?columns=well_code");
                assertEquals(300_000, HttpArrowClient.readAll(whole.body(), allocator).rows().size(),
                        "a reader that keeps up finishes well within the limit");
            }
            assertTrue(server.output().contains("max_response_s=2"), server::output);
        }
    }

    private static int active(HttpArrowClient client) {
        JsonNode ready = client.json(client.get("/ready"));
        return ready.get("pool").get("active").asInt();
    }
}
