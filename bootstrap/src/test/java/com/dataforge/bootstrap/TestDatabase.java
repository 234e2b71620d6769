package com.dataforge.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Test data: the test schema files, and a DuckDB file seeded before a server opens it. */
public final class TestDatabase {

    static final List<String> SCHEMA_FILES = List.of("all_types.json", "empty_table.json", "numbers.json",
            "well_production.json");

    private TestDatabase() {
    }

    /** Copies the test schema files into {@code directory}/schemas and returns that directory. */
    public static Path schemas(Path directory) {
        Path schemas = directory.resolve("schemas");
        try {
            Files.createDirectories(schemas);
            for (String file : SCHEMA_FILES) {
                try (InputStream in = TestDatabase.class.getResourceAsStream("/schemas/" + file)) {
                    Files.copy(in, schemas.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    /** Runs SQL against a database file while no server has it open. */
    static void execute(Path database, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
