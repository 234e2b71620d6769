package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams and short requests are admitted apart, over real HTTP with real slow and stalled clients: streams that
 * fill their lane leave short requests and /ready answering; one client cannot take every stream place; a client that
 * stops reading (or sending) is cut off after the stall timeout while a slow but steady one is not.
 */
class LanesTest {

    static final String TABLE = "/api/v1/arrow/bulk-read/well_production";

    @RegisterExtension
    final TestServer server = TestServer.startedByEachTest();
    final HttpArrowClient client = server.client();

    @AfterEach
    void lanesFree() throws InterruptedException {
        if (server.server() != null) {
            server.assertNothingHeld();
            Map<String, Double> metrics = scrape();
            assertEquals(0, metrics.get("dataforge_lane_in_use{lane=\"stream\"}"), "every stream place given back");
            assertEquals(0, metrics.get("dataforge_lane_in_use{lane=\"short\"}"));
        }
    }

    @Test
    void streamsFillingTheirLaneLeaveShortRequestsAndReadyAnswering() throws Exception {
        start(settings -> settings.maxShortQueries(2).maxStreams(3).maxStreamsPerClient(0)
                .acquireTimeout(Duration.ofMillis(500)).streamWait(Duration.ofMillis(500)));
        List<StalledBulkRead> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                stalled.add(new StalledBulkRead(server.server(), "well_production"));
            }
            // A stream in any format: path and query, then request headers.
            for (List<String> stream : List.of(List.of(TABLE), List.of(TABLE + "?limit=1", "Accept", "text/csv"),
                    List.of("/api/v1/records/well_production?limit=101"))) {
                HttpResponse<InputStream> refused = client.get(stream.getFirst(),
                        stream.subList(1, stream.size()).toArray(String[]::new));
                JsonNode problem = client.json(refused);
                assertEquals(503, refused.statusCode(), problem::toString);
                assertEquals("stream", problem.get("lane").asText(), stream + " is a stream: " + problem);
                assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(problem.get("detail").asText().startsWith("the stream lane is full: 3 streams"),
                        problem::toString);
            }
            // More short requests than the short lane has connections, each kind several times.
            for (int i = 0; i < 5; i++) {
                for (String shortRequest : List.of("/api/v1/records/well_production/1,1,2015-01-01",
                        "/api/v1/records/well_production/count?field_code=eq.3", "/api/v1/schemas/well_production",
                        "/ready")) {
                    assertEquals(200, client.status(shortRequest), shortRequest);
                }
            }
            JsonNode ready = client.json(client.get("/ready"));
            assertEquals(3, ready.get("lanes").get("stream").get("in_use").asInt(), ready::toString);
            assertEquals(3, ready.get("lanes").get("stream").get("size").asInt());
            assertEquals(2, ready.get("lanes").get("short").get("size").asInt());
            Map<String, Double> metrics = scrape();
            assertEquals(3, metrics.get("dataforge_lane_in_use{lane=\"stream\"}"));
            assertEquals(3, metrics.get("dataforge_lane_timeouts_total{lane=\"stream\"}"));
            assertEquals(0, metrics.get("dataforge_lane_timeouts_total{lane=\"short\"}"), "no short request waited out");
        } finally {
            for (StalledBulkRead read : stalled) {
                read.close();
            }
        }
    }

    @Test
    void recordPagesOfAtMost100RowsAreShortRequestsThatNeitherAStreamLaneFullNorTheClientsShareRefuses()
            throws Exception {
        start(settings -> settings.maxShortQueries(2).maxStreams(1).maxStreamsPerClient(1)
                .acquireTimeout(Duration.ofMillis(500)).streamWait(Duration.ofMillis(500)));
        String records = "/api/v1/records/well_production";
        try (StalledBulkRead stalled = new StalledBulkRead(server.server(), "well_production");
                ExecutorService callers = Executors.newFixedThreadPool(8)) {
            // An application paging in a loop from this address, with 8 pages in flight at once.
            List<Future<HttpResponse<InputStream>>> pages = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String page = records + "?limit=" + (i % 2 == 0 ? 100 : 10) + "&offset=" + i * 1000;
                pages.add(callers.submit(() -> client.get(page)));
            }
            for (Future<HttpResponse<InputStream>> page : pages) {
                HttpResponse<InputStream> response = page.get(60, TimeUnit.SECONDS);
                JsonNode rows = client.json(response);
                assertEquals(200, response.statusCode(), rows::toString);
                assertEquals(response.uri().getQuery().startsWith("limit=100") ? 100 : 10, rows.size());
            }
            try (BufferAllocator allocator = new RootAllocator()) {
                HttpResponse<InputStream> arrow = client.get(records + "?limit=100&offset=7",
                        "Accept", BulkInsertErrorsTest.ARROW_STREAM);
                assertEquals(200, arrow.statusCode());
                assertEquals(100, HttpArrowClient.readAll(arrow.body(), allocator).rows().size());
            }
            HttpResponse<InputStream> csv = client.get(records + "?limit=3", "Accept", "text/csv");
            assertEquals(200, csv.statusCode());
            assertEquals(4, new String(csv.body().readAllBytes(), StandardCharsets.UTF_8).lines().count());

            for (String stream : List.of(records + "?limit=101", records)) {
                HttpResponse<InputStream> refused = client.get(stream);
                JsonNode problem = client.json(refused);
                assertEquals(503, refused.statusCode(), problem::toString);
                assertEquals("stream", problem.get("lane").asText(), stream + " is a stream: " + problem);
            }
            Map<String, Double> metrics = scrape();
            assertEquals(0, metrics.get("dataforge_lane_timeouts_total{lane=\"short\"}"), "no page waited out");
            assertEquals(1, metrics.get("dataforge_lane_in_use{lane=\"stream\"}"), "only the stalled read streams");
        }
    }

    @Test
    void aClientPastItsShareOfStreamsIsRefusedWhileAnotherClientGetsAPlace() throws Exception {
        start(settings -> settings.maxStreams(4).maxStreamsPerClient(2).streamWait(Duration.ofSeconds(30)));
        try (StalledBulkRead first = new StalledBulkRead(server.server(), "well_production");
                StalledBulkRead second = new StalledBulkRead(server.server(), "well_production")) {

            HttpResponse<InputStream> refused = client.get(TABLE);
            JsonNode problem = client.json(refused);
            assertEquals(503, refused.statusCode(), problem::toString);
            assertEquals("stream", problem.get("lane").asText());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(problem.get("detail").asText().startsWith("'127.0.0.1' already has 2 streams in flight"),
                    problem::toString);
            try (StalledBulkRead another = new StalledBulkRead(server.baseUri(), "well_production",
                    InetAddress.getByName("127.0.0.2"))) {
                Map<String, Double> metrics = scrape();
                assertEquals(3, metrics.get("dataforge_lane_in_use{lane=\"stream\"}"), "another client got a place");
                assertEquals(1, metrics.get("dataforge_lane_refused_per_client_total{lane=\"stream\"}"));
                assertEquals(0, metrics.get("dataforge_lane_timeouts_total{lane=\"stream\"}"),
                        "refused at once, not after waiting for a place");
            }
        }
    }

    @Test
    void aStalledReaderIsCutOffAndGivesBackItsPlaceWhileASlowSteadyReaderCompletes() throws Exception {
        // Linux wakes a writer blocked on a full socket only once about a third of the send buffer (here up to
        // 4 MB) has drained, so a steady reader at 1.4 MB/s leaves one write blocked for up to about 1 s; the rest
        // of the timeout is margin for a client that a loaded machine does not schedule for a while.
        Duration stall = Duration.ofSeconds(5);
        start(settings -> settings.maxStreams(2).stallTimeout(stall));
        try (StalledBulkRead stalled = new StalledBulkRead(server.server(), "well_production")) {
            Await.until(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(30),
                    "the stalled read gave back its connection while its client still holds the socket open");
            assertTrue(stalled.cutOff(), "its connection was closed");
        }
        assertEquals(1, scrape().get("dataforge_stalled_clients_cut_off_total"));

        String query = TABLE + "?limit=100000";
        try (BufferAllocator allocator = new RootAllocator()) {
            HttpArrowClient.ArrowTable expected = HttpArrowClient.readAll(client.get(query).body(), allocator);
            long started = System.nanoTime();
            HttpArrowClient.ArrowTable paced = HttpArrowClient.readAll(
                    new PacedInputStream(client.get(query).body(), 64 * 1024, Duration.ofMillis(45)), allocator);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(100_000, paced.rows().size());
            assertEquals(expected.rows(), paced.rows(), "the slow read is complete and exact");
            assertTrue(took.compareTo(stall.multipliedBy(3).dividedBy(2)) > 0,
                    "the read took well over the stall timeout, so a limit on the whole response would have cut it: "
                    + took);
        }
        assertEquals(1, scrape().get("dataforge_stalled_clients_cut_off_total"), "the steady reader was not cut");
    }

    @Test
    void aStalledUploadIsCutOffAndLeavesTheTableUnchanged() throws Exception {
        start(settings -> settings.maxStreams(1).stallTimeout(Duration.ofSeconds(1)));
        byte[] upload;
        try (BufferAllocator allocator = new RootAllocator()) {
            upload = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 0, 20, 10_000);
        }
        try (Socket uploader = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = uploader.getOutputStream();
            out.write(("POST /api/v1/arrow/bulk-insert/numbers HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/vnd.apache.arrow.stream\r\nContent-Length: " + upload.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(upload, 0, upload.length / 2);
            out.flush();
            Await.until(() -> scrape().get("dataforge_stalled_clients_cut_off_total") == 1,
                    Duration.ofSeconds(20), "the upload that stopped half-way was cut off");
            Await.until(() -> server.counters().connectionsInUse() == 0
                    && server.counters().arrowBytes() == 0, Duration.ofSeconds(20),
                    "its place, connection and Arrow memory given back while its client still holds the socket");
        }
        JsonNode count = client.json(client.get("/api/v1/records/numbers/count"));
        assertEquals(0, count.get("count").asLong(), "nothing of the cut-off upload was inserted");
        assertEquals(200, client.status(TABLE + "?limit=1"), "the only stream place is free again");
    }

    private void start(UnaryOperator<DataForge> settings) {
        server.start((defaults, directory) -> settings.apply(defaults.demoRows(300_000)));
    }

    private Map<String, Double> scrape() {
        return PrometheusText.scrape(client);
    }
}
