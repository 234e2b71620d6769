package com.dataforge.infrastructure.catalog;

import com.dataforge.domain.schema.ColumnType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A column's {@code default} as written in a schema file, turned into a value of the column's type, and back: the
 * schema description a server answers with writes it as {@link #json}, and a client ({@code import --url}) reads it
 * with {@link #parse}, so one rule decides both. Checked here, at parse time, so a default DuckDB would refuse or
 * silently round stops start-up naming its field, not half-way through altering a table.
 */
public final class DeclaredDefault {

    private DeclaredDefault() {
    }

    /** @throws IllegalArgumentException saying what the type needs, completing "field 'columns[i].default': " */
    public static Object parse(JsonNode node, ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> {
                require(node.isBoolean(), "must be true or false for a BOOLEAN column");
                yield node.booleanValue();
            }
            case TINYINT -> integer(node, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT -> integer(node, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> integer(node, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integer(node, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT -> floating(node, type, Float.MAX_VALUE);
            case DOUBLE -> floating(node, type, Double.MAX_VALUE);
            case DECIMAL -> decimal(node, type);
            case VARCHAR -> {
                require(node.isTextual(), "must be a string for a VARCHAR column");
                yield node.textValue();
            }
            case BLOB -> throw new IllegalArgumentException("a BLOB column takes no default");
            case DATE -> text(node, type, "2024-01-31", LocalDate::parse);
            case TIME -> text(node, type, "13:45:00", LocalTime::parse);
            case TIMESTAMP -> text(node, type, "2024-01-31T13:45:00", LocalDateTime::parse);
            case TIMESTAMPTZ -> text(node, type, "2024-01-31T13:45:00Z", OffsetDateTime::parse);
            case UUID -> text(node, type, "123e4567-e89b-12d3-a456-426614174000", UUID::fromString);
        };
    }

    /**
     * The default as a schema file declares it, which {@link #parse} reads back to an equal value: numbers and
     * booleans as JSON's own, dates, times and UUIDs as ISO-8601 and canonical text.
     */
    public static JsonNode json(Object value) {
        // Exact: the default factory strips a decimal's trailing zeros, writing 1200.00 as 1.2E+3.
        JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
        return switch (value) {
            case Boolean flag -> nodes.booleanNode(flag);
            case Long number -> nodes.numberNode(number);
            case Double number -> nodes.numberNode(number);
            case BigDecimal number -> nodes.numberNode(number);
            case LocalDateTime timestamp -> nodes.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp));
            case LocalTime time -> nodes.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(time));
            case OffsetDateTime instant -> nodes.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant));
            default -> nodes.textNode(value.toString());
        };
    }

    private static Long integer(JsonNode node, ColumnType type, long min, long max) {
        require(node.isIntegralNumber() && node.bigIntegerValue().compareTo(BigInteger.valueOf(min)) >= 0
                && node.bigIntegerValue().compareTo(BigInteger.valueOf(max)) <= 0,
                "must be a whole number from " + min + " to " + max + " for a " + type + " column");
        return node.longValue();
    }

    private static Double floating(JsonNode node, ColumnType type, double largest) {
        require(node.isNumber() && Math.abs(node.doubleValue()) <= largest,
                "must be a number of at most " + largest + " in magnitude for a " + type + " column");
        return node.doubleValue();
    }

    private static BigDecimal decimal(JsonNode node, ColumnType type) {
        require(node.isNumber(), "must be a number for a " + type + " column");
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        int scale = Math.max(value.scale(), 0);
        int integerDigits = value.signum() == 0 ? 0 : value.precision() - value.scale();
        require(scale <= type.scale() && integerDigits <= type.precision() - type.scale(),
                node.decimalValue().toPlainString() + " does not fit " + type + ": at most "
                        + (type.precision() - type.scale()) + " digits before the point and " + type.scale()
                        + " after");
        return value.setScale(type.scale());
    }

    private interface TextParser {
        Object parse(String text);
    }

    private static Object text(JsonNode node, ColumnType type, String example, TextParser parser) {
        String expected = "must be a string like \"" + example + "\" for a " + type + " column";
        require(node.isTextual(), expected);
        try {
            return parser.parse(node.textValue());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + node.textValue() + "' " + expected, e);
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
