package com.dataforge.infrastructure.catalog;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one schema file (see DESIGN.md, "Schema files"). Strict: an unknown field is an error rather than a typo
 * silently ignored, and every error names the field, e.g. {@code columns[3].type}.
 */
public final class SchemaFileParser {

    private static final Set<String> SCHEMA_FIELDS = Set.of("name", "description", "primaryKey", "columns");
    private static final Set<String> COLUMN_FIELDS = Set.of("name", "type", "nullable", "default",
            "description");

    /** Decimal defaults are read exactly, not through a double. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public TableSchema parse(Path file, String content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JsonProcessingException e) {
            throw new SchemaFileException(file, "is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SchemaFileException(file, "", "must hold one JSON object");
        }
        rejectUnknownFields(file, root, SCHEMA_FIELDS, "");
        Identifier name = identifier(file, root.get("name"), "name");
        String description = optionalText(file, root.get("description"), "description");
        List<Column> columns = columns(file, root.get("columns"));
        List<Identifier> primaryKey = primaryKey(file, root.get("primaryKey"));
        try {
            return new TableSchema(name, description, columns, primaryKey);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            throw new SchemaFileException(file, message.substring(0, colon), message.substring(colon + 1).strip());
        }
    }

    private List<Column> columns(Path file, JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new SchemaFileException(file, "columns", "must be a non-empty array of column objects");
        }
        List<Column> columns = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String field = "columns[" + i + "]";
            JsonNode column = node.get(i);
            if (!column.isObject()) {
                throw new SchemaFileException(file, field, "must be an object with name and type");
            }
            rejectUnknownFields(file, column, COLUMN_FIELDS, field + ".");
            Identifier name = identifier(file, column.get("name"), field + ".name");
            ColumnType type;
            try {
                type = ColumnType.parse(requiredText(file, column.get("type"), field + ".type"));
            } catch (IllegalArgumentException e) {
                throw new SchemaFileException(file, field + ".type", e.getMessage());
            }
            JsonNode nullable = column.get("nullable");
            if (nullable != null && !nullable.isBoolean()) {
                throw new SchemaFileException(file, field + ".nullable", "must be true or false");
            }
            optionalText(file, column.get("description"), field + ".description");
            columns.add(new Column(name, type, nullable == null || nullable.booleanValue(),
                    declaredDefault(file, column.get("default"), type, field + ".default")));
        }
        return columns;
    }

    private static Optional<Object> declaredDefault(Path file, JsonNode node, ColumnType type, String field) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            throw new SchemaFileException(file, field, "cannot be null; leave the field out for no default");
        }
        try {
            return Optional.of(DeclaredDefault.parse(node, type));
        } catch (IllegalArgumentException e) {
            throw new SchemaFileException(file, field, e.getMessage());
        }
    }

    private List<Identifier> primaryKey(Path file, JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new SchemaFileException(file, "primaryKey", "must be an array of column names");
        }
        List<Identifier> key = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            key.add(identifier(file, node.get(i), "primaryKey[" + i + "]"));
        }
        return key;
    }

    private static Identifier identifier(Path file, JsonNode node, String field) {
        String text = requiredText(file, node, field);
        if (!Identifier.isValid(text)) {
            throw new SchemaFileException(file, field, "'" + text + "' is not a valid name: use 1 to 63 letters,"
                    + " digits or underscores, starting with a letter or underscore");
        }
        return new Identifier(text);
    }

    private static String requiredText(Path file, JsonNode node, String field) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new SchemaFileException(file, field, "is required and must be a non-empty string");
        }
        return node.textValue();
    }

    private static String optionalText(Path file, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new SchemaFileException(file, field, "must be a string");
        }
        return node.textValue();
    }

    private static void rejectUnknownFields(Path file, JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new SchemaFileException(file, prefix + name, "is not a known field; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }
}
