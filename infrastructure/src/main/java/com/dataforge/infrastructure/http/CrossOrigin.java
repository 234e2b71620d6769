package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.route.RouteTable;
import java.io.IOException;
import java.util.List;

/**
 * CORS: answers a browser's preflight (OPTIONS with Origin and Access-Control-Request-Method) with the methods the
 * path takes, and marks every other response, problems included, as readable by an allowed origin. It runs before
 * routing, since a preflight's OPTIONS is no route of its own.
 */
final class CrossOrigin implements RequestFilter {

    private final CorsPolicy cors;
    private final RouteTable routes;

    CrossOrigin(CorsPolicy cors, RouteTable routes) {
        this.cors = cors;
        this.routes = routes;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        String origin = exchange.header("Origin");
        if (origin == null) {
            next.proceed(exchange);
        } else if (exchange.method().equals("OPTIONS") && exchange.header("Access-Control-Request-Method") != null) {
            preflight(exchange, origin);
        } else {
            if (cors.allows(origin)) {
                cors.allowReading(exchange.responseHeaders(), origin);
            }
            next.proceed(exchange);
        }
    }

    private void preflight(ApiExchange exchange, String origin) throws IOException {
        if (!cors.allows(origin)) {
            throw HttpProblem.of(403, "origin " + ClientText.quote(origin) + " may not call this server from a"
                    + " browser" + (cors.enabled() ? "; allowed origins: " + cors : "; cross-origin access is off")
                    + " (see --cors-origins)");
        }
        List<String> methods = routes.methodsAt(exchange.routePath());
        if (methods.isEmpty()) {
            throw RouteMatching.noEndpoint(exchange.rawPath());
        }
        cors.allowRequest(exchange.responseHeaders(), origin, String.join(", ", methods));
        exchange.sendEmpty(204);
    }
}
