package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.metrics.Metrics;
import com.dataforge.infrastructure.metrics.Metrics.Counter;
import com.dataforge.infrastructure.metrics.Metrics.Histogram;

/**
 * What the router records of every request for {@code GET /metrics}. Routes are labelled by their template
 * ({@code /api/v1/records/{schema}}), never the raw path, so the number of series stays bounded.
 */
public final class RequestMetrics {

    static final String UNMATCHED = "unmatched";
    private static final double[] SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
        300};

    private final Counter requests;
    private final Histogram duration;
    private final Counter rowsServed;
    private final Counter bytesServed;
    private final Counter rowsIngested;
    private final Counter bytesIngested;
    private final Counter rateLimited;

    public RequestMetrics(Metrics metrics) {
        requests = metrics.counter("dataforge_http_requests_total", "HTTP requests answered, by route template"
                + " ('unmatched' where no route serves the path), method and status", "route", "method", "status");
        duration = metrics.histogram("dataforge_http_request_duration_seconds", "Time from request to the end of"
                + " the response, by route and method", SECONDS, "route", "method");
        rowsServed = metrics.counter("dataforge_rows_served_total", "Rows sent in responses, by route", "route");
        bytesServed = metrics.counter("dataforge_bytes_served_total", "Response body bytes sent, by route", "route");
        rowsIngested = metrics.counter("dataforge_rows_ingested_total", "Rows inserted or updated by uploads and"
                + " record writes, by route", "route");
        bytesIngested = metrics.counter("dataforge_bytes_ingested_total", "Request body bytes read, by route",
                "route");
        rateLimited = metrics.counter("dataforge_rate_limited_total", "Requests refused with 429 by the rate limit");
    }

    void record(String route, String method, int status, long nanos, long rows, long bytesOut, long bytesIn) {
        requests.add(1, route, method, Integer.toString(status));
        duration.observe(nanos / 1e9, route, method);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (rows > 0) {
            (read ? rowsServed : rowsIngested).add(rows, route);
        }
        if (bytesOut > 0) {
            bytesServed.add(bytesOut, route);
        }
        if (bytesIn > 0) {
            bytesIngested.add(bytesIn, route);
        }
    }

    void rateLimited() {
        rateLimited.add(1);
    }
}
