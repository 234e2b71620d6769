package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.metrics.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** {@code GET /metrics}: every metric in the Prometheus text exposition format. */
public final class MetricsEndpoint implements Endpoint {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    public MetricsEndpoint(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        exchange.query().allowOnly(Set.of());
        exchange.send(200, CONTENT_TYPE, metrics.render().getBytes(StandardCharsets.UTF_8));
    }
}
