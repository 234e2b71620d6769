package com.dataforge.infrastructure.catalog;

import java.nio.file.Path;

/**
 * A schema file that cannot be served, or a schema directory that cannot be; the message names the file and the
 * field at fault, or the directory.
 */
public final class SchemaFileException extends RuntimeException {

    public SchemaFileException(Path file, String field, String problem) {
        super("schema file " + file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem);
    }

    public SchemaFileException(Path file, String problem, Throwable cause) {
        super("schema file " + file + ": " + problem, cause);
    }

    private SchemaFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param problem what is wrong with the directory, completing "schema directory /abs/path " */
    static SchemaFileException ofDirectory(Path directory, String problem) {
        return ofDirectory(directory, problem, null);
    }

    static SchemaFileException ofDirectory(Path directory, String problem, Throwable cause) {
        return new SchemaFileException("schema directory " + directory.toAbsolutePath() + " " + problem, cause);
    }
}
