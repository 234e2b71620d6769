package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import java.util.Objects;

/** One column of an ordering. */
public record SortKey(Column column, boolean descending) {

    public SortKey {
        Objects.requireNonNull(column, "column");
    }
}
