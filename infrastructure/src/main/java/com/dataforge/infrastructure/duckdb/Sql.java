package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL text from catalog identifiers. Identifiers are validated to letters, digits and underscores, so quoting them
 * cannot be escaped. Request values never pass through here, they are bound parameters; the one exception is a
 * schema file's column default, which DDL cannot bind and {@link #defaultClause} renders from its parsed value.
 */
final class Sql {

    private Sql() {
    }

    static String quote(Identifier identifier) {
        return '"' + identifier.value() + '"';
    }

    /** {@code "name" TYPE [NOT NULL] [DEFAULT …]}, as CREATE TABLE and ADD COLUMN both declare a column. */
    static String columnDefinition(Column column) {
        return quote(column.name()) + " " + column.type() + (column.nullable() ? "" : " NOT NULL")
                + column.defaultValue().map(value -> " DEFAULT " + literal(column, value)).orElse("");
    }

    /** {@code DEFAULT …} for the column's declared default, or {@code DROP DEFAULT} when it has none. */
    static String defaultClause(Column column) {
        return column.defaultValue().map(value -> "SET DEFAULT " + literal(column, value)).orElse("DROP DEFAULT");
    }

    /**
     * {@code CAST('text' AS TYPE)}: the typed value's canonical text, single quotes doubled, cast to the column's
     * type, so every kind of value goes through this one quoting rule.
     */
    private static String literal(Column column, Object value) {
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        return "CAST('" + text.replace("'", "''") + "' AS " + column.type() + ")";
    }

    static String columnList(List<Column> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }
}
