package com.dataforge.infrastructure.http;

/**
 * Quotes what a client sent in a problem's detail. A header or path segment can run to tens of kilobytes; echoing
 * all of it would make the answer as large as the attack, so long text is cut and its length said instead.
 */
final class ClientText {

    static final int MAX_QUOTED = 120;

    private ClientText() {
    }

    static String quote(String text) {
        if (text.length() <= MAX_QUOTED) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, MAX_QUOTED) + "…' (" + text.length() + " characters)";
    }
}
