package com.dataforge.infrastructure.http.route;

import com.dataforge.infrastructure.access.Permission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One method and path template, such as {@code GET /api/v1/records/{schema}/{key}}, with its policy and
 * documentation. A {@code {name}} segment matches any one non-empty segment, as sent; every other segment matches
 * only itself, as written (an encoded letter in a fixed part of the path matches nothing).
 */
public final class Route {

    private final String method;
    private final String template;
    private final String[] segments;
    private final List<String> parameters;
    private final RoutePolicy policy;
    private final RouteDoc doc;

    private Route(String method, String template, RoutePolicy policy, RouteDoc doc) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + template);
        }
        this.method = method.toUpperCase(Locale.ROOT);
        this.template = template;
        this.segments = template.split("/", -1);
        this.parameters = Arrays.stream(segments).filter(Route::isParameter)
                .map(segment -> segment.substring(1, segment.length() - 1)).toList();
        this.policy = policy;
        this.doc = doc;
        if (!parameters.contains("schema") && policy.permission().filter(p -> p != Permission.READ).isPresent()) {
            throw new IllegalArgumentException(this + ": a route that names no schema can only ask for a key (read),"
                    + " not for " + policy.permission().get());
        }
    }

    public static Route get(String template, RoutePolicy policy, RouteDoc doc) {
        return new Route("GET", template, policy, doc);
    }

    public static Route post(String template, RoutePolicy policy, RouteDoc doc) {
        return new Route("POST", template, policy, doc);
    }

    public static Route put(String template, RoutePolicy policy, RouteDoc doc) {
        return new Route("PUT", template, policy, doc);
    }

    public static Route patch(String template, RoutePolicy policy, RouteDoc doc) {
        return new Route("PATCH", template, policy, doc);
    }

    public static Route delete(String template, RoutePolicy policy, RouteDoc doc) {
        return new Route("DELETE", template, policy, doc);
    }

    public String method() {
        return method;
    }

    /** The path template, which also labels the route in metrics and audit lines (never the raw path). */
    public String template() {
        return template;
    }

    public RoutePolicy policy() {
        return policy;
    }

    public RouteDoc doc() {
        return doc;
    }

    /** The names of the template's {@code {name}} segments, in order. */
    public List<String> parameters() {
        return parameters;
    }

    /** The path parameters, as sent, if {@code rawSegments} (a raw path split on '/') fits the template. */
    Optional<Map<String, String>> match(String[] rawSegments) {
        if (rawSegments.length != segments.length) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (isParameter(segments[i])) {
                if (rawSegments[i].isEmpty()) {
                    return Optional.empty();
                }
                values.put(segments[i].substring(1, segments[i].length() - 1), rawSegments[i]);
            } else if (!segments[i].equals(rawSegments[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /** How many fixed segments the template has: where several routes fit a path, the one with most wins. */
    int literals() {
        return segments.length - parameters.size();
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
