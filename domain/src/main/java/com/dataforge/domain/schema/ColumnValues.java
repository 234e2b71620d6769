package com.dataforge.domain.schema;

import com.dataforge.domain.failure.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns text from a request (a filter value, a key in a URL) into the Java value of a column's type, so that values
 * reach the database as typed, bound parameters. The Java type per column type:
 * BOOLEAN → Boolean; TINYINT, SMALLINT, INTEGER, BIGINT → Long (range-checked); FLOAT, DOUBLE → Double (NaN,
 * Infinity and -Infinity allowed); DECIMAL → BigDecimal (at the column's scale; more digits than the column holds
 * are refused); VARCHAR → String; BLOB → byte[] (text is base64);
 * DATE → LocalDate; TIME → LocalTime; TIMESTAMP → LocalDateTime; TIMESTAMPTZ → OffsetDateTime (ISO-8601 with an
 * offset or Z); UUID → UUID.
 */
public final class ColumnValues {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final long MIN_EPOCH_DAY = -2_147_483_646L;
    private static final long MAX_EPOCH_DAY = 2_147_483_646L;
    private static final long MIN_EPOCH_MICROS = -9_223_372_022_400_000_000L;
    /** One below Long.MAX_VALUE, which is DuckDB's "infinity". */
    private static final long MAX_EPOCH_MICROS = 9_223_372_036_854_775_806L;

    private ColumnValues() {
    }

    /**
     * @param parameter what the client should fix when the text is wrong (a query parameter, "key", a field name)
     * @throws InvalidRequestException naming {@code parameter}, the column and the text when it is not a value of
     *     the column's type
     */
    public static Object parse(Column column, String text, String parameter) {
        try {
            return convert(column.type(), text);
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new InvalidRequestException(parameter, "'" + text + "' is not a " + column.type() + " value for"
                    + " column '" + column.name() + "'" + hint(column.type()));
        }
    }

    /**
     * Dates and timestamps reach further in ISO-8601 than the database stores them; it would keep one past
     * TIMESTAMP's end as "infinity". Other values are in range once parsed.
     *
     * @param value a value as {@link #parse} makes it
     * @param parameter what the client sent the value as, named in the refusal
     * @throws InvalidRequestException if {@code value} is a date or timestamp outside its type's range
     */
    public static void requireStorable(Object value, String parameter) {
        switch (value) {
            case LocalDate date -> requireWithin(date.toEpochDay(), MIN_EPOCH_DAY, MAX_EPOCH_DAY, date,
                    "DATE (5877642-06-25 BC to 5881580-07-10)", parameter);
            case LocalDateTime timestamp -> requireWithin(epochMicros(timestamp.toInstant(ZoneOffset.UTC)),
                    MIN_EPOCH_MICROS, MAX_EPOCH_MICROS, timestamp,
                    "TIMESTAMP (290309-12-22 BC to 294247-01-10 04:00:54.775806)", parameter);
            case OffsetDateTime timestamp -> requireWithin(epochMicros(timestamp.toInstant()), MIN_EPOCH_MICROS,
                    MAX_EPOCH_MICROS, timestamp, "TIMESTAMPTZ (290309-12-22 BC to 294247-01-10 04:00:54.775806 UTC)",
                    parameter);
            case null, default -> {
            }
        }
    }

    /** Microseconds since 1970-01-01T00:00Z, sub-microsecond digits dropped; saturated at Long's range. */
    public static long epochMicros(Instant instant) {
        long seconds = instant.getEpochSecond();
        long micros = instant.getNano() / 1_000;
        if (seconds < 0 && micros > 0) {
            // Counted from the next second down, as Instant.toEpochMilli does: seconds * 10^6 alone would pass Long's
            // range for an instant that is inside it, such as DuckDB's -infinity.
            seconds++;
            micros -= 1_000_000;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
        } catch (ArithmeticException e) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static void requireWithin(long value, long min, long max, Object given, String range, String parameter) {
        if (value < min || value > max) {
            throw new InvalidRequestException(parameter, "'" + given + "' is outside the range of " + range);
        }
    }

    private static Object convert(ColumnType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(text);
            };
            case TINYINT -> ranged(text, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT -> ranged(text, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> ranged(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> Long.parseLong(text);
            case FLOAT, DOUBLE -> floating(text);
            case DECIMAL -> decimal(type, text);
            case VARCHAR -> text;
            case BLOB -> Base64.getDecoder().decode(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> timestamp(text);
            case TIMESTAMPTZ -> OffsetDateTime.parse(text.replace(' ', 'T'));
            case UUID -> {
                if (!UUID_TEXT.matcher(text).matches()) {
                    throw new IllegalArgumentException(text);
                }
                yield UUID.fromString(text);
            }
        };
    }

    /** A date alone means its midnight, so that {@code production_period=gte.2024-01-01} reads as written. */
    private static LocalDateTime timestamp(String text) {
        return text.indexOf('T') < 0 && text.indexOf(' ') < 0 ? LocalDate.parse(text).atStartOfDay()
                : LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static Long ranged(String text, long min, long max) {
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    /**
     * A value of the column's DECIMAL(p,s), at scale s. DuckDB takes a bound decimal wider than the column as a
     * wider type and then fails to cast it (or, past 38 digits, compares it wrongly), so a value must fit.
     */
    private static BigDecimal decimal(ColumnType type, String text) {
        BigDecimal value = new BigDecimal(text);
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(type.scale());
        }
        // Stripped first, so that 1.500 fits DECIMAL(4,1); its digits bounded before setScale, which could
        // otherwise be asked to build a number of a billion digits (1e999999999).
        value = value.stripTrailingZeros();
        if (value.scale() > type.scale() || value.precision() - value.scale() > type.precision() - type.scale()) {
            throw new IllegalArgumentException(text);
        }
        return value.setScale(type.scale());
    }

    private static Double floating(String text) {
        // Double.parseDouble also takes hex floats, "1d" and surrounding blanks; only plain decimal text is a value.
        if (!text.matches("-?(Infinity|NaN|(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?)")) {
            throw new IllegalArgumentException(text);
        }
        return Double.parseDouble(text);
    }

    private static String hint(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> " (true or false)";
            case TINYINT, SMALLINT, INTEGER, BIGINT -> " (a whole number in the type's range)";
            case DECIMAL -> " (at most " + (type.precision() - type.scale()) + " digits before the point and "
                    + type.scale() + " after)";
            case BLOB -> " (base64)";
            case DATE -> " (ISO-8601, e.g. 2024-01-31)";
            case TIME -> " (ISO-8601, e.g. 13:45:00)";
            case TIMESTAMP -> " (ISO-8601, e.g. 2024-01-31T13:45:00, or a date for its midnight)";
            case TIMESTAMPTZ -> " (ISO-8601 with an offset, e.g. 2024-01-31T13:45:00Z)";
            case UUID -> " (e.g. 123e4567-e89b-12d3-a456-426614174000)";
            default -> "";
        };
    }
}
