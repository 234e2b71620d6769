package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import java.util.Objects;

/**
 * A selection of a table written to a file: the projection {@code columns}, the rows {@code selection} picks in its
 * order, into {@code target}, which may grow to at most {@code maxBytes}.
 */
public record FileExport(TableSchema schema, List<Column> columns, RowSelection selection, DataFile target,
        long maxBytes) {

    public FileExport {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(target, "target");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an export needs at least one column");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }
}
