package com.dataforge.infrastructure.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a representation of {@code size} bytes (RFC 9110 §14): one byte range, served
 * as a 206; a range that starts past the end, answered 416; or the whole representation, for an absent header and for
 * what this server chooses to ignore, as RFC 9110 §14.2 allows: several ranges (no client that reads Parquet by URL
 * asks for them, and a multipart body would be theirs to split), another unit, or a header that does not parse.
 */
sealed interface RangeRequest {

    /** {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}, with optional whitespace. */
    Pattern ONE_RANGE = Pattern.compile("(?i)\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** Send the whole representation with 200. */
    record Whole() implements RangeRequest {
    }

    /** Send bytes {@code first} to {@code last}, both included, with 206 and Content-Range. */
    record Part(long first, long last, long size) implements RangeRequest {

        long length() {
            return last - first + 1;
        }

        String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** No byte of the range exists: 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable(long size) implements RangeRequest {

        String contentRange() {
            return "bytes */" + size;
        }
    }

    /** @param header the Range header, or null */
    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        Matcher range = ONE_RANGE.matcher(header);
        if (!range.matches() || range.group(1).isEmpty() && range.group(2).isEmpty()) {
            return new Whole();
        }
        if (range.group(1).isEmpty()) {
            long suffix = number(range.group(2));
            return suffix == 0 || size == 0 ? new Unsatisfiable(size)
                    : new Part(Math.max(0, size - suffix), size - 1, size);
        }
        long first = number(range.group(1));
        long last = range.group(2).isEmpty() ? Long.MAX_VALUE : number(range.group(2));
        if (last < first) {
            // Invalid, not unsatisfiable (RFC 9110 §14.1.1): ignored like any other range that does not parse.
            return new Whole();
        }
        return first >= size ? new Unsatisfiable(size) : new Part(first, Math.min(last, size - 1), size);
    }

    /** Digits as a number, saturated: a position past any file is as good as Long.MAX_VALUE. */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
