package com.dataforge.infrastructure.text;

import java.time.LocalDate;

/**
 * ISO-8601 text of DuckDB's microsecond dates and times, written by hand: {@code LocalTime.toString} drops zero
 * seconds ({@code 13:45}) and varies the fraction's length, and a formatter per value would cost more than the rest
 * of a row.
 */
final class TemporalText {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private TemporalText() {
    }

    /** {@code 2024-01-31}; years past 9999 get a sign, as ISO-8601 and {@code LocalDate.parse} want. */
    static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    /** {@code 13:45:00} or {@code 13:45:00.123456}. */
    static String time(long microsOfDay) {
        StringBuilder text = new StringBuilder(15);
        appendTime(text, microsOfDay);
        return text.toString();
    }

    /** {@code 2024-01-31T13:45:00[.123456]} for microseconds since the epoch, without a zone. */
    static String dateTime(long epochMicros) {
        return appendDateTime(new StringBuilder(26), epochMicros).toString();
    }

    /** {@code 2024-01-31T13:45:00[.123456]Z} for microseconds since the epoch in UTC. */
    static String instant(long epochMicros) {
        return appendDateTime(new StringBuilder(27), epochMicros).append('Z').toString();
    }

    private static StringBuilder appendDateTime(StringBuilder text, long epochMicros) {
        text.append(date(Math.floorDiv(epochMicros, MICROS_PER_DAY))).append('T');
        appendTime(text, Math.floorMod(epochMicros, MICROS_PER_DAY));
        return text;
    }

    private static void appendTime(StringBuilder text, long microsOfDay) {
        long seconds = microsOfDay / MICROS_PER_SECOND;
        int fraction = (int) (microsOfDay % MICROS_PER_SECOND);
        twoDigits(text, seconds / 3600).append(':');
        twoDigits(text, seconds / 60 % 60).append(':');
        twoDigits(text, seconds % 60);
        if (fraction != 0) {
            // 1_000_000 + fraction has seven digits; the last six are the fraction with its leading zeros.
            text.append('.').append(Integer.toString(1_000_000 + fraction), 1, 7);
        }
    }

    private static StringBuilder twoDigits(StringBuilder text, long value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
