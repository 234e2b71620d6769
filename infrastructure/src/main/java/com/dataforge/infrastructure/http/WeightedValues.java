package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A header listing values with optional quality weights, as Accept and Accept-Encoding do (RFC 9110 §12.4.2):
 * {@code text/csv;q=0.5, application/json}. Empty list elements ({@code ,,}) are skipped, as RFC 9110 §5.6.1 asks of
 * a recipient; parameters other than {@code q} are dropped. An element with parameters but no value ({@code ;q=1})
 * or a malformed weight is a 400 naming the header.
 */
record WeightedValues(List<Weighted> values) {

    /** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    /** One listed value, lower-cased, with its weight (1 unless given). */
    record Weighted(String value, double quality) {
    }

    static WeightedValues parse(String header, String headerName) {
        List<Weighted> values = new ArrayList<>();
        for (String element : header.split(",", -1)) {
            // A limit of -1 keeps empty parts, so ";" is two empty parts rather than none at all.
            String[] parts = element.split(";", -1);
            String value = parts[0].strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                if (parts.length > 1) {
                    throw new InvalidRequestException(headerName, headerName + " has parameters with no value before"
                            + " them in " + ClientText.quote(element.strip()) + "; each listed value comes before its"
                            + " parameters, as in 'text/csv;q=0.5' or 'gzip;q=0.5'");
                }
                continue;
            }
            values.add(new Weighted(value, quality(parts, header, headerName)));
        }
        return new WeightedValues(values);
    }

    private static double quality(String[] parts, String header, String headerName) {
        double quality = 1;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                String weight = parameter.substring(2).strip();
                if (!QVALUE.matcher(weight).matches()) {
                    throw new InvalidRequestException(headerName, headerName + " has a malformed weight "
                            + ClientText.quote(parameter) + " in " + ClientText.quote(header) + "; a weight is q=0"
                            + " to q=1, three decimals at most");
                }
                quality = Double.parseDouble(weight);
            }
        }
        return quality;
    }
}
