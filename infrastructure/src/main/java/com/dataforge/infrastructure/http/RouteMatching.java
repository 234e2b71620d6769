package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.SeeAlso;
import com.dataforge.infrastructure.http.route.RouteMatch;
import com.dataforge.infrastructure.http.route.RouteTable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the request's route by method and raw path (below the base path of a mounted server): 404 when no route fits
 * the path, 405 with Allow when only the method is wrong. Every later step reads its policy from the route found.
 */
final class RouteMatching implements RequestFilter {

    private final RouteTable routes;

    RouteMatching(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        String path = exchange.routePath();
        Optional<RouteMatch> match = routes.find(exchange.method(), path);
        if (match.isEmpty()) {
            List<String> allowed = routes.methodsAt(path);
            throw allowed.isEmpty() ? noEndpoint(exchange.rawPath())
                    : HttpProblem.methodNotAllowed(exchange.method(), exchange.rawPath(), String.join(", ", allowed));
        }
        exchange.matched(match.get());
        next.proceed(exchange);
    }

    static NotFoundException noEndpoint(String path) {
        return new NotFoundException("no endpoint at " + ClientText.quote(path), SeeAlso.schemas());
    }
}
