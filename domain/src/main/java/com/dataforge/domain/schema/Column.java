package com.dataforge.domain.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * A declared column. Primary-key columns are never nullable. A default, when declared, is a value of the column's
 * type ({@link ColumnType#defaultValueClass()}): it fills the rows a table already holds when the column is added to
 * it, and the column's value when an insert leaves it out.
 */
public record Column(Identifier name, ColumnType type, boolean nullable, Optional<Object> defaultValue) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        defaultValue.ifPresent(value -> {
            if (!type.defaultValueClass().map(c -> c.isInstance(value)).orElse(false)) {
                throw new IllegalArgumentException("a default of " + value.getClass().getSimpleName()
                        + " does not fit column '" + name + "' of type " + type);
            }
        });
    }

    public Column(Identifier name, ColumnType type, boolean nullable) {
        this(name, type, nullable, Optional.empty());
    }

    /** Whether every insert must give this column: NOT NULL and no default to fill it. */
    public boolean required() {
        return !nullable && defaultValue.isEmpty();
    }
}
