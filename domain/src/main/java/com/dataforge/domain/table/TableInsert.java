package com.dataforge.domain.table;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.List;
import java.util.Objects;

/**
 * An upload into a table: {@code columns} are the declared columns the upload carries, in the upload's order; the
 * table's other columns are left NULL. At most {@code maxRows} rows are accepted. Every row must lie within
 * {@code scope}, and with {@link ConflictPolicy#UPDATE} so must every stored row it would overwrite.
 */
public record TableInsert(TableSchema schema, List<Column> columns, ConflictPolicy onConflict, long maxRows,
        RowScope scope) {

    public TableInsert {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(onConflict, "onConflict");
        Objects.requireNonNull(scope, "scope");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an insert needs at least one column");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
    }
}
