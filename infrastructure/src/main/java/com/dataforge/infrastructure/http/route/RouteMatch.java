package com.dataforge.infrastructure.http.route;

import java.util.Map;

/** The route a request's method and path found, and its path parameters as sent (still percent-encoded). */
public record RouteMatch(Route route, Map<String, String> parameters) {

    public RouteMatch {
        parameters = Map.copyOf(parameters);
    }
}
