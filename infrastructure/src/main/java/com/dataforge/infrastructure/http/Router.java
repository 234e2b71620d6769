package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.route.Route;
import com.dataforge.infrastructure.http.route.RouteTable;
import com.dataforge.infrastructure.lanes.Admission;
import com.dataforge.infrastructure.metrics.Metrics;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Answers every request by passing it through a fixed chain of filters, then to its route's endpoint. The order, and
 * why:
 *
 * <ol>
 *   <li>{@link RequestIds}: the request id first, so that every later log line carries it;</li>
 *   <li>{@link RequestLog}, {@link MetricsRecording}, {@link AuditLog}: each records the request once it has
 *       ended, so they wrap everything that can change the answer;</li>
 *   <li>{@link SchemaWrites}: tells who keeps copies of a schema's rows that a request may have written them,
 *       before its status is sent (a problem's too: it sits outside {@link ProblemResponses});</li>
 *   <li>{@link ProblemResponses}: turns every failure below into a problem response (or aborts a started one);</li>
 *   <li>{@link CrossOrigin}: answers preflights and marks responses, problems included, readable by allowed
 *       origins;</li>
 *   <li>{@link RouteMatching}: 404 or 405; from here on each step reads its policy from the route;</li>
 *   <li>{@link PathDecoding}: the schema name decoded and validated once (400), before anything asks about it;</li>
 *   <li>{@link Authentication}: who is calling (401), on routes that need a key;</li>
 *   <li>{@link RateLimiting}: per caller (429), refused requests included;</li>
 *   <li>{@link Authorization}: the route's permission on that schema (403);</li>
 *   <li>{@link AnswersAtHand}: an answer the endpoint has at hand, needing no database, given without a place;</li>
 *   <li>{@link AdmissionControl}: a place in the route's lane (503), last, so that nothing refused holds one.</li>
 * </ol>
 */
public final class Router implements HttpHandler {

    private final RouteTable routes;
    private final RequestFilter.Next chain;
    private final StallWatchdog watchdog;
    private final InFlightRequests inFlight = new InFlightRequests();

    private Router(RouteTable routes, Map<Route, Endpoint> endpoints, List<RequestFilter> filters,
            StallWatchdog watchdog) {
        this.routes = routes;
        this.watchdog = watchdog;
        Map<Route, Endpoint> byRoute = Map.copyOf(endpoints);
        this.chain = RequestFilter.chain(filters, exchange -> byRoute.get(exchange.match().route()).handle(exchange));
    }

    /** A router for {@code routes}: every one of them must be given its endpoint. */
    public static Builder builder(RouteTable routes) {
        return new Builder(routes);
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        inFlight.enter();
        StallGuard guard = watchdog.guard();
        try {
            // A chain that throws leaves the exchange open: the server then drops the connection without the final
            // chunk, so the client sees the transfer fail rather than a truncated body that looks complete.
            ApiExchange exchange = new ApiExchange(http, guard);
            chain.proceed(exchange);
            exchange.close();
        } finally {
            watchdog.ended(guard);
            inFlight.exit();
        }
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    /** Ends every request in flight at its next socket call (see {@link StallWatchdog#cutOffEveryExchange}). */
    int cutOffInFlight(String reason) {
        return watchdog.cutOffEveryExchange(reason);
    }

    /** The filters in the order they run, as documented on this class. */
    static List<RequestFilter> filters(RouteTable routes, CorsPolicy cors, AccessControl access, RateLimiter limiter,
            Admission admission, RequestMetrics metrics, Consumer<String> schemaWritten,
            Map<Route, Endpoint> endpoints) {
        return List.of(new RequestIds(), new RequestLog(), new MetricsRecording(metrics), new AuditLog(),
                new SchemaWrites(schemaWritten), new ProblemResponses(), new CrossOrigin(cors, routes),
                new RouteMatching(routes), new PathDecoding(), new Authentication(access),
                new RateLimiting(limiter, metrics), new Authorization(), new AnswersAtHand(endpoints),
                new AdmissionControl(admission));
    }

    /** Collects the endpoint of each route and the policies' settings. */
    public static final class Builder {
        private final RouteTable routes;
        private final Map<Route, Endpoint> endpoints = new LinkedHashMap<>();
        private CorsPolicy cors = CorsPolicy.NONE;
        private AccessControl access = AccessControl.OPEN;
        private RateLimiter limiter = RateLimiter.OFF;
        private Admission admission = Admission.UNBOUNDED;
        private StallWatchdog watchdog = StallWatchdog.OFF;
        private RequestMetrics metrics = new RequestMetrics(new Metrics());
        private Consumer<String> schemaWritten = schema -> { };

        private Builder(RouteTable routes) {
            this.routes = routes;
        }

        /** Where each request's route, status, time, rows and bytes are counted; a registry nobody reads unless set. */
        public Builder metrics(RequestMetrics requestMetrics) {
            this.metrics = requestMetrics;
            return this;
        }

        /**
         * Told the schema of each request that may have written to it (see {@link SchemaWrites}), to drop what it
         * keeps of that schema's rows; nobody unless set.
         */
        public Builder onSchemaWritten(Consumer<String> listener) {
            this.schemaWritten = listener;
            return this;
        }

        /** Requests per caller on rate-limited routes; unlimited unless set. */
        public Builder rateLimit(RateLimiter rateLimiter) {
            this.limiter = rateLimiter;
            return this;
        }

        /** When a request of each lane may start; at once unless set. */
        public Builder admission(Admission laneAdmission) {
            this.admission = laneAdmission;
            return this;
        }

        /** Cuts off clients that stop reading or sending; none is cut off unless set. */
        public Builder stallWatchdog(StallWatchdog stallWatchdog) {
            this.watchdog = stallWatchdog;
            return this;
        }

        /** Which keys may call what; everyone may call everything unless set. */
        public Builder access(AccessControl control) {
            this.access = control;
            return this;
        }

        /** Which web origins may call the API from a browser; none unless set. */
        public Builder cors(CorsPolicy policy) {
            this.cors = policy;
            return this;
        }

        /** @throws IllegalArgumentException if {@code route} is not in the table or already has an endpoint */
        public Builder endpoint(Route route, Endpoint endpoint) {
            if (!routes.routes().contains(route)) {
                throw new IllegalArgumentException(route + " is not in the route table");
            }
            if (endpoints.putIfAbsent(route, endpoint) != null) {
                throw new IllegalArgumentException(route + " already has an endpoint");
            }
            return this;
        }

        /** @throws IllegalStateException naming the routes of the table that have no endpoint */
        public Router build() {
            List<Route> missing = routes.routes().stream().filter(route -> !endpoints.containsKey(route)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("routes without an endpoint: " + missing);
            }
            return new Router(routes, endpoints, filters(routes, cors, access, limiter, admission, metrics,
                    schemaWritten, Map.copyOf(endpoints)), watchdog);
        }
    }

    @Override
    public String toString() {
        return routes.routes().stream().map(Route::toString).collect(Collectors.joining(", ", "Router[", "]"));
    }
}
