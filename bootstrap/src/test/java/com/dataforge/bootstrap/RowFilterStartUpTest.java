package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A row filter that does not fit the schemas served stops start-up before the database is touched. */
class RowFilterStartUpTest {

    @TempDir
    Path directory;

    @Test
    void aRowFilterOnAColumnTheSchemaLacksStopsStartUpNamingTheFileKeyAndColumn() throws IOException {
        Path keys = Files.writeString(directory.resolve("keys.json"), """
                {"keys": [{"name": "etl", "sha256": "%s", "permissions": {"numbers": "read"}},
                          {"name": "north", "sha256": "%s",
                           "permissions": {"numbers": {"access": "read", "rows": "n=gte.1&lable=eq.a"}}}]}
                """.formatted(AuthenticationTest.sha256("a"), AuthenticationTest.sha256("b")));
        DataForge settings = DataForge.builder().port(0).schemas(TestDatabase.schemas(directory)).keyFile(keys)
                .database(directory.resolve("data", "refused.duckdb"));

        String message = assertThrows(IllegalArgumentException.class, settings::start).getMessage();

        assertEquals("key file " + keys + ", key 2 (north), schema numbers: \"rows\": 'lable' in the row filter"
                + " 'n=gte.1&lable=eq.a' is not a column of schema 'numbers' (its columns are [n, square, label]); a"
                + " row filter holds column filters only", message);
        assertFalse(Files.exists(directory.resolve("data")), "the database directory was created");
    }
}
