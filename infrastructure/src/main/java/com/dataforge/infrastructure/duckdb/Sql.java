package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL text from catalog identifiers. Identifiers are validated to letters, digits and underscores, so quoting them
 * cannot be escaped; values never pass through here, they are bound parameters.
 */
final class Sql {

    private Sql() {
    }

    static String quote(Identifier identifier) {
        return '"' + identifier.value() + '"';
    }

    static String columnList(List<Column> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }
}
