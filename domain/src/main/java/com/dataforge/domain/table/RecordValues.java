package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Values for some of a table's columns: {@code values.get(i)} belongs to {@code columns.get(i)}, typed as
 * {@link com.dataforge.domain.schema.ColumnValues} makes them; null is SQL NULL.
 */
public record RecordValues(List<Column> columns, List<Object> values) {

    public RecordValues {
        columns = List.copyOf(columns);
        // List.copyOf refuses nulls, and a null here is a value.
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }
}
