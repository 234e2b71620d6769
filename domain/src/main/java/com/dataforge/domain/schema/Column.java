package com.dataforge.domain.schema;

import java.util.Objects;

/** A declared column. Primary-key columns are never nullable. */
public record Column(Identifier name, ColumnType type, boolean nullable) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
