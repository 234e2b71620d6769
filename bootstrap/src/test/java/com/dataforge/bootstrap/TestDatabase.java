package com.dataforge.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test data: the test schema files, and a DuckDB file seeded before a server opens it. */
public final class TestDatabase {

    static final List<String> SCHEMA_FILES = List.of("all_types.json", "empty_table.json", "numbers.json",
            "well_production.json");

    /** Rows of all_types: 1 holds each type's largest value, 2 only NULLs, 3 each type's smallest value. */
    static final String ALL_TYPES_EXTREMES = """
            (1, true, 127, 32767, 9223372036854775807, 3.5, 1.7976931348623157e308, 999999999999999.999,
             'héllo, "wörld" 世界 🚀', '\\x00\\xFF'::BLOB, DATE '2024-02-29', TIME '23:59:59.999999',
             TIMESTAMP '2024-02-29 23:59:59.123456', TIMESTAMPTZ '2024-02-29 23:59:59.123456+00',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (3, false, -128, -32768, -9223372036854775808, -0.25, -2.5e-308, -0.001,
             '', ''::BLOB, DATE '1970-01-01', TIME '00:00:00', TIMESTAMP '1900-01-01 00:00:00',
             TIMESTAMPTZ '1970-01-01 00:00:00+00', '00000000-0000-0000-0000-000000000000')""";

    /** all_types' columns as DDL declares them, for a table of its rows in a database of a test's own. */
    static final String ALL_TYPES_COLUMNS = "(id INTEGER, c_boolean BOOLEAN, c_tinyint TINYINT, c_smallint SMALLINT,"
            + " c_bigint BIGINT, c_float FLOAT, c_double DOUBLE, c_decimal DECIMAL(18,3), c_varchar VARCHAR,"
            + " c_blob BLOB, c_date DATE, c_time TIME, c_timestamp TIMESTAMP, c_timestamptz TIMESTAMPTZ, c_uuid UUID)";

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

    /**
     * Each row as its values' text joined by |, BLOBs in hex, read while no server has the file open. (DuckDB's JDBC
     * driver answers a BLOB with a {@link Blob} whose text names only its length.)
     */
    static List<String> rows(Path database, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet result = query.executeQuery()) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.append(i > 1 ? "|" : "").append(value instanceof Blob blob
                            ? HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length())) : String.valueOf(value));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
