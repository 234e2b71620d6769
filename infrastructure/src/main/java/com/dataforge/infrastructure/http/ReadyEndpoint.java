package com.dataforge.infrastructure.http;

import com.dataforge.application.readiness.CheckReadiness;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.LaneStats;
import com.dataforge.infrastructure.lanes.Lanes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ready}: 200 while the database answers, else 503 with Retry-After, so a load balancer sends no traffic
 * to a server that cannot serve it. Busy lanes do not make it fail (the check has a connection of its own); the
 * answer shows them. {@code /health} only says the process is up.
 */
public final class ReadyEndpoint implements Endpoint {

    private final CheckReadiness readiness;
    private final Lanes lanes;

    public ReadyEndpoint(CheckReadiness readiness, Lanes lanes) {
        this.readiness = readiness;
        this.lanes = lanes;
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        exchange.query().allowOnly(Set.of());
        readiness.check();
        Map<String, Object> byLane = new LinkedHashMap<>();
        for (Lane lane : Lane.querying()) {
            LaneStats stats = lanes.stats(lane);
            byLane.put(lane.label(), Map.of("size", stats.size(), "in_use", stats.inUse(), "waiting",
                    stats.waiting()));
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", "ready");
        state.put("lanes", byLane);
        exchange.sendJson(200, state);
    }
}
