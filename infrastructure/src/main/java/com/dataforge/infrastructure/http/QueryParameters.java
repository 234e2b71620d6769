package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A request's query string, decoded. Each parameter may appear once: a repeated one is ambiguous, so a 400. */
public final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParameters parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "name");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            if (values.putIfAbsent(name, value) != null) {
                throw new InvalidRequestException(name, "parameter '" + name + "' is given more than once");
            }
        }
        return new QueryParameters(values);
    }

    /** Rejects parameters this endpoint does not know, so a typo is not silently ignored. */
    public QueryParameters allowOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException(name, "unknown parameter '" + name + "'; this endpoint accepts "
                        + new TreeSet<>(known));
            }
        }
        return this;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public int intValue(String name, int defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be a whole number, got '" + text + "'");
        }
    }

    /** A comma-separated list; empty if absent. An empty item (as in "a,,b") is a 400. */
    public List<String> list(String name) {
        String text = values.get(name);
        if (text == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : Arrays.asList(text.split(",", -1))) {
            String stripped = item.strip();
            if (stripped.isEmpty()) {
                throw new InvalidRequestException(name, name + " has an empty item in '" + text + "'");
            }
            items.add(stripped);
        }
        return items;
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(parameter, "malformed percent-encoding in '" + text + "'");
        }
    }
}
