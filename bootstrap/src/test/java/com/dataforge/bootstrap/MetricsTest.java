package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics} parsed strictly as Prometheus text, its counters moving with real requests. */
class MetricsTest {

    static final String BULK_READ = "route=\"/api/v1/arrow/bulk-read/{schema}\"";
    static final String BULK_INSERT = "route=\"/api/v1/arrow/bulk-insert/{schema}\"";
    static final String RECORDS = "route=\"/api/v1/records/{schema}\"";
    static final String RECORD = "route=\"/api/v1/records/{schema}/{key}\"";

    @RegisterExtension
    final TestServer server = TestServer.startedByEachTest();
    final HttpArrowClient client = server.client();

    @Test
    void countsRequestsRowsAndBytesByRouteTemplateAndStatus() throws InterruptedException {
        start(1000);
        Map<String, Double> before = scrape();
        post("/api/v1/records/numbers", "application/json", "[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]".getBytes(
                StandardCharsets.UTF_8), 201);
        try (BufferAllocator allocator = new RootAllocator()) {
            post("/api/v1/arrow/bulk-insert/numbers", "application/vnd.apache.arrow.stream",
                    ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 100, 2, 50), 200);
        }
        int reads = 3;
        for (int i = 0; i < reads; i++) {
            assertEquals(200, drain(client.get("/api/v1/arrow/bulk-read/numbers")));
        }
        assertEquals(200, drain(client.get("/api/v1/records/numbers?n=lt.100")));
        assertEquals(200, drain(client.get("/api/v1/records/numbers/2")));
        assertEquals(404, drain(client.get("/no/such/path/" + System.nanoTime())));
        assertEquals(404, drain(client.get("/api/v1/records/numbers/99999")));
        assertEquals(400, drain(client.get("/api/v1/records/numbers?n=eq.x")));
        Map<String, Double> after = scrapeOnceCounted(apiRequests(before) + 2 + reads + 5);

        assertEquals(reads, delta(before, after, requests(BULK_READ, "GET", 200)));
        assertEquals(reads, delta(before, after,
                "dataforge_http_request_duration_seconds_count{" + BULK_READ + ",method=\"GET\"}"));
        assertEquals(reads * 103, delta(before, after, "dataforge_rows_served_total{" + BULK_READ + "}"),
                "every row of the table, at each read");
        assertTrue(delta(before, after, "dataforge_bytes_served_total{" + BULK_READ + "}") > 0);
        assertEquals(3, delta(before, after, "dataforge_rows_served_total{" + RECORDS + "}"), "the listing");
        assertEquals(1, delta(before, after, "dataforge_rows_served_total{" + RECORD + "}"), "one record");
        assertEquals(3, delta(before, after, "dataforge_rows_ingested_total{" + RECORDS + "}"));
        assertEquals(100, delta(before, after, "dataforge_rows_ingested_total{" + BULK_INSERT + "}"));
        assertTrue(delta(before, after, "dataforge_bytes_ingested_total{" + BULK_INSERT + "}") > 100 * 8);
        assertTrue(delta(before, after, "dataforge_bytes_ingested_total{" + RECORDS + "}") > 0);
        assertEquals(1, delta(before, after, requests("route=\"unmatched\"", "GET", 404)),
                "an unknown path is one bounded series, not one per path");
        assertTrue(after.keySet().stream().noneMatch(series -> series.contains("/no/such/path")), "no raw path");
        assertEquals(1, delta(before, after, requests(RECORD, "GET", 404)));
        assertEquals(1, delta(before, after, requests(RECORDS, "GET", 400)));
        assertEquals(0, after.get("dataforge_rate_limited_total"));
    }

    @Test
    void poolArrowMemoryAndJvmAreReadAtEachScrape() throws InterruptedException {
        start(1000);
        assertEquals(200, drain(client.get("/api/v1/arrow/bulk-read/numbers")));
        server.assertNothingHeld();

        Map<String, Double> metrics = scrape();

        assertEquals(0, metrics.get("dataforge_pool_active"), "the connection went back");
        assertEquals(0, metrics.get("dataforge_pool_waiting"));
        assertEquals(server.counters().connectionsIdle(), metrics.get("dataforge_pool_idle"));
        assertTrue(metrics.get("dataforge_pool_size") >= 1);
        assertEquals(0, metrics.get("dataforge_arrow_allocated_bytes"), "no Arrow memory outlives its request");
        assertTrue(metrics.get("dataforge_pool_acquired_total") >= 1);
        assertEquals(0, metrics.get("dataforge_pool_acquire_timeouts_total"));
        assertEquals(metrics.get("dataforge_pool_acquired_total"),
                metrics.get("dataforge_pool_acquire_wait_seconds_count"), "every borrow's wait is in the histogram");
        for (String gauge : List.of("jvm_memory_heap_used_bytes", "jvm_memory_heap_committed_bytes",
                "jvm_memory_heap_max_bytes", "jvm_memory_nonheap_used_bytes", "jvm_memory_nonheap_committed_bytes",
                "jvm_threads_live", "jvm_threads_daemon", "jvm_threads_peak")) {
            assertTrue(metrics.get(gauge) > 0, gauge + " = " + metrics.get(gauge));
        }
        assertTrue(metrics.containsKey("jvm_memory_nonheap_max_bytes"), "-1 where the JVM sets no limit");
    }

    @Test
    void requestsRefusedByTheRateLimitAreCounted() throws InterruptedException {
        start(2);
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            refused += drain(client.get("/api/v1/schemas")) == 429 ? 1 : 0;
        }
        assertEquals(2, refused, "a burst of 4 past an allowance of 2, refilled once in 1000 s");

        Map<String, Double> metrics = scrapeOnceCounted(4);

        assertEquals(refused, metrics.get("dataforge_rate_limited_total"));
        assertEquals(refused, metrics.get(requests("route=\"/api/v1/schemas\"", "GET", 429)));
    }

    private void start(int burst) {
        server.start((defaults, directory) -> defaults.inMemoryDatabase().rateLimit(0.001, burst));
    }

    private static String requests(String route, String method, int status) {
        return "dataforge_http_requests_total{" + route + ",method=\"" + method + "\",status=\"" + status + "\"}";
    }

    /**
     * Scrapes until {@code total} requests other than scrapes are counted: a request is counted once its handler
     * returns, a moment after its client has the last byte.
     */
    private Map<String, Double> scrapeOnceCounted(double total) throws InterruptedException {
        Await.until(() -> apiRequests(scrape()) == total, Duration.ofSeconds(10),
                total + " requests counted");
        return scrape();
    }

    private static double apiRequests(Map<String, Double> metrics) {
        return metrics.entrySet().stream().filter(sample -> sample.getKey().startsWith("dataforge_http_requests_total")
                && !sample.getKey().contains("route=\"/metrics\"")).mapToDouble(Map.Entry::getValue).sum();
    }

    private Map<String, Double> scrape() {
        return PrometheusText.scrape(client);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), "no series " + series + " in " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private void post(String path, String contentType, byte[] body, int expectedStatus) {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(expectedStatus, drain(response));
    }

    private static int drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.statusCode();
    }
}
