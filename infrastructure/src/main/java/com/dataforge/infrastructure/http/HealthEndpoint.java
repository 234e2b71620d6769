package com.dataforge.infrastructure.http;

import java.util.Map;

/** {@code GET /health}: the process is up and answering. Readiness of the database is a separate question. */
public final class HealthEndpoint implements Endpoint {

    @Override
    public void handle(ApiExchange exchange) throws java.io.IOException {
        exchange.sendJson(200, Map.of("status", "ok"));
    }
}
