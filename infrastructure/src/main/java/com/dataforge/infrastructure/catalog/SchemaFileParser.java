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
 * Parses one schema declaration in the schema file format (see DESIGN.md, "Schema files"), from a file or from text
 * given in code, and checks declarations built in code by the same rules ({@link #declare}). Strict: an unknown
 * field is an error rather than a typo silently ignored, and every error names the field, e.g.
 * {@code columns[3].type}.
 */
public final class SchemaFileParser {

    /** One column of a declaration, as written: its name and type still text, checked by {@link #declare}. */
    public record ColumnDeclaration(String name, String type, boolean nullable) {
    }

    private static final Set<String> SCHEMA_FIELDS = Set.of("name", "description", "primaryKey", "columns");
    private static final Set<String> COLUMN_FIELDS = Set.of("name", "type", "nullable", "default",
            "description");

    /** Decimal defaults are read exactly, not through a double. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The declared default of column {@code index}, once its type is known; a schema built in code has none. */
    private interface Defaults {
        Optional<Object> of(int index, ColumnType type);
    }

    public TableSchema parse(Path file, String content) {
        return parse(SchemaFileException.origin(file), content);
    }

    /** @param origin where the text came from, as messages name it, e.g. {@code schema text 2} */
    public TableSchema parse(String origin, String content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JsonProcessingException e) {
            throw new SchemaFileException(origin, "", "is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr());
        }
        if (root == null || !root.isObject()) {
            throw new SchemaFileException(origin, "", "must hold one JSON object");
        }
        rejectUnknownFields(origin, root, SCHEMA_FIELDS, "");
        JsonNode columns = root.get("columns");
        return declare(origin, requiredText(origin, root.get("name"), "name"),
                optionalText(origin, root.get("description"), "description"), columns(origin, columns),
                primaryKey(origin, root.get("primaryKey")), (index, type) -> declaredDefault(origin,
                        columns.get(index).get("default"), type, "columns[" + index + "].default"));
    }

    /**
     * Checks a declaration whose shape is right (a schema file's once its JSON is read, or one built in code) and
     * makes it a schema.
     *
     * @throws SchemaFileException naming {@code origin} and the field at fault
     */
    public static TableSchema declare(String origin, String name, String description,
            List<ColumnDeclaration> columns, List<String> primaryKey) {
        return declare(origin, name, description, columns, primaryKey, (index, type) -> Optional.empty());
    }

    private static TableSchema declare(String origin, String name, String description,
            List<ColumnDeclaration> columns, List<String> primaryKey, Defaults defaults) {
        Identifier schemaName = identifier(origin, name, "name");
        if (columns.isEmpty()) {
            throw new SchemaFileException(origin, "columns", "must be a non-empty array of column objects");
        }
        List<Column> declared = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            String field = "columns[" + i + "]";
            ColumnDeclaration column = columns.get(i);
            Identifier columnName = identifier(origin, column.name(), field + ".name");
            ColumnType type;
            try {
                type = ColumnType.parse(column.type());
            } catch (IllegalArgumentException e) {
                throw new SchemaFileException(origin, field + ".type", e.getMessage());
            }
            declared.add(new Column(columnName, type, column.nullable(), defaults.of(i, type)));
        }
        List<Identifier> key = new ArrayList<>(primaryKey.size());
        for (int i = 0; i < primaryKey.size(); i++) {
            key.add(identifier(origin, primaryKey.get(i), "primaryKey[" + i + "]"));
        }
        try {
            return new TableSchema(schemaName, description, declared, key);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            throw new SchemaFileException(origin, message.substring(0, colon), message.substring(colon + 1).strip());
        }
    }

    private List<ColumnDeclaration> columns(String origin, JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new SchemaFileException(origin, "columns", "must be a non-empty array of column objects");
        }
        List<ColumnDeclaration> columns = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String field = "columns[" + i + "]";
            JsonNode column = node.get(i);
            if (!column.isObject()) {
                throw new SchemaFileException(origin, field, "must be an object with name and type");
            }
            rejectUnknownFields(origin, column, COLUMN_FIELDS, field + ".");
            JsonNode nullable = column.get("nullable");
            if (nullable != null && !nullable.isBoolean()) {
                throw new SchemaFileException(origin, field + ".nullable", "must be true or false");
            }
            optionalText(origin, column.get("description"), field + ".description");
            columns.add(new ColumnDeclaration(requiredText(origin, column.get("name"), field + ".name"),
                    requiredText(origin, column.get("type"), field + ".type"),
                    nullable == null || nullable.booleanValue()));
        }
        return columns;
    }

    private static Optional<Object> declaredDefault(String origin, JsonNode node, ColumnType type, String field) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            throw new SchemaFileException(origin, field, "cannot be null; leave the field out for no default");
        }
        try {
            return Optional.of(DeclaredDefault.parse(node, type));
        } catch (IllegalArgumentException e) {
            throw new SchemaFileException(origin, field, e.getMessage());
        }
    }

    private List<String> primaryKey(String origin, JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new SchemaFileException(origin, "primaryKey", "must be an array of column names");
        }
        List<String> key = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            key.add(requiredText(origin, node.get(i), "primaryKey[" + i + "]"));
        }
        return key;
    }

    private static Identifier identifier(String origin, String text, String field) {
        if (text == null || text.isBlank()) {
            throw new SchemaFileException(origin, field, "is required and must be a non-empty string");
        }
        if (!Identifier.isValid(text)) {
            throw new SchemaFileException(origin, field, "'" + text + "' is not a valid name: use 1 to 63 letters,"
                    + " digits or underscores, starting with a letter or underscore");
        }
        return new Identifier(text);
    }

    private static String requiredText(String origin, JsonNode node, String field) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new SchemaFileException(origin, field, "is required and must be a non-empty string");
        }
        return node.textValue();
    }

    private static String optionalText(String origin, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new SchemaFileException(origin, field, "must be a string");
        }
        return node.textValue();
    }

    private static void rejectUnknownFields(String origin, JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new SchemaFileException(origin, prefix + name, "is not a known field; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }
}
