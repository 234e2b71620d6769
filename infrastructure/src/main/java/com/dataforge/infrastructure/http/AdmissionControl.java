package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.lanes.Admission;
import com.dataforge.infrastructure.lanes.Place;
import java.io.IOException;

/**
 * Takes a place in the route's lane, for the caller, and holds it until the response has ended (503 naming the lane
 * when none frees in time). While it is held, the request's queries run on that lane's connections. It is the last
 * step, so that a request refused for any other reason never takes or waits for a place.
 */
final class AdmissionControl implements RequestFilter {

    private final Admission admission;

    AdmissionControl(Admission admission) {
        this.admission = admission;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try (Place place = admission.enter(exchange.match().route().policy().lane(), exchange.caller().id())) {
            next.proceed(exchange);
        }
    }
}
