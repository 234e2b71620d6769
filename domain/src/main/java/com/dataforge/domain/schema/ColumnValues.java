package com.dataforge.domain.schema;

import com.dataforge.domain.failure.InvalidRequestException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
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
