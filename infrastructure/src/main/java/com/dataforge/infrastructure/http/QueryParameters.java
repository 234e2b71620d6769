package com.dataforge.infrastructure.http;

import com.dataforge.application.read.QueryString;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.domain.failure.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A request's query string, decoded. A parameter an endpoint reads as one value may appear once: repeated, it is
 * ambiguous, so a 400. Only column filters may repeat ({@code x=gte.1&x=lt.5}), since every one of them must hold.
 */
final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParameters parse(String rawQuery) {
        return new QueryParameters(QueryString.parameters(rawQuery));
    }

    /** Rejects parameters this endpoint does not know, so a typo is not silently ignored, and repeats of those it does. */
    public QueryParameters allowOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException(name, "unknown parameter '" + name + "'; this endpoint accepts "
                        + new TreeSet<>(known));
            }
            single(name);
        }
        return this;
    }

    /**
     * The row-selection parameters: {@code limit}, {@code offset}, {@code order}, and as column filters every
     * parameter that is neither one of those nor one of {@code endpointParameters}. A name that is not a column is
     * reported when the selection is resolved against its schema.
     */
    public SelectionParameters selection(Set<String> endpointParameters) {
        Set<String> reserved = new HashSet<>(endpointParameters);
        reserved.addAll(SelectionParameters.NAMES);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        values.forEach((name, texts) -> {
            if (reserved.contains(name)) {
                single(name);
            } else {
                filters.put(name, texts);
            }
        });
        return new SelectionParameters(filters, get("order"), get("limit"), get("offset"));
    }

    /**
     * The query as one text that two requests share exactly when they ask for the same thing: parameters in name
     * order, each value percent-encoded, so that no value can pass for a separator; those in {@code ignored} left out.
     */
    String canonical(Set<String> ignored) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values).forEach((name, texts) -> {
            if (!ignored.contains(name)) {
                texts.forEach(value -> text.append(encode(name)).append('=').append(encode(value)).append('&'));
            }
        });
        return text.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public Optional<String> get(String name) {
        return values.containsKey(name) ? Optional.of(single(name)) : Optional.empty();
    }

    public int intValue(String name, int defaultValue) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.get().strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be a whole number, got '" + text.get() + "'");
        }
    }

    /** A comma-separated list; empty if absent. An empty item (as in "a,,b") is a 400. */
    public List<String> list(String name) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : Arrays.asList(text.get().split(",", -1))) {
            String stripped = item.strip();
            if (stripped.isEmpty()) {
                throw new InvalidRequestException(name, name + " has an empty item in '" + text.get() + "'");
            }
            items.add(stripped);
        }
        return items;
    }

    private String single(String name) {
        List<String> texts = values.get(name);
        if (texts.size() > 1) {
            throw new InvalidRequestException(name, "parameter '" + name + "' is given more than once");
        }
        return texts.getFirst();
    }
}
