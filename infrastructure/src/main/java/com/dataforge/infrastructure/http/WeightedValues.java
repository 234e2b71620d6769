package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A header listing values with optional quality weights and parameters, as Accept and Accept-Encoding do (RFC 9110
 * §12.4.2, §5.6.6): {@code text/csv;q=0.5, application/vnd.apache.arrow.stream; codecs="zstd, lz4"}. A parameter
 * value may be a quoted string, whose commas and semicolons belong to it. Empty list elements ({@code ,,}) are
 * skipped, as RFC 9110 §5.6.1 asks of a recipient. An element with parameters but no value ({@code ;q=1}), a malformed
 * weight or an unterminated quoted string is a 400 naming the header.
 */
record WeightedValues(List<Weighted> values) {

    /** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    /**
     * One listed value, lower-cased, with its weight (1 unless given) and its other parameters (names lower-cased,
     * values unquoted; a parameter without {@code =} has the empty value).
     */
    record Weighted(String value, double quality, Map<String, String> parameters) {

        Weighted {
            parameters = Map.copyOf(parameters);
        }

        Weighted(String value, double quality) {
            this(value, quality, Map.of());
        }
    }

    static WeightedValues parse(String header, String headerName) {
        List<Weighted> values = new ArrayList<>();
        for (String element : split(header, ',', header, headerName)) {
            // Empty parts are kept, so ";" is two empty parts rather than none at all.
            List<String> parts = split(element, ';', header, headerName);
            String value = parts.getFirst().strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                if (parts.size() > 1) {
                    throw new InvalidRequestException(headerName, headerName + " has parameters with no value before"
                            + " them in " + ClientText.quote(element.strip()) + "; each listed value comes before its"
                            + " parameters, as in 'text/csv;q=0.5' or 'gzip;q=0.5'");
                }
                continue;
            }
            double quality = 1;
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                String parameter = part.strip();
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip()
                        .toLowerCase(Locale.ROOT);
                String text = equals < 0 ? "" : parameter.substring(equals + 1).strip();
                if (name.equals("q")) {
                    quality = quality(parameter, text, header, headerName);
                } else if (!name.isEmpty()) {
                    parameters.put(name, unquote(text));
                }
            }
            values.add(new Weighted(value, quality, parameters));
        }
        return new WeightedValues(values);
    }

    /** Splits on {@code separator} outside quoted strings, keeping empty parts. */
    private static List<String> split(String text, char separator, String header, String headerName) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        if (quoted) {
            throw new InvalidRequestException(headerName, headerName + " has a quoted string with no closing quote"
                    + " in " + ClientText.quote(header));
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        return text.substring(1, text.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private static double quality(String parameter, String weight, String header, String headerName) {
        if (!QVALUE.matcher(weight).matches()) {
            throw new InvalidRequestException(headerName, headerName + " has a malformed weight "
                    + ClientText.quote(parameter) + " in " + ClientText.quote(header) + "; a weight is q=0"
                    + " to q=1, three decimals at most");
        }
        return Double.parseDouble(weight);
    }
}
