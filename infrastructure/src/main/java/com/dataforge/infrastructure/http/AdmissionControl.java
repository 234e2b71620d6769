package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.route.RoutePolicy;
import com.dataforge.infrastructure.lanes.Admission;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.Place;
import java.io.IOException;

/**
 * Takes a place in the request's lane, for the caller, and holds it until the response has ended (503 naming the
 * lane when none frees in time). While it is held, the request's queries run on that lane's connections. It is the
 * last step, so that a request refused for any other reason never takes or waits for a place.
 *
 * <p>The lane is the route's, except for a small page of a route that allows short pages ({@link RoutePolicy#lane});
 * such a page's answer is gathered in memory, up to {@value #SHORT_PAGE_BYTES} bytes, and sent once its handler has
 * returned its connection, so that a slow client holds no short connection.
 */
final class AdmissionControl implements RequestFilter {

    /**
     * Far above a page of 100 rows of ordinary width (about 40 KB as JSON); a page of wider rows is sent as it is
     * written past this, its connection held meanwhile, as a stream's is.
     */
    static final int SHORT_PAGE_BYTES = 1 << 20;

    private final Admission admission;

    AdmissionControl(Admission admission) {
        this.admission = admission;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        RoutePolicy policy = exchange.match().route().policy();
        Lane lane = policy.shortPageRows() == 0 ? policy.lane() : policy.lane(exchange.query().get("limit"));
        if (lane != policy.lane()) {
            exchange.gatherBody(SHORT_PAGE_BYTES);
        }
        try (Place place = admission.enter(lane, exchange.caller().id())) {
            next.proceed(exchange);
        }
    }
}
