package com.dataforge.domain.table;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of rows and its format. Its path reaches the database only as a bound parameter.
 *
 * @param name what messages call the file: its path as the caller gave it, or, for a file the server spooled a
 *     request body to, "the request body", so that no message shows a server's path
 */
public record DataFile(Path path, FileFormat format, String name) {

    public DataFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(name, "name");
    }

    /** A file that messages name by its path. */
    public DataFile(Path path, FileFormat format) {
        this(path, format, "file '" + path + "'");
    }

    @Override
    public String toString() {
        return name;
    }
}
