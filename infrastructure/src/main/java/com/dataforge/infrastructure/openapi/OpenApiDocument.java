package com.dataforge.infrastructure.openapi;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.catalog.DeclaredDefault;
import com.dataforge.infrastructure.http.route.RouteTable;
import com.dataforge.infrastructure.lanes.Lane;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAPI 3.1 description of this server, built from its route table and the live schema catalog: every route
 * with its parameters, bodies and responses (problem+json errors included), and one JSON Schema per table it is
 * given.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetails";

    private OpenApiDocument() {
    }

    /**
     * @param routes the routes the server answers, each described with what its policy implies (security, 401,
     *     403, 429, 503)
     * @param schemas the tables to describe; a server with keys gives none, since anyone may read this document and
     *     each key sees its own tables at {@code GET /api/v1/schemas}
     * @param basePath where the paths begin when the server is mounted in another application's server, e.g.
     *     {@code /data}, stated as the one server URL (relative, so it holds whatever host and scheme the document
     *     was fetched from); empty for a server of its own, whose paths begin at its root
     */
    public static ObjectNode of(RouteTable routes, List<TableSchema> schemas, String version, String basePath) {
        ObjectNode document = JSON.createObjectNode();
        document.put("openapi", "3.1.0");
        document.putObject("info").put("title", "Data Forge").put("version", version).put("description",
                "Tables declared as schema files, served as Arrow IPC streams, JSON, NDJSON or CSV, and written by"
                        + " Arrow uploads or JSON records.");
        if (!basePath.isEmpty()) {
            document.putArray("servers").addObject().put("url", basePath)
                    .put("description", "Data Forge, mounted in this application's server");
        }
        ArrayNode schemaNames = JSON.createArrayNode();
        schemas.forEach(schema -> schemaNames.add(schema.name().value()));
        Paths paths = new Paths(document.putObject("paths"), schemaNames);
        routes.routes().forEach(paths::operation);
        ObjectNode components = document.putObject("components");
        ObjectNode componentSchemas = components.putObject("schemas");
        componentSchemas.set("ProblemDetails", problemDetails());
        for (TableSchema schema : schemas) {
            componentSchemas.set(schema.name().value(), tableSchema(schema));
        }
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "An API key, when the server has a key file; X-API-Key works too");
        return document;
    }

    private static ObjectNode tableSchema(TableSchema schema) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "object");
        node.put("description", schema.description() + (schema.primaryKey().isEmpty() ? ""
                : " Primary key: " + String.join(", ", schema.primaryKey().stream().map(k -> k.value()).toList())
                        + "."));
        node.put("additionalProperties", false);
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = node.putArray("required");
        for (Column column : schema.columns()) {
            properties.set(column.name().value(), columnSchema(column));
            if (!column.nullable()) {
                required.add(column.name().value());
            }
        }
        return node;
    }

    private static ObjectNode columnSchema(Column column) {
        ObjectNode node = JSON.createObjectNode();
        ColumnType type = column.type();
        String json = switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case TINYINT, SMALLINT, INTEGER, BIGINT -> "integer";
            case FLOAT, DOUBLE, DECIMAL -> "number";
            default -> "string";
        };
        if (column.nullable()) {
            node.putArray("type").add(json).add("null");
        } else {
            node.put("type", json);
        }
        String format = switch (type.kind()) {
            case TINYINT, SMALLINT, INTEGER -> "int32";
            case BIGINT -> "int64";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BLOB -> "byte";
            case DATE -> "date";
            case TIME -> "time";
            // JSON Schema's date-time requires an offset, which a TIMESTAMP has not.
            case TIMESTAMPTZ -> "date-time";
            case UUID -> "uuid";
            default -> null;
        };
        if (format != null) {
            node.put("format", format);
        }
        column.defaultValue().ifPresent(value -> node.set("default", DeclaredDefault.json(value)));
        node.put("description", type + (type.kind() == ColumnType.Kind.FLOAT || type.kind() == ColumnType.Kind.DOUBLE
                ? "; NaN, Infinity and -Infinity are sent as strings" : "")
                + (type.kind() == ColumnType.Kind.TIMESTAMP ? "; ISO-8601 without a time zone, e.g."
                        + " 2024-01-31T13:45:00" : ""));
        return node;
    }

    private static ObjectNode problemDetails() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "object").put("description", "RFC 9457 problem details");
        ObjectNode properties = node.putObject("properties");
        for (String text : List.of("type", "title", "detail", "instance", "requestId", "parameter")) {
            properties.putObject(text).put("type", "string");
        }
        properties.putObject("status").put("type", "integer");
        ArrayNode lanes = properties.putObject("lane").put("type", "string")
                .put("description", "on a 503: the lane that was full").putArray("enum");
        Lane.querying().forEach(lane -> lanes.add(lane.label()));
        node.putArray("required").add("status").add("title").add("detail");
        return node;
    }

    static ObjectNode problemResponse(String description) {
        ObjectNode response = JSON.createObjectNode();
        response.put("description", description);
        response.putObject("content").putObject(PROBLEM).putObject("schema").put("$ref", PROBLEM_REF);
        return response;
    }
}
