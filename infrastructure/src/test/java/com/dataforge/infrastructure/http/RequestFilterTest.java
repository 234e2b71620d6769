package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.infrastructure.http.route.ApiRoutes;
import com.dataforge.infrastructure.lanes.Admission;
import com.dataforge.infrastructure.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFilterTest {

    @Test
    void filtersRunInOrderAroundTheEndAndOneThatAnswersStopsTheRest() throws Exception {
        List<String> steps = new ArrayList<>();
        RequestFilter a = (exchange, next) -> {
            steps.add("a in");
            next.proceed(exchange);
            steps.add("a out");
        };
        RequestFilter b = (exchange, next) -> {
            steps.add("b in");
            next.proceed(exchange);
            steps.add("b out");
        };
        RequestFilter stop = (exchange, next) -> steps.add("stop");

        RequestFilter.chain(List.of(a, b), exchange -> steps.add("end")).proceed(null);
        RequestFilter.chain(List.of(a, stop, b), exchange -> steps.add("end")).proceed(null);

        assertEquals(List.of("a in", "b in", "end", "b out", "a out", "a in", "stop", "a out"), steps);
    }

    /** The order Router documents; each step's reason is given there. */
    @Test
    void theRouterRunsItsFiltersInTheDocumentedOrder() {
        List<String> order = Router.filters(ApiRoutes.TABLE, CorsPolicy.NONE, AccessControl.OPEN, RateLimiter.OFF,
                Admission.UNBOUNDED, new RequestMetrics(new Metrics()), schema -> { }, Map.of()).stream()
                .map(filter -> filter.getClass().getSimpleName()).toList();

        assertEquals(List.of("RequestIds", "RequestLog", "MetricsRecording", "AuditLog", "SchemaWrites",
                "ProblemResponses",
                "CrossOrigin", "RouteMatching", "PathDecoding", "Authentication", "RateLimiting", "Authorization",
                "AnswersAtHand", "AdmissionControl"), order);
    }
}
