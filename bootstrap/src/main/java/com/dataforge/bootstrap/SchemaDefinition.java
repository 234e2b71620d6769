package com.dataforge.bootstrap;

import com.dataforge.infrastructure.catalog.SchemaFileParser.ColumnDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schema declared in code: what a schema file declares, for {@link DataForge#schema}.
 *
 * <pre>{@code
 * SchemaDefinition readings = SchemaDefinition.named("readings")
 *         .description("What each sensor measured")
 *         .requiredColumn("sensor", "VARCHAR")
 *         .requiredColumn("taken_at", "TIMESTAMP")
 *         .column("celsius", "DOUBLE")
 *         .primaryKey("sensor", "taken_at");
 * }</pre>
 *
 * Names and types are those of schema files (BOOLEAN, TINYINT ... BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, BLOB,
 * DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID); {@link DataForge#schema} checks the whole declaration by the same rules
 * and names the field at fault, e.g. {@code columns[2].type}.
 */
public final class SchemaDefinition {

    final String name;
    String description = "";
    final List<ColumnDeclaration> columns = new ArrayList<>();
    List<String> primaryKey = List.of();

    private SchemaDefinition(String name) {
        this.name = name;
    }

    /** A schema, and so a table, of this name: 1 to 63 letters, digits or underscores, not starting with a digit. */
    public static SchemaDefinition named(String name) {
        return new SchemaDefinition(Objects.requireNonNull(name, "name"));
    }

    /** What the table holds, as the schema listing and the OpenAPI document describe it. */
    public SchemaDefinition description(String text) {
        this.description = Objects.requireNonNull(text, "text");
        return this;
    }

    /** A column that may be NULL. */
    public SchemaDefinition column(String name, String type) {
        columns.add(new ColumnDeclaration(name, type, true));
        return this;
    }

    /** A column that is never NULL ({@code "nullable": false}); every column of the primary key is one. */
    public SchemaDefinition requiredColumn(String name, String type) {
        columns.add(new ColumnDeclaration(name, type, false));
        return this;
    }

    /** The columns that identify a record, which the record API addresses it by. */
    public SchemaDefinition primaryKey(String... columnNames) {
        this.primaryKey = List.of(columnNames);
        return this;
    }
}
