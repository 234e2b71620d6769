package com.dataforge.infrastructure.text;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * How a value of each type reads as text, for every text format and whichever way the value arrives: a cell of one
 * of DuckDB's Arrow vectors ({@link CellRenderer}) or a Java value read from JDBC ({@link ValueRenderer}). This is the
 * one place that decides it (see the package documentation); booleans, integers and strings go to the sink as they
 * are.
 */
final class TextValues {

    private TextValues() {
    }

    /** Float.toString is the shortest text that reads back as the same float; as a double it would grow digits. */
    static void float4(float number, ValueSink sink) throws IOException {
        floating(Float.isFinite(number), Float.toString(number), sink);
    }

    static void float8(double number, ValueSink sink) throws IOException {
        floating(Double.isFinite(number), Double.toString(number), sink);
    }

    /** The stored digits and scale, never scientific notation: {@code 1.50}, not {@code 1.5} or {@code 1.5E0}. */
    static void decimal(BigDecimal number, ValueSink sink) throws IOException {
        sink.number(number.toPlainString());
    }

    static void blob(byte[] bytes, ValueSink sink) throws IOException {
        sink.string(Base64.getEncoder().encodeToString(bytes));
    }

    static void date(long epochDay, ValueSink sink) throws IOException {
        sink.string(TemporalText.date(epochDay));
    }

    static void time(long microsOfDay, ValueSink sink) throws IOException {
        sink.string(TemporalText.time(microsOfDay));
    }

    static void timestamp(long epochMicros, ValueSink sink) throws IOException {
        sink.string(TemporalText.dateTime(epochMicros));
    }

    /** The instant in UTC, whatever zone DuckDB labels it with. */
    static void timestamptz(long epochMicros, ValueSink sink) throws IOException {
        sink.string(TemporalText.instant(epochMicros));
    }

    /** NaN and the infinities have no JSON number: they go as the strings Java (and ColumnValues) spell them. */
    private static void floating(boolean finite, String text, ValueSink sink) throws IOException {
        if (finite) {
            sink.number(text);
        } else {
            sink.string(text);
        }
    }
}
