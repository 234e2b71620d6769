package com.dataforge.domain.table;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of rows and its format. Its path reaches the database only as a bound parameter.
 *
 * @param name what messages call the file: its path as the caller gave it, or, for a file the server spooled a
 *     request body to, "the request body", so that no message shows a server's path
 * @param parameter what a refusal of the file as a whole names as the input at fault: "file", or "body"
 */
public record DataFile(Path path, FileFormat format, String name, String parameter) {

    public DataFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameter, "parameter");
    }

    /** A file the caller named, which messages name by its path. */
    public DataFile(Path path, FileFormat format) {
        this(path, format, "file '" + path + "'", "file");
    }

    /** A file the server spooled a request's body to. */
    public static DataFile requestBody(Path path, FileFormat format) {
        return new DataFile(path, format, "the request body", "body");
    }

    @Override
    public String toString() {
        return name;
    }
}
