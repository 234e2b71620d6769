package com.dataforge.infrastructure.http;

import com.dataforge.application.schema.DescribeSchema;
import com.dataforge.application.schema.DescribeSchema.SchemaDescription;
import com.dataforge.application.schema.ListSchemas;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.catalog.DeclaredDefault;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code GET /api/v1/schemas} and {@code GET /api/v1/schemas/{schema}}: what a key may read, and nothing of what it
 * may not. Each column's declared default is given as its schema file writes it, so a client that sends rows
 * without the column knows what the server would store.
 */
public final class SchemaEndpoints {

    private final ListSchemas listSchemas;
    private final DescribeSchema describeSchema;

    public SchemaEndpoints(ListSchemas listSchemas, DescribeSchema describeSchema) {
        this.listSchemas = listSchemas;
        this.describeSchema = describeSchema;
    }

    /** The schemas the caller may read; the others are not named, just as their data routes answer 403. */
    public Endpoint list() {
        return exchange -> {
            exchange.query().allowOnly(Set.of());
            exchange.sendJson(200, Map.of("schemas", listSchemas.list().stream()
                    .filter(schema -> exchange.caller().may(Permission.READ, schema.name()))
                    .map(SchemaEndpoints::declared).toList()));
        };
    }

    public Endpoint describe() {
        return exchange -> {
            exchange.query().allowOnly(Set.of());
            SchemaDescription description = describeSchema.describe(exchange.pathParameter("schema"),
                    exchange.rowScope());
            Map<String, Object> body = declared(description.schema());
            body.put("row_count", description.facts().rowCount());
            body.put("arrow_schema", description.facts().arrowSchema().getFields().stream()
                    .map(SchemaEndpoints::arrowField).toList());
            exchange.sendJson(200, body);
        };
    }

    private static Map<String, Object> declared(TableSchema schema) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", schema.name().value());
        body.put("description", schema.description());
        body.put("primary_key", schema.primaryKey().stream().map(Identifier::value).toList());
        body.put("columns", schema.columns().stream().map(SchemaEndpoints::column).toList());
        return body;
    }

    private static Map<String, Object> column(Column column) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", column.name().value());
        body.put("type", column.type().toString());
        body.put("nullable", column.nullable());
        column.defaultValue().ifPresent(value -> body.put("default", DeclaredDefault.json(value)));
        return body;
    }

    private static Map<String, Object> arrowField(Field field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", field.getName());
        body.put("type", field.getType().toString());
        body.put("nullable", field.isNullable());
        return body;
    }
}
