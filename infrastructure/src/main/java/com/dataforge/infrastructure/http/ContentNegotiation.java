package com.dataforge.infrastructure.http;

import java.util.Locale;

/** Checks an Accept header against the one media type an endpoint produces. */
final class ContentNegotiation {

    private ContentNegotiation() {
    }

    /** @throws HttpProblem 406 if the Accept header excludes {@code produced} */
    static void require(String accept, String produced) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        String type = produced.substring(0, produced.indexOf('/'));
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mediaRange = parts[0].strip().toLowerCase(Locale.ROOT);
            if (excluded(parts)) {
                continue;
            }
            if (mediaRange.equals("*/*") || mediaRange.equals(type + "/*") || mediaRange.equals(produced)) {
                return;
            }
        }
        throw HttpProblem.of(406, "this endpoint produces " + produced + " but the Accept header asks for '"
                + accept + "'");
    }

    /** A range with q=0 means "not this one". */
    private static boolean excluded(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
