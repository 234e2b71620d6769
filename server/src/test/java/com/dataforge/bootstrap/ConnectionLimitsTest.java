package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection limits of the JDK server: a client that stops reading is cut off once the response has taken
 * --max-response-s and its DuckDB connection goes back to the pool; one that trickles its request is cut off after
 * --max-request-s; headers past --max-header-bytes are refused. Child processes, since the JDK server reads these
 * once per JVM.
 */
class ConnectionLimitsTest {

    @TempDir
    Path directory;

    @Test
    void aClientThatStopsReadingIsCutOffAndItsConnectionReturned() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port", "0", "--db", directory.resolve("slow.duckdb")
                .toString(), "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "300000",
                "--max-response-s", "2", "--stall-timeout-s", "3600")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            try (StalledBulkRead stalled = new StalledBulkRead(server.address(), "well_production")) {
                assertEquals(1, active(client), "the stalled read holds a connection");
                Await.until(() -> active(client) == 0, Duration.ofSeconds(15),
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

    @Test
    void aClientThatTricklesItsRequestIsCutOff() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port", "0", "--db", directory.resolve("trickle.duckdb")
                .toString(), "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "0",
                "--max-request-s", "2");
                Socket trickle = new Socket(server.address().getHost(), server.address().getPort())) {
            // Headers begun, never finished: without a limit this would hold the connection for ever.
            trickle.getOutputStream().write("GET /api/v1/schemas HTTP/1.1\r\nHost: x\r\n".getBytes(
                    StandardCharsets.US_ASCII));
            trickle.getOutputStream().flush();
            trickle.setSoTimeout(15_000);
            long started = System.nanoTime();
            int read;
            try {
                read = trickle.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "the server closes the connection without answering");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15);
            assertEquals(200, new HttpArrowClient(server.address()).get("/health").statusCode(), "and serves on");
            assertTrue(server.output().contains("max_request_s=2"), server::output);
        }
    }

    @Test
    void headersPastTheLimitAreRefusedByClosingTheConnection() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port", "0", "--db", directory.resolve("headers.duckdb")
                .toString(), "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "0",
                "--max-header-bytes", "8192")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            assertEquals(200, client.get("/health", "X-Note", "a".repeat(4000)).statusCode());
            try (Socket big = new Socket(server.address().getHost(), server.address().getPort())) {
                big.setSoTimeout(15_000);
                int read;
                try {
                    big.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Note: " + "a".repeat(20_000)
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    read = big.getInputStream().read();
                } catch (SocketException reset) {
                    read = -1;
                }
                assertEquals(-1, read, "no answer: the connection is closed");
            }
            assertEquals(200, client.get("/health").statusCode(), "and the server serves on");
        }
    }

    private static int active(HttpArrowClient client) {
        JsonNode ready = client.json(client.get("/ready"));
        return ready.get("lanes").get("stream").get("in_use").asInt();
    }
}
