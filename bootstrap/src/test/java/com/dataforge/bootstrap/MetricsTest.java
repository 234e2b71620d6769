package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} parsed strictly as Prometheus text, its counters moving with real requests. */
class MetricsTest {

    static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})?"
                    + " (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");

    @TempDir
    Path directory;
    DataForgeServer server;
    HttpArrowClient client;

    @BeforeEach
    void start() {
        server = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory)).inMemoryDatabase()
                .rateLimit(1000, 1000).start();
        client = new HttpArrowClient(server.baseUri());
    }

    @AfterEach
    void stop() throws InterruptedException {
        ClientHangUpTest.assertNothingHeld(server);
        server.close();
    }

    @Test
    void countsRequestsRowsAndBytesByRouteAndStatus() throws InterruptedException {
        Map<String, Double> before = scrape();
        post("/api/v1/records/numbers", "[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]");
        for (int i = 0; i < 3; i++) {
            drain(client.get("/api/v1/arrow/bulk-read/numbers"));
        }
        drain(client.get("/no/such/path"));
        drain(client.get("/api/v1/records/numbers?n=eq.x"));
        ClientHangUpTest.assertNothingHeld(server);
        String bulkRead = "{route=\"/api/v1/arrow/bulk-read/{schema}\",method=\"GET\",status=\"200\"}";
        String refused = "dataforge_http_requests_total"
                + "{route=\"/api/v1/records/{schema}\",method=\"GET\",status=\"400\"}";
        // A request is counted once its handler returns, a moment after its client has the last byte.
        ClientHangUpTest.awaitTrue(() -> {
            Map<String, Double> now = scrape();
            return now.containsKey(refused)
                    && now.getOrDefault("dataforge_http_requests_total" + bulkRead, 0.0) - before.getOrDefault(
                            "dataforge_http_requests_total" + bulkRead, 0.0) == 3;
        }, java.time.Duration.ofSeconds(10), "every request counted");

        Map<String, Double> after = scrape();

        assertEquals(3, delta(before, after, "dataforge_http_requests_total" + bulkRead));
        assertEquals(9, delta(before, after,
                "dataforge_rows_served_total{route=\"/api/v1/arrow/bulk-read/{schema}\"}"));
        assertTrue(delta(before, after, "dataforge_bytes_served_total{route=\"/api/v1/arrow/bulk-read/{schema}\"}")
                > 0);
        assertEquals(3, delta(before, after, "dataforge_rows_ingested_total{route=\"/api/v1/records/{schema}\"}"));
        assertTrue(delta(before, after, "dataforge_bytes_ingested_total{route=\"/api/v1/records/{schema}\"}") > 0);
        assertEquals(1, delta(before, after,
                "dataforge_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"));
        assertEquals(1, delta(before, after, refused));
        assertEquals(3, delta(before, after, "dataforge_http_request_duration_seconds_count"
                + "{route=\"/api/v1/arrow/bulk-read/{schema}\",method=\"GET\"}"));
        assertEquals(0, after.get("dataforge_pool_active"));
        assertEquals(0, after.get("dataforge_arrow_allocated_bytes"));
        assertEquals(0, after.get("dataforge_rate_limited_total"));
        assertTrue(after.get("jvm_memory_heap_used_bytes") > 0 && after.get("jvm_threads_live") > 0);
        assertTrue(after.get("dataforge_pool_acquired") >= 4, "the POST and three bulk reads borrowed");
        assertEquals(after.get("dataforge_pool_acquired"), after.get("dataforge_pool_acquire_wait_seconds_count"),
                "every borrow's wait is in the histogram");
    }

    /** Parses every line; fails on anything the format does not allow, and on broken histograms. */
    private Map<String, Double> scrape() {
        HttpResponse<InputStream> response = client.get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        String text;
        try (InputStream body = response.body()) {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> lastBucket = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                assertTrue(helped.contains(type.group(1)), "HELP before TYPE: " + line);
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: '" + line + "'");
            String name = sample.group(1);
            String family = name.replaceAll("_(bucket|sum|count)$", "");
            assertTrue(types.containsKey(name) || types.containsKey(family), "sample before its TYPE: " + line);
            double value = Double.parseDouble(sample.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            String labels = sample.group(2) == null ? "" : sample.group(2);
            if (name.endsWith("_bucket")) {
                String series = name + labels.replaceAll(",?le=\"[^\"]*\"", "");
                assertTrue(value >= lastBucket.getOrDefault(series, 0.0), "buckets are cumulative: " + line);
                lastBucket.put(series, value);
                if (labels.contains("le=\"+Inf\"")) {
                    String count = family + "_count" + labels.replaceAll(",?le=\"\\+Inf\"", "").replace("{}", "");
                    samples.put("+Inf of " + count, value);
                }
            }
            samples.put(name + labels, value);
        }
        samples.forEach((key, value) -> {
            if (key.startsWith("+Inf of ")) {
                assertEquals(samples.get(key.substring(8)), value, "+Inf bucket equals _count: " + key);
            }
        });
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), "no series " + series + " in " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private void post(String path, String json) {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(201, response.statusCode());
        drain(response);
    }

    private static void drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
