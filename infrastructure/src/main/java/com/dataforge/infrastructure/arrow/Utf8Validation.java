package com.dataforge.infrastructure.arrow;

import org.apache.arrow.memory.ArrowBuf;

/**
 * Well-formed UTF-8 as RFC 3629 and Unicode define it (no overlong forms, no surrogates, nothing past U+10FFFF, no
 * sequence cut short), checked in place in Arrow memory. Runs of ASCII, the common case, go eight bytes at a time.
 *
 * <p>Arrow 19's own check ({@code Text.validateUTF8}, behind {@code ValueVectorUtility.validateFull}) accepts a value
 * ending in an incomplete sequence, such as a lone lead byte 0xC3, which DuckDB then refuses in the middle of an
 * insert; it also copies every value to the heap first.
 */
final class Utf8Validation {

    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Validation() {
    }

    /** @return the position of the first byte in {@code [start, end)} that starts no well-formed sequence; -1 if none */
    static long firstInvalid(ArrowBuf buffer, long start, long end) {
        long i = start;
        while (i < end) {
            while (end - i >= 8 && (buffer.getLong(i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i == end) {
                break;
            }
            int lead = buffer.getByte(i) & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length = sequenceLength(lead);
            if (length == 0 || end - i < length) {
                return i;
            }
            int second = buffer.getByte(i + 1) & 0xFF;
            if (second < minSecond(lead) || second > maxSecond(lead)) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if (!isContinuation(buffer.getByte(i + k))) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** 0 for a byte that cannot start a sequence: a continuation byte, C0 and C1 (overlong), F5 to FF. */
    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /** The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4). */
    private static int minSecond(int lead) {
        return switch (lead) {
            case 0xE0 -> 0xA0;
            case 0xF0 -> 0x90;
            default -> 0x80;
        };
    }

    private static int maxSecond(int lead) {
        return switch (lead) {
            case 0xED -> 0x9F;
            case 0xF4 -> 0x8F;
            default -> 0xBF;
        };
    }
}
