package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataforge import} and {@code export} as users run them, each a child JVM on the module path, against a real
 * DuckDB file and a real HTTP server: every format out and back in, keeping every value of every type, directly and
 * through a server; globs, conflict modes, all-or-nothing across files; each bad input refused with one line that
 * names the file (and column or line) and the table left as it was; a database held by a server; API keys; Ctrl-C.
 */
class FileTransferCommandTest {

    private static final String WELLS = """
            {"name": "wells", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "INTEGER", "nullable": false},
              {"name": "depth", "type": "DOUBLE"},
              {"name": "name", "type": "VARCHAR"}]}
            """;
    /** Nullable columns with declared defaults of several types, and one (depth) without. */
    private static final String READINGS = """
            {"name": "readings", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "INTEGER", "nullable": false},
              {"name": "depth", "type": "DOUBLE"},
              {"name": "status", "type": "VARCHAR", "default": "unchecked"},
              {"name": "checked_on", "type": "DATE", "default": "2024-01-31"},
              {"name": "tag", "type": "UUID", "default": "123e4567-e89b-12d3-a456-426614174000"},
              {"name": "budget", "type": "DECIMAL(10,2)", "default": 12.5}]}
            """;
    private static final String READING_ROWS = "SELECT * FROM readings ORDER BY id";
    /**
     * NDJSON is left out of the all-types round trip: a DECIMAL is a JSON number there (as in the API's NDJSON), which
     * DuckDB's JSON reader takes as a double, so all_types' 18-digit extreme does not read back (see the README note;
     * ExportTextTest round-trips NDJSON without that column).
     */
    private static final List<String> EXTENSIONS = List.of("parquet", "csv", "arrow", "arrows");
    private static final String ALL_TYPES = "SELECT * FROM all_types ORDER BY id";
    private static final String WELL_ROWS = "SELECT * FROM wells ORDER BY id";

    @TempDir
    Path directory;
    Path schemas;
    Path database;

    @BeforeEach
    void tablesWithRows() throws IOException {
        schemas = TestDatabase.schemas(directory);
        Files.writeString(schemas.resolve("wells.json"), WELLS);
        Files.writeString(schemas.resolve("readings.json"), READINGS);
        database = directory.resolve("db.duckdb");
        DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0).start().close();
        TestDatabase.execute(database, "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES,
                "INSERT INTO wells VALUES (1, 10.5, 'one'), (2, NULL, 'two')");
    }

    @Test
    void everyFormatWrittenAndReadBackDirectlyKeepsEveryValueOfEveryType() {
        List<String> original = TestDatabase.rows(database, ALL_TYPES);
        for (String extension : EXTENSIONS) {
            Path file = directory.resolve("all." + extension);
            ServerProcess export = direct("export", "all_types", file.toString());
            assertEquals(0, export.waitFor(), export.output());
            assertTrue(export.output().contains("exported 3 rows of all_types"), export.output());

            Path copy = directory.resolve("copy-" + extension + ".duckdb");
            ServerProcess load = dataforge("import", "all_types", file.toString(), "--db", copy.toString(),
                    "--schemas", schemas.toString());
            assertEquals(0, load.waitFor(), load.output());
            assertTrue(load.output().contains("imported 3 rows into all_types from 1 file"), load.output());
            assertEquals(original, TestDatabase.rows(copy, ALL_TYPES), extension);
        }
    }

    @Test
    void everyFormatWrittenAndReadBackThroughARunningServer() {
        List<String> original = TestDatabase.rows(database, ALL_TYPES);
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            String url = server.baseUri().toString();
            for (String extension : EXTENSIONS) {
                Path file = directory.resolve("remote." + extension);
                ServerProcess export = dataforge("export", "all_types", file.toString(), "--url", url);
                assertEquals(0, export.waitFor(), export.output());

                // Every row is already stored: replacing each by the file's must leave every value as it was.
                ServerProcess load = dataforge("import", "all_types", file.toString(), "--url", url,
                        "--on-conflict", "update");
                assertEquals(0, load.waitFor(), load.output());
                assertTrue(load.output().contains("imported 0 rows into all_types, updated 3"), load.output());
            }
        }
        assertEquals(original, TestDatabase.rows(database, ALL_TYPES));
    }

    @Test
    void aGlobLoadsEveryMatchingFileAndTheConflictModesDoWhatTheySay() {
        writeWells("part-1.parquet", 10, 20, "FORMAT parquet");
        writeWells("part-2.parquet", 20, 30, "FORMAT parquet");
        String glob = directory.resolve("part-*.parquet").toString();

        ServerProcess first = direct("import", "wells", glob);
        assertEquals(0, first.waitFor(), first.output());
        assertTrue(first.output().contains("imported 20 rows into wells from 2 files"), first.output());
        assertEquals(22, count());

        List<String> before = TestDatabase.rows(database, WELL_ROWS);
        ServerProcess again = direct("import", "wells", glob);
        assertEquals(1, again.waitFor(), again.output());
        assertTrue(again.output().contains("is already in table 'wells'"), again.output());
        assertEquals(before, TestDatabase.rows(database, WELL_ROWS), "a conflict imports nothing");

        ServerProcess ignore = direct("import", "wells", glob, "--on-conflict", "ignore");
        assertEquals(0, ignore.waitFor(), ignore.output());
        assertTrue(ignore.output().contains("imported 0 rows into wells, ignored 20"), ignore.output());

        writeWells("deeper.parquet", 10, 12, "FORMAT parquet", "id * 100.0::DOUBLE");
        ServerProcess update = direct("import", "wells", directory.resolve("deeper.parquet").toString(),
                "--on-conflict", "update");
        assertEquals(0, update.waitFor(), update.output());
        assertEquals(List.of("10|1000.0|well 10", "11|1100.0|well 11"),
                TestDatabase.rows(database, "SELECT * FROM wells WHERE id IN (10, 11) ORDER BY id"));
    }

    @Test
    void aBadSecondFileLeavesTheFirstOutToo() throws IOException {
        writeWells("good.parquet", 100, 110, "FORMAT parquet");
        Path bad = Files.writeString(directory.resolve("bad.csv"), "id,depth,name\n200,1.5,a\nx,2.5,b\n");
        List<String> before = TestDatabase.rows(database, WELL_ROWS);

        ServerProcess load = direct("import", "wells", directory.resolve("good.parquet").toString(), bad.toString());

        assertEquals(1, load.waitFor(), load.output());
        assertTrue(load.output().contains("bad.csv") && load.output().contains("line 3"), load.output());
        assertEquals(before, TestDatabase.rows(database, WELL_ROWS));
    }

    @Test
    void eachBadInputIsOneLineNamingTheFileAndTheTableStaysAsItWas() throws IOException {
        Path csvAsParquet = Files.writeString(directory.resolve("other.parquet"), "id,depth\n1,2\n");
        writeWells("typed.parquet", 50, 52, "FORMAT parquet", "'deep'");
        Path noHeader = Files.writeString(directory.resolve("unknown.csv"), "id,height\n7,1\n");
        List<String> before = TestDatabase.rows(database, WELL_ROWS);

        assertRefused(direct("import", "wells", csvAsParquet.toString()), "other.parquet", "not a Parquet file");
        assertRefused(direct("import", "wells", directory.resolve("typed.parquet").toString()), "typed.parquet",
                "column 'depth' is DOUBLE", "VARCHAR");
        assertRefused(direct("import", "wells", directory.resolve("missing.parquet").toString()), "missing.parquet",
                "no such file");
        assertRefused(direct("import", "wells", directory.resolve("nothing-*.csv").toString()), "nothing-*.csv",
                "no file matches");
        assertRefused(direct("import", "wells", noHeader.toString()), "unknown.csv", "column 'height' of",
                "is not in schema 'wells'");
        assertRefused(direct("import", "nowhere", noHeader.toString()), "nowhere");
        assertEquals(before, TestDatabase.rows(database, WELL_ROWS));
    }

    @Test
    void aMissingNullableColumnIsNull() {
        Path file = copyToFile("short.ndjson", "SELECT 9 AS id, 'nine' AS name", "FORMAT json");
        ServerProcess load = direct("import", "wells", file.toString());
        assertEquals(0, load.waitFor(), load.output());
        assertEquals(List.of("9|null|nine"), TestDatabase.rows(database, "SELECT * FROM wells WHERE id = 9"));
    }

    /**
     * Two files, one without the defaulted columns, make one upload through a server: the file without them gets
     * their defaults, as an import of it alone would, which the client learns from the server's schema description;
     * the other file's values, NULLs included, are kept.
     */
    @Test
    void throughAServerAFileWithoutADefaultedColumnGetsItsDefault() {
        Path full = copyToFile("full.parquet", "SELECT 1 AS id, 1.5::DOUBLE AS depth, 'ok' AS status,"
                + " DATE '2025-05-05' AS checked_on, UUID '00000000-0000-0000-0000-000000000001' AS tag,"
                + " 3.25::DECIMAL(10,2) AS budget UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL", "FORMAT parquet");
        Path lacking = copyToFile("lacking.parquet", "SELECT 3 AS id, 4.5::DOUBLE AS depth", "FORMAT parquet");
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            ServerProcess load = dataforge("import", "readings", full.toString(), lacking.toString(), "--url",
                    server.baseUri().toString());
            assertEquals(0, load.waitFor(), load.output());
            assertTrue(load.output().contains("imported 3 rows into readings"), load.output());
        }
        assertEquals(List.of("1|1.5|ok|2025-05-05|00000000-0000-0000-0000-000000000001|3.25",
                "2|null|null|null|null|null",
                "3|4.5|unchecked|2024-01-31|123e4567-e89b-12d3-a456-426614174000|12.50"),
                TestDatabase.rows(database, READING_ROWS));
    }

    /**
     * The same directly into the database file with Arrow IPC files, which are read as one stream too: the file
     * without status and budget gets their defaults; columns neither file has get theirs from the insert.
     */
    @Test
    void directlyAnArrowFileWithoutADefaultedColumnGetsItsDefault() {
        Schema fullSchema = new Schema(List.of(ArrowUploads.field("id", new ArrowType.Int(32, true), false),
                ArrowUploads.field("depth", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true),
                ArrowUploads.field("status", ArrowType.Utf8.INSTANCE, true),
                ArrowUploads.field("budget", new ArrowType.Decimal(10, 2, 128), true)));
        Schema lackingSchema = new Schema(fullSchema.getFields().subList(0, 2));
        Path full = directory.resolve("full.arrows");
        Path lacking = directory.resolve("lacking.arrows");
        try (BufferAllocator allocator = new RootAllocator()) {
            Files.write(full, ArrowUploads.rows(allocator, fullSchema, List.of(
                    List.of(1, 1.5, "ok", new BigDecimal("3.25")), Arrays.asList(2, null, null, null))));
            Files.write(lacking, ArrowUploads.rows(allocator, lackingSchema, List.of(List.of(3, 4.5))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        ServerProcess load = direct("import", "readings", full.toString(), lacking.toString());
        assertEquals(0, load.waitFor(), load.output());
        assertEquals(List.of("1|1.5|ok|2024-01-31|123e4567-e89b-12d3-a456-426614174000|3.25",
                "2|null|null|2024-01-31|123e4567-e89b-12d3-a456-426614174000|null",
                "3|4.5|unchecked|2024-01-31|123e4567-e89b-12d3-a456-426614174000|12.50"),
                TestDatabase.rows(database, READING_ROWS));
    }

    @Test
    void aDatabaseAServerHoldsIsRefusedWithTheWayThroughIt() throws IOException {
        Path file = writeWells("more.parquet", 60, 62, "FORMAT parquet");
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            ServerProcess load = direct("import", "wells", file.toString());
            assertEquals(1, load.waitFor(), load.output());
            assertTrue(load.output().contains("locked by another process") && load.output().contains("--url"),
                    load.output());
        }
        assertEquals(2, count());
    }

    @Test
    void throughAServerThatAsksForKeysTheKeyIsSent() throws IOException {
        String key = "etl-key-0123456789abcdef";
        Path keys = Files.writeString(directory.resolve("keys.json"), "{\"keys\": [{\"name\": \"etl\", \"sha256\": \""
                + sha256(key) + "\", \"permissions\": {\"wells\": \"write\"}}]}");
        Path file = writeWells("keyed.parquet", 70, 73, "FORMAT parquet");
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .keyFile(keys).start()) {
            String url = server.baseUri().toString();
            ServerProcess refused = dataforge("import", "wells", file.toString(), "--url", url);
            assertEquals(1, refused.waitFor(), refused.output());
            assertTrue(refused.output().contains("HTTP 401"), refused.output());

            ServerProcess load = dataforge("import", "wells", file.toString(), "--url", url, "--key", key);
            assertEquals(0, load.waitFor(), load.output());
            assertTrue(load.output().contains("imported 3 rows into wells"), load.output());
        }
        assertEquals(5, count());
    }

    @Test
    void ctrlCRollsTheImportBack() {
        Path file = writeWells("big.parquet", 1_000, 4_000_000, "FORMAT parquet");
        List<String> before = TestDatabase.rows(database, WELL_ROWS);

        ServerProcess load = ServerProcess.launch("import", "wells", file.toString(), "--progress", "--db",
                database.toString(), "--schemas", schemas.toString());
        try (load) {
            // A rate is shown once DuckDB has read rows: the import is under way.
            load.awaitOutput("rows/s");
            assertEquals(130, load.interrupt(), load.output());
        }
        assertTrue(load.output().contains("import interrupted: ending now"), load.output());
        assertFalse(load.output().contains("imported"), load.output());
        assertEquals(before, TestDatabase.rows(database, WELL_ROWS));
    }

    @Test
    void ctrlCCutsAnUploadOffAndTheServerRollsItBack() {
        TestDatabase.execute(database, "INSERT INTO wells SELECT id, id * 0.5, 'well ' || id FROM range(10, 3000010)"
                + " r(id)");
        Path file = directory.resolve("big.arrows");
        ServerProcess export = direct("export", "wells", file.toString(), "--filter", "id=gte.10");
        assertEquals(0, export.waitFor(), export.output());
        TestDatabase.execute(database, "DELETE FROM wells WHERE id >= 10", "CHECKPOINT");
        List<String> before = TestDatabase.rows(database, WELL_ROWS);

        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            ServerProcess load = ServerProcess.launch("import", "wells", file.toString(), "--progress", "--url",
                    server.baseUri().toString());
            try (load) {
                load.awaitOutput("rows/s");
                assertEquals(130, load.interrupt(), load.output());
            }
            assertTrue(load.output().contains("interrupted, stopping"), load.output());
            assertTrue(load.output().contains("cancelled: nothing was changed"), load.output());
        }
        assertEquals(before, TestDatabase.rows(database, WELL_ROWS));
    }

    @Test
    void exportWritesTheSelectionTheApiWouldAndNeverOverwritesUnasked() throws IOException {
        Path csv = directory.resolve("wells.csv");
        ServerProcess export = direct("export", "wells", csv.toString(), "--columns", "id,name", "--filter",
                "id=gte.1", "--filter", "name=like.t*", "--order", "id.desc", "--limit", "5");
        assertEquals(0, export.waitFor(), export.output());
        assertEquals("id,name\r\n2,two\r\n", Files.readString(csv));

        ServerProcess again = direct("export", "wells", csv.toString());
        assertEquals(1, again.waitFor(), again.output());
        assertTrue(again.output().contains("exists; give --force"), again.output());
        assertEquals("id,name\r\n2,two\r\n", Files.readString(csv));

        ServerProcess forced = direct("export", "wells", csv.toString(), "--force", "--order", "id");
        assertEquals(0, forced.waitFor(), forced.output());
        assertEquals("id,depth,name\r\n1,10.5,one\r\n2,,two\r\n", Files.readString(csv));

        assertRefused(direct("export", "wells", directory.resolve("x.csv").toString(), "--filter", "height=eq.1"),
                "height");
        assertFalse(Files.exists(directory.resolve("x.csv")));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".part")).toList(), "no file left over");
        }
    }

    @Test
    void aCommandLineThatCannotBeUnderstoodExitsWithTwo() {
        ServerProcess noFile = dataforge("import", "wells");
        assertEquals(2, noFile.waitFor(), noFile.output());
        assertTrue(noFile.output().contains("Usage: dataforge import"), noFile.output());
        ServerProcess unknown = dataforge("export", "wells", "x.csv", "--colums", "id");
        assertEquals(2, unknown.waitFor(), unknown.output());
        assertTrue(unknown.output().contains("unknown option '--colums'"), unknown.output());
    }

    private void assertRefused(ServerProcess process, String... expected) {
        int status = process.waitFor();
        assertEquals(1, status, process.output());
        for (String text : expected) {
            assertTrue(process.output().contains(text), "expected '" + text + "' in:\n" + process.output());
        }
        List<String> errors = process.output().lines().filter(line -> line.startsWith("dataforge:")).toList();
        assertEquals(1, errors.size(), process.output());
    }

    /** The command on this test's database and schemas, directly. */
    private ServerProcess direct(String command, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--db", database.toString(), "--schemas", schemas.toString()));
        return dataforge(command, all.toArray(String[]::new));
    }

    private static ServerProcess dataforge(String command, String... arguments) {
        return ServerProcess.run(command, arguments);
    }

    /** Rows {@code from} until {@code to} of wells, {@code depth} as given (SQL over {@code id}). */
    private Path writeWells(String name, int from, int to, String format, String... depth) {
        String depthSql = depth.length == 0 ? "id * 1.5::DOUBLE" : depth[0];
        return copyToFile(name, "SELECT id::INTEGER AS id, " + depthSql + " AS depth, 'well ' || id AS name FROM"
                + " range(" + from + ", " + to + ") r(id)", format);
    }

    /** The rows of {@code query} written by DuckDB's COPY in {@code format} to {@code name} in the test's folder. */
    private Path copyToFile(String name, String query, String format) {
        Path file = directory.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement copy = connection.prepareStatement("COPY (" + query + ") TO ? (" + format + ")")) {
            copy.setString(1, file.toString());
            copy.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private long count() {
        return Long.parseLong(TestDatabase.rows(database, "SELECT count(*) FROM wells").getFirst());
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
