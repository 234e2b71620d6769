package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client that hangs up mid-stream must end the query and give back its connection and every Arrow buffer. */
class ClientHangUpTest {

    static final long ROWS = 1_000_000;

    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) -> defaults.maxStreams(1).demoRows(ROWS));

    @Test
    void hangingUpAfterTheFirstBatchReleasesEverything() throws Exception {
        hangUpMidStream("");
    }

    /**
     * The text formats, Arrow compressed by HTTP, and the IPC file format, with and without a content encoder (whose
     * native memory must be released too).
     */
    @ParameterizedTest
    @ValueSource(strings = {"Accept: application/x-ndjson\r\n", "Accept: application/json\r\nAccept-Encoding: zstd\r\n",
        "Accept: text/csv\r\nAccept-Encoding: gzip\r\n", "Accept-Encoding: zstd\r\n", "Accept-Encoding: gzip\r\n",
        "Accept: application/vnd.apache.arrow.file\r\n",
        "Accept: application/vnd.apache.arrow.file\r\nAccept-Encoding: zstd\r\n"})
    void hangingUpOnAnyRepresentationReleasesEverything(String headers) throws Exception {
        hangUpMidStream(headers);
    }

    private static void hangUpMidStream(String headers) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/v1/arrow/bulk-read/well_production?batch_rows=10000 HTTP/1.1\r\nHost: x\r\n"
                        + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] first = in.readNBytes(64 * 1024);
                assertEquals(64 * 1024, first.length, "the stream had started");
                assertTrue(new String(first, 0, 15, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
                assertTrue(server.counters().connectionsInUse() == 1, "the read holds the only stream connection");
            }
            // The server notices on its next write; wait for that, bounded.
            Await.until(() -> server.counters().connectionsInUse() == 0 && server.counters().arrowBytes() == 0,
                    Duration.ofSeconds(20), "connection and Arrow memory released after the client hung up");
        }

        // One stream place: if it or its connection had leaked, this read would time out with 503.
        try (BufferAllocator allocator = new RootAllocator()) {
            HttpArrowClient client = new HttpArrowClient(server.baseUri());
            var response = client.get("/api/v1/arrow/bulk-read/well_production?columns=well_code");
            assertEquals(200, response.statusCode());
            assertEquals(ROWS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
        }
        assertEquals(0, server.counters().arrowBytes());
    }
}
