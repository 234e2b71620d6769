package com.dataforge.infrastructure.http.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every route a server answers, each declared once. The router matches requests against it and the OpenAPI
 * document describes it, so the two cannot disagree.
 */
public final class RouteTable {

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** @throws IllegalArgumentException if a method and template is declared twice */
    public static RouteTable of(Route... routes) {
        Set<String> declared = new HashSet<>();
        for (Route route : routes) {
            if (!declared.add(route.toString())) {
                throw new IllegalArgumentException(route + " is declared twice");
            }
        }
        return new RouteTable(List.of(routes));
    }

    /** In the order declared. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * The route for this method and raw path. Where several templates fit, the one with the most fixed segments
     * wins ({@code /records/{schema}/count} over {@code /records/{schema}/{key}}), whatever the order declared.
     */
    public Optional<RouteMatch> find(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        // HEAD is answered by the GET route, with the GET's headers and no body (RFC 9110 §9.3.2): clients such as
        // DuckDB's HTTP reader send it before they read.
        String routeMethod = method.equals("HEAD") ? "GET" : method;
        RouteMatch best = null;
        for (Route route : routes) {
            if (!route.method().equals(routeMethod)) {
                continue;
            }
            Optional<RouteMatch> match = route.match(segments).map(parameters -> new RouteMatch(route, parameters));
            if (match.isPresent() && (best == null || route.literals() > best.route().literals())) {
                best = match.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The methods some route takes at this raw path, in the order declared, HEAD after GET; empty if no route fits
     * it.
     */
    public List<String> methodsAt(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        List<String> methods = new ArrayList<>();
        for (Route route : routes) {
            if (route.match(segments).isPresent() && !methods.contains(route.method())) {
                methods.add(route.method());
                if (route.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        return methods;
    }
}
