package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowSelection;
import com.dataforge.domain.table.SortKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The row-selection parameters of a read as the client wrote them, PostgREST style: {@code limit}, {@code offset},
 * {@code order=col.asc,col2.desc} and column filters {@code col=op.value} (see {@link FilterParser}). They become a
 * {@link RowSelection} only against a schema, since every name must be one of its columns.
 *
 * @param filters each filtered column's name with its filter texts, in request order; a column may be filtered
 *     more than once ({@code x=gte.1&x=lt.5} is a range), every filter must hold
 */
public record SelectionParameters(Map<String, List<String>> filters, Optional<String> order, Optional<String> limit,
        Optional<String> offset) {

    /** The parameter names this record takes besides the column names. */
    public static final Set<String> NAMES = Set.of("limit", "offset", "order");

    /** Every row, in whatever order the database yields them. */
    public static final SelectionParameters ALL =
            new SelectionParameters(Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

    public SelectionParameters {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        filters.forEach((name, texts) -> copy.put(name, List.copyOf(texts)));
        filters = Collections.unmodifiableMap(copy);
    }

    /** The filters alone: the rows a total count covers, whatever page of them is read. */
    public SelectionParameters filtersOnly() {
        return new SelectionParameters(filters, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The selection these parameters describe on {@code schema}. When an order is given, the primary-key columns it
     * does not name are appended to it, so that rows tied on the order still come in one fixed order and pages
     * taken with limit and offset neither repeat nor skip a row.
     *
     * @throws InvalidRequestException naming the parameter at fault: the filtered column, {@code order},
     *     {@code limit} or {@code offset}; also when the selection asks for more than {@code limits} allow
     */
    public RowSelection resolve(TableSchema schema, SelectionLimits limits) {
        Map<String, Integer> filtersPerColumn = new LinkedHashMap<>();
        filters.forEach((name, texts) -> filtersPerColumn.put(name, texts.size()));
        limits.checkFilters(filtersPerColumn);
        List<RowFilter> rowFilters = new ArrayList<>();
        Map<String, Integer> valuesPerColumn = new LinkedHashMap<>();
        filters.forEach((name, texts) -> {
            Column column = schema.column(name).orElseThrow(() -> new InvalidRequestException(name,
                    "unknown parameter '" + name + "': it is neither a parameter of this endpoint nor a column of"
                            + " schema '" + schema.name() + "' (its columns are " + columnNames(schema) + ")"));
            for (String text : texts) {
                RowFilter filter = FilterParser.parse(column, text, limits);
                valuesPerColumn.merge(name, filter.values().size(), Integer::sum);
                rowFilters.add(filter);
            }
        });
        limits.checkBoundValues(valuesPerColumn);
        return new RowSelection(rowFilters, order.map(text -> sortKeys(schema, text, limits)).orElse(List.of()),
                limit.map(text -> OptionalLong.of(wholeNumber("limit", text))).orElse(OptionalLong.empty()),
                offset.map(text -> wholeNumber("offset", text)).orElse(0L));
    }

    private static List<SortKey> sortKeys(TableSchema schema, String text, SelectionLimits limits) {
        String[] items = text.split(",", -1);
        limits.checkSortKeys(items.length);
        List<SortKey> keys = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (String item : items) {
            SortKey key = sortKey(schema, item, text);
            if (!named.add(key.column().name().value())) {
                throw new InvalidRequestException("order", "column '" + key.column().name() + "' is ordered by twice"
                        + " in '" + text + "'");
            }
            keys.add(key);
        }
        for (Identifier keyColumn : schema.primaryKey()) {
            if (named.add(keyColumn.value())) {
                keys.add(new SortKey(schema.column(keyColumn.value()).orElseThrow(), false));
            }
        }
        return keys;
    }

    private static SortKey sortKey(TableSchema schema, String item, String text) {
        String[] parts = item.split("\\.", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new InvalidRequestException("order", "'" + item + "' in order '" + text + "' is not a sort key;"
                    + " write column or column.asc or column.desc, comma-separated, e.g. order=a.desc,b");
        }
        Column column = schema.column(parts[0]).orElseThrow(() -> new InvalidRequestException("order",
                "'" + parts[0] + "' in order '" + text + "' is not a column of schema '" + schema.name()
                        + "' (its columns are " + columnNames(schema) + ")"));
        String direction = parts.length == 1 ? "asc" : parts[1];
        return switch (direction) {
            case "asc" -> new SortKey(column, false);
            case "desc" -> new SortKey(column, true);
            default -> throw new InvalidRequestException("order", "'" + direction + "' in order '" + text
                    + "' is not a direction; use asc or desc (nulls always sort last)");
        };
    }

    private static long wholeNumber(String parameter, String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new InvalidRequestException(parameter, parameter + " must be a whole number from 0 to"
                    + " 999999999999999999, got '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private static List<String> columnNames(TableSchema schema) {
        return schema.columns().stream().map(c -> c.name().value()).toList();
    }
}
