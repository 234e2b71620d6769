package com.dataforge.infrastructure.http;

import java.io.IOException;

/** Counts every request in {@link RequestMetrics} once its response has ended, labelled by route template. */
final class MetricsRecording implements RequestFilter {

    private final RequestMetrics metrics;

    MetricsRecording(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try {
            next.proceed(exchange);
        } finally {
            metrics.record(exchange.route().map(route -> route.template()).orElse(RequestMetrics.UNMATCHED),
                    exchange.method(), exchange.status(), exchange.elapsedNanos(), exchange.rows(), exchange.bytes(),
                    exchange.bytesIn());
        }
    }
}
