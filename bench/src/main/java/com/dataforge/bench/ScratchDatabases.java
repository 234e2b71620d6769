package com.dataforge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A new database file for each timed run, numbered under the benchmark's directory, and its removal after. */
final class ScratchDatabases {

    private final Path directory;
    private final String prefix;
    private int made;

    /** @param prefix names the section's files, so that a left-over file says where it came from */
    ScratchDatabases(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    Path next() {
        return directory.resolve(prefix + "-" + ++made + ".duckdb");
    }

    /** Each run leaves a database of hundreds of MB; the next would otherwise compete with it for the page cache. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
