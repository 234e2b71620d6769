package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The declared columns a read's {@code columns=} names, checked against the schema. */
final class Projection {

    private Projection() {
    }

    /**
     * @param names the names asked for, in order; empty for every declared column
     * @throws InvalidRequestException naming "columns" for an unknown or repeated name, or too many names
     */
    static List<Column> of(TableSchema schema, List<String> names, SelectionLimits limits) {
        if (names.isEmpty()) {
            return schema.columns();
        }
        limits.checkColumns(names.size());
        List<Column> columns = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Column column = schema.column(name).orElseThrow(() -> new InvalidRequestException("columns",
                    "column '" + name + "' is not in schema '" + schema.name() + "'; its columns are "
                            + schema.columns().stream().map(c -> c.name().value()).toList()));
            if (!seen.add(name)) {
                throw new InvalidRequestException("columns", "column '" + name + "' is listed twice");
            }
            columns.add(column);
        }
        return columns;
    }
}
