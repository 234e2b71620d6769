package com.dataforge.domain.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A declared table: its columns in order and its primary key. The constructor enforces what DuckDB would otherwise
 * reject at DDL time, so a bad schema file is reported by field, at start-up.
 */
public record TableSchema(Identifier name, String description, List<Column> columns, List<Identifier> primaryKey) {

    public TableSchema {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns: a schema needs at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (Column column : columns) {
            // DuckDB compares identifiers case-insensitively, so "Code" and "code" would collide in the table.
            if (!seen.add(column.name().value().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("columns: '" + column.name() + "' is declared twice");
            }
        }
        Set<Identifier> keySeen = new HashSet<>();
        for (Identifier key : primaryKey) {
            Column column = columns.stream().filter(c -> c.name().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("primaryKey: '" + key + "' is not a column"));
            if (column.nullable()) {
                throw new IllegalArgumentException("primaryKey: column '" + key + "' must be declared \"nullable\": false");
            }
            if (!keySeen.add(key)) {
                throw new IllegalArgumentException("primaryKey: '" + key + "' is listed twice");
            }
        }
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().value().equals(columnName)).findFirst();
    }
}
