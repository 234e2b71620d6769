package com.dataforge.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * Which rows and columns {@code export} writes, in the words of the HTTP API's query parameters, which parse them
 * (so both modes, direct and {@code --url}, take exactly what the API takes).
 *
 * @param columns the projection, in order; empty for every declared column
 * @param filters each {@code column=op.value}, as in a query string ({@code field_code=eq.5}, {@code x=in.(1,2)})
 * @param order {@code col.asc,col2.desc}
 * @param limit the most rows
 * @param offset rows of the order to skip first
 */
public record ExportQuery(List<String> columns, List<String> filters, Optional<String> order,
        Optional<String> limit, Optional<String> offset) {

    public static final ExportQuery ALL = new ExportQuery(List.of(), List.of(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public ExportQuery {
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        for (String filter : filters) {
            if (filter.indexOf('=') < 1) {
                throw new IllegalArgumentException("--filter '" + filter + "' is not column=op.value, e.g."
                        + " field_code=eq.5");
            }
        }
    }

    /** The column a filter names. */
    static String column(String filter) {
        return filter.substring(0, filter.indexOf('='));
    }

    /** The filter's {@code op.value}. */
    static String condition(String filter) {
        return filter.substring(filter.indexOf('=') + 1);
    }
}
