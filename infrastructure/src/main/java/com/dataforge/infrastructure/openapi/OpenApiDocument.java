package com.dataforge.infrastructure.openapi;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.TableSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAPI 3.1 description of this server, built from the live schema catalog: every endpoint with its
 * parameters, bodies and responses (problem+json errors included), and one JSON Schema per declared table.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARROW = "application/vnd.apache.arrow.stream";
    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetails";

    private OpenApiDocument() {
    }

    public static ObjectNode of(List<TableSchema> schemas, String version) {
        ObjectNode document = JSON.createObjectNode();
        document.put("openapi", "3.1.0");
        document.putObject("info").put("title", "Data Forge").put("version", version).put("description",
                "Tables declared as schema files, served as Arrow IPC streams, JSON, NDJSON or CSV, and written by"
                        + " Arrow uploads or JSON records.");
        ArrayNode schemaNames = JSON.createArrayNode();
        schemas.forEach(schema -> schemaNames.add(schema.name().value()));
        Paths paths = new Paths(document.putObject("paths"), schemaNames);
        paths.operation("/health", "get", "Liveness: the process answers", List.of(), null, json(200, "ok"), false);
        paths.operation("/ready", "get", "Readiness: the database answers (on a connection of its own)", List.of(), null,
                json(200, "ready"), false);
        paths.operation("/metrics", "get", "Metrics in the Prometheus text format", List.of(), null,
                single(200, "text/plain", "metrics"), false);
        paths.operation("/openapi.json", "get", "This document", List.of(), null, json(200, "OpenAPI 3.1"), false);
        paths.operation("/docs", "get", "This document as a page to read", List.of(), null,
                single(200, "text/html", "documentation"), false);
        paths.operation("/api/v1/schemas", "get", "Every schema served, with its columns and key", List.of(), null,
                json(200, "schemas"), false);
        paths.operation("/api/v1/schemas/{schema}", "get", "One schema: columns, key, Arrow schema, row count",
                List.of("schema"), null, json(200, "schema"), true);
        List<String> read = List.of("schema", "columns", "limit", "offset", "order", "filters", "batch_rows",
                "compression", "Accept", "Accept-Encoding", "Prefer");
        paths.operation("/api/v1/arrow/bulk-read/{schema}", "get", "The rows as an Arrow IPC stream (or JSON,"
                + " NDJSON, CSV by Accept), streamed batch by batch", read, null, rows(), true);
        paths.operation("/api/v1/arrow/bulk-insert/{schema}", "post", "Insert an Arrow IPC stream in one"
                + " transaction", List.of("schema", "on_conflict"), body(ARROW, "binary"), json(200, "counts"), true);
        paths.operation("/api/v1/records/{schema}", "get", "The rows as JSON (or NDJSON, CSV, Arrow by Accept)",
                read, null, rows(), true);
        paths.operation("/api/v1/records/{schema}", "post", "Create one record or an array of them, in one"
                + " transaction", List.of("schema"), body("application/json", "records"), json(201, "counts"), true);
        paths.operation("/api/v1/records/{schema}/count", "get", "How many rows the filters match",
                List.of("schema", "filters"), null, json(200, "count"), true);
        List<String> byKey = List.of("schema", "key");
        paths.operation("/api/v1/records/{schema}/{key}", "get", "One record by its primary key", byKey, null,
                json(200, "the record"), true);
        paths.operation("/api/v1/records/{schema}/{key}", "put", "Replace one record; columns left out become NULL",
                byKey, body("application/json", "record"), empty(), true);
        paths.operation("/api/v1/records/{schema}/{key}", "patch", "Change some fields of one record", byKey,
                body("application/json", "record"), empty(), true);
        paths.operation("/api/v1/records/{schema}/{key}", "delete", "Delete one record", byKey, null, empty(),
                true);
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
        properties.putObject("lane").put("type", "string").put("description", "on a 503: the lane that was full")
                .putArray("enum").add("short").add("stream");
        node.putArray("required").add("status").add("title").add("detail");
        return node;
    }

    private static ObjectNode json(int status, String description) {
        return single(status, "application/json", description);
    }

    private static ObjectNode single(int status, String mediaType, String description) {
        ObjectNode responses = JSON.createObjectNode();
        ObjectNode response = responses.putObject(Integer.toString(status)).put("description", description);
        response.putObject("content").putObject(mediaType);
        return responses;
    }

    private static ObjectNode empty() {
        ObjectNode responses = JSON.createObjectNode();
        responses.putObject("204").put("description", "done");
        return responses;
    }

    private static ObjectNode rows() {
        ObjectNode responses = JSON.createObjectNode();
        ObjectNode content = responses.putObject("200").put("description", "the rows, streamed")
                .putObject("content");
        for (String type : List.of(ARROW, "application/json", "application/x-ndjson", "text/csv")) {
            content.putObject(type);
        }
        return responses;
    }

    private static ObjectNode body(String mediaType, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("required", true).put("description", description).putObject("content").putObject(mediaType);
        return body;
    }

    static ObjectNode problemResponse(String description) {
        ObjectNode response = JSON.createObjectNode();
        response.put("description", description);
        response.putObject("content").putObject(PROBLEM).putObject("schema").put("$ref", PROBLEM_REF);
        return response;
    }
}
