package com.dataforge.infrastructure.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glob patterns expand as DuckDB's readers expand them, and a pattern that matches nothing is refused. */
class InputFilesTest {

    @TempDir
    Path directory;

    @Test
    void doubleStarIsAnyNumberOfDirectoriesNoneIncluded() throws IOException {
        Path top = file("data/a.parquet");
        Path nested = file("data/2024/b.parquet");
        Path deeper = file("data/2024/06/c.parquet");
        file("data/notes.txt");

        assertEquals(List.of(deeper, nested, top), InputFiles.expand(List.of(directory + "/data/**/*.parquet")));
        assertEquals(List.of(top), InputFiles.expand(List.of(directory + "/data/*.parquet")));
        assertEquals(List.of(deeper), InputFiles.expand(List.of(directory + "/data/**/06/*.parquet")));
    }

    @Test
    void aPatternThatMatchesNothingIsRefusedNamingIt() {
        String pattern = directory + "/data/**/*.csv";
        TransferException refusal = assertThrows(TransferException.class, () -> InputFiles.expand(List.of(pattern)));

        assertEquals(pattern + ": no file matches this pattern", refusal.getMessage());
    }

    private Path file(String name) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }
}
