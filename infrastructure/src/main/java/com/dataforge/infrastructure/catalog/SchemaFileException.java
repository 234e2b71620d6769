package com.dataforge.infrastructure.catalog;

import java.nio.file.Path;

/**
 * A schema declaration that cannot be served (a schema file, schema text or a schema built in code), or a schema
 * directory that cannot be; the message names where the declaration came from and the field at fault, or the
 * directory. An illegal argument, so that an application embedding Data Forge can catch it without reading this
 * module.
 */
final class SchemaFileException extends IllegalArgumentException {

    /** @param origin where the declaration came from, e.g. {@code schema file /srv/schemas/t.json} */
    public SchemaFileException(String origin, String field, String problem) {
        super(origin + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem);
    }

    public SchemaFileException(Path file, String field, String problem) {
        this(origin(file), field, problem);
    }

    public SchemaFileException(Path file, String problem, Throwable cause) {
        super(origin(file) + ": " + problem, cause);
    }

    private SchemaFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** How messages name a schema file. */
    static String origin(Path file) {
        return "schema file " + file;
    }

    /** @param problem what is wrong with the directory, completing "schema directory /abs/path " */
    static SchemaFileException ofDirectory(Path directory, String problem) {
        return ofDirectory(directory, problem, null);
    }

    static SchemaFileException ofDirectory(Path directory, String problem, Throwable cause) {
        return new SchemaFileException("schema directory " + directory.toAbsolutePath() + " " + problem, cause);
    }
}
