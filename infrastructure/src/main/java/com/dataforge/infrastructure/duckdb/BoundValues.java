package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.InvalidRequestException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds values typed as {@link com.dataforge.domain.schema.ColumnValues} makes them to statement parameters. DuckDB
 * JDBC 2.0.0.1 binds Boolean, Long, Double, BigDecimal, String, byte[], LocalTime, LocalDateTime, OffsetDateTime and
 * UUID with {@code setObject} (sub-microsecond digits dropped), but not every value faithfully: dates and timestamps
 * outside DuckDB's ranges are checked here, since DuckDB would store one past TIMESTAMP's end as "infinity".
 */
final class BoundValues {

    private static final long MIN_EPOCH_DAY = -2_147_483_646L;
    private static final long MAX_EPOCH_DAY = 2_147_483_646L;
    private static final long MIN_EPOCH_MICROS = -9_223_372_022_400_000_000L;
    /** One below Long.MAX_VALUE, which is DuckDB's "infinity". */
    private static final long MAX_EPOCH_MICROS = 9_223_372_036_854_775_806L;

    private BoundValues() {
    }

    /**
     * @param parameter what the client sent the value as (a field, "key"), named in a 400 if it is out of range
     */
    static void bind(PreparedStatement statement, int index, Object value, String parameter) throws SQLException {
        switch (value) {
            case LocalDate date -> {
                requireWithin(date.toEpochDay(), MIN_EPOCH_DAY, MAX_EPOCH_DAY, date, "DATE (5877642-06-25 BC to"
                        + " 5881580-07-10)", parameter);
                // A LocalDate is bound through the Julian-Gregorian calendar: a BC date loses its era and 1582-10-10
                // becomes 1582-10-20. DuckDB reads ISO text exactly, BC years as "-0005-01-01", and years past 9999
                // as long as they carry no "+".
                String text = date.toString();
                statement.setString(index, text.startsWith("+") ? text.substring(1) : text);
            }
            case LocalDateTime timestamp -> {
                requireWithin(epochMicros(timestamp.toInstant(ZoneOffset.UTC)), MIN_EPOCH_MICROS, MAX_EPOCH_MICROS,
                        timestamp, "TIMESTAMP (290309-12-22 BC to 294247-01-10 04:00:54.775806)", parameter);
                statement.setObject(index, timestamp);
            }
            case OffsetDateTime timestamp -> {
                requireWithin(epochMicros(timestamp.toInstant()), MIN_EPOCH_MICROS, MAX_EPOCH_MICROS, timestamp,
                        "TIMESTAMPTZ (290309-12-22 BC to 294247-01-10 04:00:54.775806 UTC)", parameter);
                statement.setObject(index, timestamp);
            }
            case null, default -> statement.setObject(index, value);
        }
    }

    private static long epochMicros(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static void requireWithin(long value, long min, long max, Object given, String range, String parameter) {
        if (value < min || value > max) {
            throw new InvalidRequestException(parameter, "'" + given + "' is outside the range of " + range);
        }
    }
}
