package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import java.util.List;
import java.util.Objects;

/**
 * One condition on a column; rows must meet every filter of a {@link RowSelection}. Values are typed as
 * {@link com.dataforge.domain.schema.ColumnValues} makes them and reach the database only as bound parameters.
 */
public record RowFilter(Column column, FilterOperator operator, List<Object> values) {

    public RowFilter {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        int arity = operator.arity();
        if (arity < 0 ? values.isEmpty() : values.size() != arity) {
            throw new IllegalArgumentException(operator + " takes " + (arity < 0 ? "one or more" : arity)
                    + " values, got " + values.size());
        }
    }
}
