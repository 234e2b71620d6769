package com.dataforge.domain.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one table a caller may read and write: those that meet every one of {@code filters}. They come from the
 * caller's key, and {@code text} is the row filter as the key file writes it (for audit lines and refusals).
 * {@link #ALL}, the scope of a caller whose key restricts no rows, has no filters and so changes no read or write.
 *
 * <p>A scope only narrows. A read sees the rows that meet the scope's filters and the request's own, all ANDed, so no
 * request can see more than its scope; a row outside it is, to the caller, a row that does not exist. A write may
 * neither create a row outside the scope nor change a row into one outside it.
 */
public record RowScope(List<RowFilter> filters, String text) {

    /** Every row: no filter. */
    public static final RowScope ALL = new RowScope(List.of(), "");

    public RowScope {
        filters = List.copyOf(filters);
        Objects.requireNonNull(text, "text");
        if (filters.isEmpty() != text.isEmpty()) {
            throw new IllegalArgumentException("a scope's text describes its filters: both empty, or neither");
        }
    }

    /** {@code selection} narrowed to this scope: the scope's filters, then the request's; its order and paging kept. */
    public RowSelection restrict(RowSelection selection) {
        return new RowSelection(restrict(selection.filters()), selection.order(), selection.limit(),
                selection.offset());
    }

    /** The scope's filters and then {@code requested}: rows must meet all of them. */
    public List<RowFilter> restrict(List<RowFilter> requested) {
        if (filters.isEmpty()) {
            return requested;
        }
        List<RowFilter> all = new ArrayList<>(filters.size() + requested.size());
        all.addAll(filters);
        all.addAll(requested);
        return all;
    }

    @Override
    public String toString() {
        return filters.isEmpty() ? "all rows" : text;
    }
}
