package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import java.util.Objects;

/**
 * What to read from a table: a projection of its declared columns, the rows {@code selection} picks, in batches of
 * at most {@code batchRows}.
 */
public record TableRead(TableSchema schema, List<Column> columns, RowSelection selection, int batchRows) {

    public TableRead {
        columns = List.copyOf(columns);
        Objects.requireNonNull(selection, "selection");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a read needs at least one column");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
    }

    /** Every row. */
    public TableRead(TableSchema schema, List<Column> columns, int batchRows) {
        this(schema, columns, RowSelection.ALL, batchRows);
    }
}
