package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string's {@code name=value} pairs, split on {@code &} and on each pair's first {@code =}, then each part
 * percent-decoded ({@code +} is a space). Requests are written this way, and so are a key's row filters, so that a
 * filter tried in a URL can be copied into a key file as it is.
 */
public final class QueryString {

    private QueryString() {
    }

    /**
     * @return each name with its values in the order given; a name given more than once has several
     * @throws InvalidRequestException naming the parameter whose name or value is malformed percent-encoding
     */
    public static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "name");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(parameter, "malformed percent-encoding in '" + text + "'");
        }
    }
}
