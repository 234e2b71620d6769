package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.infrastructure.access.ApiKey;
import com.dataforge.infrastructure.lanes.Admission;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.LaneFullException;
import com.dataforge.infrastructure.lanes.Place;
import com.dataforge.infrastructure.metrics.Metrics;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.domain.failure.TooLargeException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dispatches every request to its endpoint by method and path, answers CORS preflights and marks responses that an
 * allowed web origin may read, turns failures into RFC 9457 problem responses, and writes one log line per request.
 */
public final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("dataforge.request");
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final List<Route> routes;
    private final CorsPolicy cors;
    private final AccessControl access;
    private final RateLimiter limiter;
    private final Admission admission;
    private final StallWatchdog watchdog;
    private final RequestMetrics metrics;
    private final InFlightRequests inFlight = new InFlightRequests();

    private Router(List<Route> routes, CorsPolicy cors, AccessControl access, RateLimiter limiter,
            Admission admission, StallWatchdog watchdog, RequestMetrics metrics) {
        this.metrics = metrics;
        this.routes = List.copyOf(routes);
        this.cors = cors;
        this.access = access;
        this.limiter = limiter;
        this.admission = admission;
        this.watchdog = watchdog;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        inFlight.enter();
        try {
            route(http);
        } finally {
            inFlight.exit();
        }
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    private void route(HttpExchange http) throws IOException {
        long started = System.nanoTime();
        String requestId = requestId(http.getRequestHeaders().getFirst("X-Request-Id"));
        MDC.put("request_id", requestId);
        String path = http.getRequestURI().getRawPath();
        StallGuard guard = watchdog.guard();
        ApiExchange exchange = new ApiExchange(http, Map.of(), requestId, guard);
        boolean answered = true;
        String origin = http.getRequestHeaders().getFirst("Origin");
        Match match = null;
        try {
            if (origin != null && http.getRequestMethod().equals("OPTIONS")
                    && http.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
                preflight(http, exchange, path, origin);
            } else {
                if (origin != null && cors.allows(origin)) {
                    cors.allowReading(http.getResponseHeaders(), origin);
                }
                match = match(http.getRequestMethod(), path);
                ApiKey caller = access.identify(path, http.getRequestHeaders(), http.getResponseHeaders());
                MDC.put("key", caller == null ? AccessControl.ANONYMOUS : caller.name());
                access.authorize(caller, http.getRequestMethod(), match.parameters());
                exchange = new ApiExchange(http, match.parameters(), requestId, guard);
                if (path.startsWith("/api/")) {
                    String callerId = caller == null ? http.getRemoteAddress().getAddress().getHostAddress()
                            : caller.name();
                    limitRate(callerId, http);
                    try (Place place = admission.enter(lane(http.getRequestMethod(), match.template()), callerId)) {
                        match.endpoint().handle(exchange);
                    }
                } else {
                    match.endpoint().handle(exchange);
                }
            }
        } catch (Exception | StackOverflowError failure) {
            answered = answerFailure(exchange, path, failure);
        } finally {
            logRequest(http, exchange, started);
            metrics.record(match == null ? RequestMetrics.UNMATCHED : match.template(), http.getRequestMethod(),
                    exchange.responded() ? exchange.status() : 0, System.nanoTime() - started, exchange.rows(),
                    exchange.bytes(), exchange.bytesIn());
            if (match != null && match.parameters().containsKey("schema")) {
                AuditLog.record(http, exchange, http.getRequestMethod() + " " + match.template(),
                        match.parameters().get("schema"),
                        Objects.requireNonNullElse(MDC.get("key"), "-"));
            }
            MDC.remove("request_id");
            MDC.remove("key");
            if (answered) {
                exchange.close();
            }
        }
        if (!answered) {
            // Throwing makes the server drop the connection without the final chunk, so the client sees the
            // transfer fail; closing the exchange would end a truncated body as if it were complete.
            throw new IOException("response aborted mid-stream");
        }
    }

    /**
     * Streams: the bulk read and insert, and the record listing (a streamed read in any format). Everything else under
     * /api/ is short. The route table is to declare this per route; until then it is decided here, by template.
     */
    private static Lane lane(String method, String template) {
        boolean stream = template.startsWith("/api/v1/arrow/")
                || method.equals("GET") && template.equals("/api/v1/records/{schema}");
        return stream ? Lane.STREAM : Lane.SHORT;
    }

    private void limitRate(String caller, HttpExchange http) {
        Duration wait = limiter.take(caller);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            http.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            metrics.rateLimited();
            throw HttpProblem.of(429, "'" + caller + "' sent more requests than the limit of " + limiter
                    + "; retry in " + seconds + " s");
        }
    }

    /** A browser asks whether a script of {@code origin} may send a request to {@code path}. */
    private void preflight(HttpExchange http, ApiExchange exchange, String path, String origin) throws IOException {
        if (!cors.allows(origin)) {
            throw HttpProblem.of(403, "origin '" + origin + "' may not call this server from a browser"
                    + (cors.enabled() ? "; allowed origins: " + cors : "; cross-origin access is off")
                    + " (see --cors-origins)");
        }
        String[] segments = path.split("/", -1);
        String methods = routes.stream().filter(route -> route.match(segments).isPresent()).map(Route::method)
                .distinct().collect(Collectors.joining(", "));
        if (methods.isEmpty()) {
            throw new NotFoundException("no endpoint at " + path + "; GET /api/v1/schemas lists the schemas served");
        }
        cors.allowRequest(http.getResponseHeaders(), origin, methods);
        exchange.sendEmpty(204);
    }

    /** The route for this method and path; where several match, the one with the most literal segments wins. */
    private Match match(String method, String path) {
        String[] segments = path.split("/", -1);
        List<String> allowed = new ArrayList<>();
        Match best = null;
        long bestLiterals = -1;
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.match(segments);
            if (parameters.isEmpty()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
            } else if (route.literals() > bestLiterals) {
                best = new Match(route.endpoint(), parameters.get(), String.join("/", route.pattern()));
                bestLiterals = route.literals();
            }
        }
        if (best != null) {
            return best;
        }
        if (!allowed.isEmpty()) {
            throw HttpProblem.methodNotAllowed(method, path, String.join(", ", allowed));
        }
        throw new NotFoundException("no endpoint at " + path + "; GET /api/v1/schemas lists the schemas served");
    }

    /** @return false if the response had already started, so the connection must be aborted instead */
    private boolean answerFailure(ApiExchange exchange, String path, Throwable failure) {
        if (exchange.responded()) {
            LOG.warn("response aborted after {} bytes: {}", exchange.bytes(), describe(failure));
            return false;
        }
        String parameter = null;
        String lane = null;
        int status;
        String detail = failure.getMessage();
        switch (failure) {
            case InvalidRequestException invalid -> {
                status = 400;
                parameter = invalid.parameter();
            }
            case NotFoundException notFound -> status = 404;
            case ConflictException conflict -> status = 409;
            case TooLargeException tooLarge -> {
                status = 413;
                parameter = tooLarge.limit();
            }
            case LaneFullException full -> {
                status = 503;
                lane = full.lane().label();
                exchange.setHeader("Retry-After", Long.toString(Math.max(1, full.retryAfter().toSeconds())));
            }
            case ServiceUnavailableException unavailable -> {
                status = 503;
                exchange.setHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
            }
            case HttpProblem problem -> {
                status = problem.status();
                if (problem.allow() != null) {
                    exchange.setHeader("Allow", problem.allow());
                }
            }
            default -> {
                status = 500;
                detail = "internal error; quote request id " + exchange.requestId() + " when reporting it";
                LOG.error("request failed with an unexpected error", failure);
            }
        }
        try {
            ObjectNode problem = ProblemDetails.of(status, detail, path, exchange.requestId(), parameter);
            if (lane != null) {
                problem.put("lane", lane);
            }
            exchange.send(status, ProblemDetails.MEDIA_TYPE, ApiExchange.JSON.writeValueAsBytes(problem));
        } catch (IOException e) {
            LOG.debug("client left before the problem response was sent: {}", e.getMessage());
        }
        return true;
    }

    private static String describe(Throwable failure) {
        return failure instanceof IOException ? "client connection failed (" + failure.getMessage() + ")"
                : failure.toString();
    }

    private static void logRequest(HttpExchange http, ApiExchange exchange, long started) {
        String query = http.getRequestURI().getRawQuery();
        REQUESTS.info("method={} path={} status={} bytes={} rows={} ms={} client={} key={}",
                http.getRequestMethod(),
                http.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                exchange.responded() ? exchange.status() : 0, exchange.bytes(), exchange.rows(),
                (System.nanoTime() - started) / 1_000_000, http.getRemoteAddress().getAddress().getHostAddress(),
                Objects.requireNonNullElse(MDC.get("key"), "-"));
    }

    private static String requestId(String fromClient) {
        return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient
                : UUID.randomUUID().toString();
    }

    /** @param parameters path parameters as sent, still percent-encoded */
    private record Match(Endpoint endpoint, Map<String, String> parameters, String template) {
    }

    private record Route(String method, String[] pattern, Endpoint endpoint) {

        Optional<Map<String, String>> match(String[] segments) {
            if (segments.length != pattern.length) {
                return Optional.empty();
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                if (pattern[i].startsWith("{")) {
                    if (segments[i].isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(pattern[i].substring(1, pattern[i].length() - 1), segments[i]);
                } else if (!pattern[i].equals(segments[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }

        long literals() {
            return Arrays.stream(pattern).filter(segment -> !segment.startsWith("{")).count();
        }
    }

    /** Collects routes; a path template's {name} segments become path parameters. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private CorsPolicy cors = CorsPolicy.NONE;
        private AccessControl access = AccessControl.OPEN;
        private RateLimiter limiter = RateLimiter.OFF;
        private Admission admission = Admission.UNBOUNDED;
        private StallWatchdog watchdog = StallWatchdog.OFF;
        private RequestMetrics metrics = new RequestMetrics(new Metrics());

        /** Where each request's route, status, time, rows and bytes are counted; a registry nobody reads unless set. */
        public Builder metrics(RequestMetrics requestMetrics) {
            this.metrics = requestMetrics;
            return this;
        }

        /** Requests per caller under /api/; unlimited unless set. */
        public Builder rateLimit(RateLimiter rateLimiter) {
            this.limiter = rateLimiter;
            return this;
        }

        /** Lets each request under /api/ into its lane; unbounded unless set. */
        public Builder admission(Admission lanes) {
            this.admission = lanes;
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

        public Builder get(String template, Endpoint endpoint) {
            return add("GET", template, endpoint);
        }

        public Builder post(String template, Endpoint endpoint) {
            return add("POST", template, endpoint);
        }

        public Builder put(String template, Endpoint endpoint) {
            return add("PUT", template, endpoint);
        }

        public Builder patch(String template, Endpoint endpoint) {
            return add("PATCH", template, endpoint);
        }

        public Builder delete(String template, Endpoint endpoint) {
            return add("DELETE", template, endpoint);
        }

        public Builder add(String method, String template, Endpoint endpoint) {
            routes.add(new Route(method, template.split("/", -1), endpoint));
            return this;
        }

        public Router build() {
            return new Router(routes, cors, access, limiter, admission, watchdog, metrics);
        }
    }

    @Override
    public String toString() {
        return routes.stream().map(r -> r.method() + " " + String.join("/", r.pattern()))
                .collect(Collectors.joining(", ", "Router[", "]"));
    }
}
