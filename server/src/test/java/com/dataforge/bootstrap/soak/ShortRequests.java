package com.dataforge.bootstrap.soak;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A client of the short lane asking one question after another, as a dashboard or an orchestrator would: a record
 * of well_production by key, a filtered count, the table's schema, {@code /ready}; each answer counted and timed.
 */
final class ShortRequests {

    static final List<String> PATHS = List.of("/api/v1/records/well_production/1,1,2015-01-01",
            "/api/v1/records/well_production/count?field_code=eq.3", "/api/v1/schemas/well_production", "/ready");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    final Outcomes answers = new Outcomes(Set.of(200));
    final Latencies latencies = new Latencies();

    /** Asks each question once, untimed, so that class loading and first plans are not counted. */
    static void warmUp(SoakServer server) {
        for (String path : PATHS) {
            int status = server.client.status(path);
            if (status != 200) {
                throw new AssertionError("warm-up of " + path + " answered " + status);
            }
        }
    }

    /** Asks until {@code end} (a {@link System#nanoTime()}). */
    void askUntil(SoakServer server, long end) {
        for (int i = 0; System.nanoTime() < end; i++) {
            String path = PATHS.get(i % PATHS.size());
            long started = System.nanoTime();
            try {
                HttpResponse<InputStream> response = server.client.send(HttpRequest.newBuilder(
                        server.client.uri(path)).timeout(DEADLINE).GET().build());
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readAllBytes();
                }
                latencies.record(kind(path), System.nanoTime() - started);
                answers.answered(path, response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null),
                        new String(body, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                answers.failed(path, e.toString());
            }
        }
    }

    /** The same requests (and the warm-up's), as the server timed them. */
    static Latencies.Summary serverTimes(SoakServer server) {
        return server.serverTimes(PATHS::contains).all();
    }

    /** A path as a kind of request: its key and query left out. */
    private static String kind(String path) {
        return path.replaceFirst("\\?.*", "?…").replaceFirst("/1,1,2015-01-01", "/{key}");
    }
}
