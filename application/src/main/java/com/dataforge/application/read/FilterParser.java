package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import com.dataforge.domain.table.FilterOperator;
import com.dataforge.domain.table.RowFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * One column filter as PostgREST writes it, {@code op.value}: {@code eq, neq, gt, gte, lt, lte} take one value of the
 * column's type; {@code in.(a,b,"c,d")} one or more, where a double-quoted item may hold commas and parentheses and
 * a backslash takes the next character literally; {@code like} and {@code ilike} a pattern on a VARCHAR column,
 * where {@code *} (or {@code %}) matches any run of characters, {@code _} any one character and a backslash makes
 * the next character literal; {@code is.null} and {@code not.null} no value. Values are typed by
 * {@link ColumnValues}; the pattern of a LIKE filter is passed on with {@code %} and {@code _} as wildcards and
 * {@code \} as the escape character.
 */
final class FilterParser {

    private static final String FORM = "write column=operator.value, with operator one of eq, neq, gt, gte, lt,"
            + " lte, in, like, ilike, is (is.null) or not (not.null), e.g. x=gte.5 or x=in.(1,2)";

    private FilterParser() {
    }

    /**
     * @throws InvalidRequestException naming the column, quoting the text and saying what is allowed; also when an
     *     in list or a pattern is longer than {@code limits} allow
     */
    static RowFilter parse(Column column, String text, SelectionLimits limits) {
        String name = column.name().value();
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw invalid(column, "'" + text + "' is not a filter; " + FORM);
        }
        String operator = text.substring(0, dot);
        String value = text.substring(dot + 1);
        return switch (operator) {
            case "eq" -> single(column, FilterOperator.EQ, value);
            case "neq" -> single(column, FilterOperator.NEQ, value);
            case "gt" -> single(column, FilterOperator.GT, value);
            case "gte" -> single(column, FilterOperator.GTE, value);
            case "lt" -> single(column, FilterOperator.LT, value);
            case "lte" -> single(column, FilterOperator.LTE, value);
            case "in" -> new RowFilter(column, FilterOperator.IN, inList(column, value, limits).stream()
                    .map(item -> ColumnValues.parse(column, item, name)).toList());
            case "like", "ilike" -> pattern(column, operator, value, limits);
            case "is" -> nullTest(column, FilterOperator.IS_NULL, text, value);
            case "not" -> nullTest(column, FilterOperator.NOT_NULL, text, value);
            default -> throw invalid(column, "'" + operator + "' in '" + text + "' is not an operator; " + FORM);
        };
    }

    private static RowFilter single(Column column, FilterOperator operator, String value) {
        return new RowFilter(column, operator, List.of(ColumnValues.parse(column, value, column.name().value())));
    }

    private static RowFilter nullTest(Column column, FilterOperator operator, String text, String value) {
        if (!value.equals("null")) {
            throw invalid(column, "'" + text + "' is not a filter: " + text.substring(0, text.indexOf('.'))
                    + " takes only null (is.null, not.null); negating other operators is not supported");
        }
        return new RowFilter(column, operator, List.of());
    }

    private static RowFilter pattern(Column column, String operator, String value, SelectionLimits limits) {
        if (column.type().kind() != ColumnType.Kind.VARCHAR) {
            throw invalid(column, operator + " applies to VARCHAR columns only; column '" + column.name() + "' is "
                    + column.type() + " (filter '" + value + "' with eq, in or a range instead)");
        }
        limits.checkPatternLength(value.codePointCount(0, value.length()), column.name().value(), operator);
        StringBuilder sql = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 == value.length()) {
                    throw invalid(column, "the pattern '" + value + "' ends with a lone backslash; a backslash makes"
                            + " the next character literal, so write \\\\ for a backslash itself");
                }
                sql.append(c).append(value.charAt(++i));
            } else {
                sql.append(c == '*' ? '%' : c);
            }
        }
        return new RowFilter(column, operator.equals("like") ? FilterOperator.LIKE : FilterOperator.ILIKE,
                List.of(sql.toString()));
    }

    /** The items of {@code (a,b,"c,d")}, unquoted and unescaped; counted before any is typed. */
    private static List<String> inList(Column column, String list, SelectionLimits limits) {
        if (list.length() < 3 || list.charAt(0) != '(' || list.charAt(list.length() - 1) != ')') {
            throw invalid(column, "'in." + list + "' is not a list; write in.(a,b,c) with at least one item,"
                    + " double-quoting an item that holds a comma, e.g. in.(\"a,b\",c)");
        }
        String body = list.substring(1, list.length() - 1);
        List<String> items = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder item = new StringBuilder();
            if (i < body.length() && body.charAt(i) == '"') {
                i = quotedItem(column, list, body, i + 1, item);
                if (i < body.length() && body.charAt(i) != ',') {
                    throw invalid(column, "in the list '" + list + "' a quoted item is followed by '" + body.charAt(i)
                            + "'; items are separated by commas");
                }
            } else {
                while (i < body.length() && body.charAt(i) != ',') {
                    if (body.charAt(i) == '"') {
                        throw invalid(column, "in the list '" + list + "' a double quote stands inside an item;"
                                + " quote the whole item, escaping quotes in it with a backslash: \"a\\\"b\"");
                    }
                    item.append(body.charAt(i++));
                }
            }
            items.add(item.toString());
            if (i >= body.length()) {
                limits.checkInValues(items.size(), column.name().value());
                return items;
            }
            i++; // the comma
        }
    }

    /** Reads a quoted item from just after its opening quote; returns the index just after its closing quote. */
    private static int quotedItem(Column column, String list, String body, int start, StringBuilder item) {
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < body.length()) {
                c = body.charAt(++i);
            }
            item.append(c);
        }
        throw invalid(column, "in the list '" + list + "' a double quote is never closed");
    }

    private static InvalidRequestException invalid(Column column, String detail) {
        return new InvalidRequestException(column.name().value(), "filter on column '" + column.name() + "': "
                + detail);
    }
}
