package com.dataforge.application.record;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON value, as a JSON parser hands it over, into the Java value {@link ColumnValues} gives the column's
 * type. JSON's own types must match the column's: booleans for BOOLEAN, integers for the integer types, numbers for
 * FLOAT and DOUBLE (or the strings "NaN", "Infinity", "-Infinity"), numbers or strings for DECIMAL, strings for the
 * rest (BLOB as base64, dates and times as ISO-8601, within the range the database stores). Every refusal is a 400
 * naming the field.
 */
final class JsonColumnValues {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final List<String> FLOAT_WORDS = List.of("NaN", "Infinity", "-Infinity");

    private JsonColumnValues() {
    }

    /**
     * @param json null, Boolean, String, a Number (integers as Integer, Long or BigInteger, other numbers as
     *     BigDecimal), or a Map or List for a nested object or array
     */
    static Object convert(Column column, Object json) {
        String field = column.name().value();
        if (json == null) {
            if (!column.nullable()) {
                throw new InvalidRequestException(field, "column '" + field + "' is NOT NULL, so field '" + field
                        + "' cannot be null");
            }
            return null;
        }
        if (json instanceof Map<?, ?> || json instanceof List<?>) {
            throw new InvalidRequestException(field, "field '" + field + "' holds a nested JSON "
                    + (json instanceof Map<?, ?> ? "object" : "array") + "; a field's value must be a single "
                    + column.type() + " value");
        }
        ColumnType type = column.type();
        return switch (type.kind()) {
            case BOOLEAN -> {
                if (json instanceof Boolean bool) {
                    yield bool;
                }
                throw wrong(column, json, "true or false");
            }
            case TINYINT -> integer(column, json, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT -> integer(column, json, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> integer(column, json, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integer(column, json, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT, DOUBLE -> floating(column, json);
            case DECIMAL -> decimal(column, json);
            case VARCHAR -> {
                if (json instanceof String text) {
                    yield text;
                }
                throw wrong(column, json, "a JSON string");
            }
            case BLOB, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID -> {
                if (json instanceof String text) {
                    Object value = ColumnValues.parse(column, text, field);
                    ColumnValues.requireStorable(value, field);
                    yield value;
                }
                throw wrong(column, json, "a JSON string" + (type.kind() == ColumnType.Kind.BLOB ? " in base64"
                        : type.kind() == ColumnType.Kind.UUID ? "" : " in ISO-8601"));
            }
        };
    }

    private static Long integer(Column column, Object json, long min, long max) {
        BigInteger value = switch (json) {
            case Integer i -> BigInteger.valueOf(i);
            case Long l -> BigInteger.valueOf(l);
            case BigInteger big -> big;
            default -> throw wrong(column, json, "a JSON integer");
        };
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0 || value.longValue() < min
                || value.longValue() > max) {
            throw wrong(column, json, "an integer from " + min + " to " + max);
        }
        return value.longValue();
    }

    private static Double floating(Column column, Object json) {
        if (json instanceof String text && FLOAT_WORDS.contains(text)) {
            return Double.valueOf(text);
        }
        if (!(json instanceof Number number)) {
            throw wrong(column, json, "a JSON number, or \"NaN\", \"Infinity\" or \"-Infinity\"");
        }
        double value = new BigDecimal(number.toString()).doubleValue();
        if (column.type().kind() == ColumnType.Kind.FLOAT) {
            // Rounded to a float here, so that a value that rounds to FLOAT's largest is not out of range in DuckDB.
            value = (float) value;
        }
        if (Double.isInfinite(value)) {
            throw wrong(column, json, "a number within the range of " + column.type());
        }
        return value;
    }

    private static BigDecimal decimal(Column column, Object json) {
        BigDecimal value = switch (json) {
            case String text -> (BigDecimal) ColumnValues.parse(column, text, column.name().value());
            case Number number -> number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
            default -> throw wrong(column, json, "a JSON number or a string holding one");
        };
        // Exact: a value that would need rounding, or more integer digits than the type has, is refused.
        int scale = column.type().scale();
        BigDecimal stripped = value.stripTrailingZeros();
        int integerDigits = stripped.signum() == 0 ? 0 : Math.max(0, stripped.precision() - stripped.scale());
        if (stripped.scale() > scale || integerDigits > column.type().precision() - scale) {
            throw wrong(column, json, "at most " + (column.type().precision() - scale) + " digits before the decimal"
                    + " point and " + scale + " after it");
        }
        return value.setScale(scale);
    }

    private static InvalidRequestException wrong(Column column, Object json, String expected) {
        String field = column.name().value();
        String given = json instanceof String text ? "\"" + text + "\"" : json.toString();
        if (given.length() > 100) {
            given = given.substring(0, 100) + "…";
        }
        return new InvalidRequestException(field, "field '" + field + "' is " + given + ", which is not a "
                + column.type() + " value: send " + expected);
    }
}
