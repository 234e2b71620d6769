package com.dataforge.infrastructure.catalog;

import java.nio.file.Path;

/** A schema file that cannot be served; the message names the file and the field at fault. */
public final class SchemaFileException extends RuntimeException {

    public SchemaFileException(Path file, String field, String problem) {
        super("schema file " + file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem);
    }

    public SchemaFileException(Path file, String problem, Throwable cause) {
        super("schema file " + file + ": " + problem, cause);
    }
}
