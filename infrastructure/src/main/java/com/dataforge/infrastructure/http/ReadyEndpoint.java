package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.infrastructure.duckdb.DuckDbReadiness;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ready}: 200 while the database answers through the pool, else 503 with Retry-After, so a load
 * balancer sends no traffic to a server that cannot serve it. {@code /health} only says the process is up.
 */
public final class ReadyEndpoint implements Endpoint {

    private final DuckDbReadiness readiness;

    public ReadyEndpoint(DuckDbReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        exchange.query().allowOnly(Set.of());
        PoolStats pool;
        try {
            pool = readiness.check();
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("not ready: " + e.getMessage(), Duration.ofSeconds(5), e);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", "ready");
        state.put("pool", Map.of("size", pool.maxSize(), "active", pool.active(), "idle", pool.idle(),
                "waiting", pool.waiting()));
        exchange.sendJson(200, state);
    }
}
