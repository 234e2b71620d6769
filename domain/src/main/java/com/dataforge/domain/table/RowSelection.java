package com.dataforge.domain.table;

import java.util.List;
import java.util.OptionalLong;

/**
 * Which rows of a table a read returns, and in what order: every filter must hold; rows are sorted by
 * {@code order} (unordered when empty), then {@code offset} rows are skipped and at most {@code limit} returned.
 */
public record RowSelection(List<RowFilter> filters, List<SortKey> order, OptionalLong limit, long offset) {

    /** Every row, in whatever order the database yields them. */
    public static final RowSelection ALL = new RowSelection(List.of(), List.of(), OptionalLong.empty(), 0);

    public RowSelection {
        filters = List.copyOf(filters);
        order = List.copyOf(order);
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
