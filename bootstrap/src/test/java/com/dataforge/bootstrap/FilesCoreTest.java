package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.application.read.SelectionLimits;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.application.write.LoadFiles;
import com.dataforge.application.write.LoadFilesCommand;
import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbFileLoader;
import com.dataforge.infrastructure.duckdb.DuckDbFileWriter;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The files core against a real DuckDB: selections written by DuckDB's writers and read back by a separate database,
 * files loaded under the bulk-insert rules, every refusal leaving the table as it was and every connection and
 * Arrow buffer returned. The directory's name holds a quote, so a path built into SQL text would break.
 */
class FilesCoreTest {

    private static final TableSchema WITH_DEFAULT = new TableSchema(new Identifier("with_default"), "", List.of(
            new Column(new Identifier("id"), ColumnType.of(ColumnType.Kind.BIGINT), false),
            new Column(new Identifier("label"), ColumnType.of(ColumnType.Kind.VARCHAR), true, Optional.of("none"))),
            List.of(new Identifier("id")));

    @TempDir
    static Path temp;
    static Path files;
    static DuckDbDatabase database;
    static ConnectionPool pool;
    static BufferAllocator allocator;
    static LoadFiles loadFiles;
    static ExportSelection export;

    @BeforeAll
    static void open() throws IOException {
        files = Files.createDirectories(temp.resolve("it's files"));
        DeclaredSchemaCatalog catalog = DeclaredSchemaCatalog.builder().directory(TestDatabase.schemas(temp))
                .schema(WITH_DEFAULT, "the test").build();
        database = DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(), Optional.empty(),
                Optional.empty()));
        new DuckDbTableManager(database).ensureTables(catalog.all(), name -> "the test");
        pool = new ConnectionPool("test", database.connectionFactory(), new PoolSettings(2, Duration.ofSeconds(5),
                Duration.ZERO));
        allocator = new RootAllocator();
        loadFiles = new LoadFiles(catalog, new DuckDbFileLoader(pool, allocator), 1_000);
        export = new ExportSelection(catalog, new DuckDbFileWriter(pool, new DuckDbArrowTableReader(pool, allocator,
                Long.MAX_VALUE)), SelectionLimits.DEFAULTS);
    }

    @BeforeEach
    void seed() {
        sql("DELETE FROM all_types", "DELETE FROM with_default",
                "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES);
    }

    @AfterEach
    void released() {
        assertEquals(0, allocator.getAllocatedMemory(), "every describe released its Arrow memory");
        assertEquals(0, pool.stats().active(), "every load and export returned its connection");
    }

    @AfterAll
    static void close() {
        pool.close();
        allocator.close();
        database.close();
    }

    /**
     * NDJSON leaves out the DECIMAL(18,3) column: DuckDB's JSON reader reads numbers as doubles, which do not hold
     * its 18 digits (see FileReaders).
     */
    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void everyTypeRoundTripsThroughAFileAndAnotherDatabaseReadsItAsWritten(FileFormat format) throws SQLException {
        Path file = files.resolve("all'types." + format.extension());
        List<String> columns = format == FileFormat.NDJSON ? List.of("id", "c_boolean", "c_tinyint", "c_smallint",
                "c_bigint", "c_float", "c_double", "c_varchar", "c_blob", "c_date", "c_time", "c_timestamp",
                "c_timestamptz", "c_uuid") : List.of();
        assertEquals(3, export.export(query("all_types", columns, Map.of()), new DataFile(file, format),
                Long.MAX_VALUE, RowScope.ALL));

        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = other.createStatement()) {
            statement.execute("CREATE TABLE expected " + TestDatabase.ALL_TYPES_COLUMNS);
            statement.execute("INSERT INTO expected VALUES " + TestDatabase.ALL_TYPES_EXTREMES);
            if (format == FileFormat.PARQUET) {
                // Parquet keeps every type: the file alone, read by a reader we did not write, equals the table.
                assertEquals(0, count(other, "SELECT * FROM expected EXCEPT SELECT * FROM read_parquet(?)", file));
                assertEquals(0, count(other, "SELECT * FROM read_parquet(?) EXCEPT SELECT * FROM expected", file));
                assertEquals(List.of("INTEGER", "BOOLEAN", "TINYINT", "SMALLINT", "BIGINT", "FLOAT", "DOUBLE",
                        "DECIMAL(18,3)", "VARCHAR", "BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
                        "UUID"), types(other, file));
            }
        }

        sql("DELETE FROM all_types");
        InsertOutcome loaded = loadFiles.load(new LoadFilesCommand("all_types",
                List.of(new DataFile(file, format)), ConflictPolicy.ERROR), RowScope.ALL);
        assertEquals(new InsertOutcome(3, 0, 0), loaded);
        sql("CREATE OR REPLACE TABLE expected AS SELECT * FROM all_types WHERE false",
                "INSERT INTO expected VALUES " + TestDatabase.ALL_TYPES_EXTREMES,
                format == FileFormat.NDJSON ? "UPDATE expected SET c_decimal = NULL" : "SELECT 1");
        assertEquals(0, count("SELECT * FROM expected EXCEPT SELECT * FROM all_types"));
        assertEquals(0, count("SELECT * FROM all_types EXCEPT SELECT * FROM expected"));
    }

    @Test
    void anExportHonoursColumnsFiltersOrderAndLimit() throws SQLException {
        Path file = files.resolve("selection.parquet");
        long rows = export.export(query("all_types", List.of("id", "c_varchar"),
                Map.of("c_bigint", List.of("not.null"), "order", List.of("id.desc"), "limit", List.of("1"))),
                new DataFile(file, FileFormat.PARQUET), Long.MAX_VALUE, RowScope.ALL);
        assertEquals(1, rows);
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = other.prepareStatement("SELECT * FROM read_parquet(?)")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                assertEquals(2, result.getMetaData().getColumnCount());
                assertTrue(result.next());
                assertEquals(3, result.getInt("id"));
                assertEquals("", result.getString("c_varchar"));
                assertFalse(result.next());
            }
        }
    }

    @Test
    void anExportPastItsSizeLimitIsRefusedAndLeavesNoFile() {
        Path file = files.resolve("too large.csv");
        TooLargeException refused = assertThrows(TooLargeException.class, () -> export.export(
                query("all_types", List.of(), Map.of()), new DataFile(file, FileFormat.CSV), 10, RowScope.ALL));
        assertEquals("max_spool_bytes", refused.limit());
        assertFalse(Files.exists(file));
    }

    /**
     * The export is stopped as the file passes its limit, not refused once DuckDB has written all of it: the file
     * was stopped well short of its whole size. The target exists beforehand, as a spooled file does, which is when
     * DuckDB would write to a file of another name unless told not to.
     */
    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void anExportIsStoppedAsItPassesItsLimit(FileFormat format) throws IOException {
        sql("CREATE OR REPLACE TABLE wide AS SELECT range::INTEGER AS id, sha256(range::VARCHAR) AS c_varchar"
                + " FROM range(500000)", "INSERT INTO all_types (id, c_varchar) SELECT id + 10, c_varchar FROM wide",
                "DROP TABLE wide");
        Path whole = files.resolve("whole." + format.extension());
        export.export(query("all_types", List.of("id", "c_varchar"), Map.of()), new DataFile(whole, format),
                Long.MAX_VALUE, RowScope.ALL);
        long wholeSize = Files.size(whole);
        Path file = Files.createFile(files.resolve("stopped." + format.extension()));

        TooLargeException refused = assertThrows(TooLargeException.class, () -> export.export(
                query("all_types", List.of("id", "c_varchar"), Map.of()), new DataFile(file, format), 1_000_000,
                RowScope.ALL));
        long stoppedAt = Long.parseLong(refused.getMessage().replaceAll(".*stopped at (\\d+) bytes.*", "$1"));
        assertTrue(stoppedAt > 1_000_000 && stoppedAt < wholeSize / 2, stoppedAt + " of " + wholeSize);
        assertFalse(Files.exists(file));
        try (var left = Files.list(files)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("tmp_")).toList());
        }
    }

    /**
     * Stopping an export cancels DuckDB's COPY; with DuckDB's asynchronous file writes on, about one cancel in ten
     * never returned (the writer waited for its write tasks forever), holding the request and its connection. Many
     * stops in a row each end.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anExportStoppedAgainAndAgainEndsEveryTime() throws IOException {
        sql("INSERT INTO all_types (id, c_varchar) SELECT range + 10, sha256(range::VARCHAR) FROM range(500000)");
        for (FileFormat format : FileFormat.values()) {
            for (int stop = 0; stop < 20; stop++) {
                Path file = Files.createFile(files.resolve("stopped-" + stop + "." + format.extension()));
                assertThrows(TooLargeException.class, () -> export.export(query("all_types", List.of("id",
                        "c_varchar"), Map.of()), new DataFile(file, format), 1_000_000, RowScope.ALL));
                assertFalse(Files.exists(file));
            }
        }
    }

    @Test
    void aMissingNullableColumnIsNullAndADeclaredDefaultFillsItsColumn() throws SQLException {
        Path idsOnly = writeParquet("ids.parquet", "SELECT 7::INTEGER AS id, 'x' AS c_varchar");
        loadFiles.load(new LoadFilesCommand("all_types", List.of(new DataFile(idsOnly, FileFormat.PARQUET)),
                ConflictPolicy.ERROR), RowScope.ALL);
        assertEquals(1, count("SELECT * FROM all_types WHERE id = 7 AND c_varchar = 'x' AND c_bigint IS NULL"
                + " AND c_uuid IS NULL"));

        Path csv = write("ids.csv", "id\n1\n2\n");
        loadFiles.load(new LoadFilesCommand("with_default", List.of(new DataFile(csv, FileFormat.CSV)),
                ConflictPolicy.ERROR), RowScope.ALL);
        assertEquals(2, count("SELECT * FROM with_default WHERE label = 'none'"));
    }

    @Test
    void aParquetColumnOfAnotherTypeIsRefusedNamingTheFileColumnAndBothTypes() throws SQLException {
        Path file = writeParquet("wrong.parquet", "SELECT 8::INTEGER AS id, 'big' AS c_tinyint");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file,
                FileFormat.PARQUET));
        assertEquals("c_tinyint", refused.parameter());
        assertContains(refused.getMessage(), "wrong.parquet", "TINYINT", "VARCHAR");
        assertUnchanged();
    }

    @Test
    void anUnknownColumnIsRefused() throws SQLException {
        Path file = writeParquet("unknown.parquet", "SELECT 8::INTEGER AS id, 1 AS nope");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file,
                FileFormat.PARQUET));
        assertEquals("nope", refused.parameter());
        assertUnchanged();
    }

    @Test
    void aCsvRowThatDoesNotConvertIsRefusedNamingItsLine() {
        Path file = write("bad row.csv", "id,c_bigint\n10,1\n11,2\n12,twelve\n13,4\n");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file,
                FileFormat.CSV));
        assertEquals("c_bigint", refused.parameter());
        assertContains(refused.getMessage(), "bad row.csv", "line 4", "twelve");
        assertFalse(refused.getMessage().contains("auto-detected"), refused.getMessage());
        assertUnchanged();
    }

    /** A BLOB is base64 in a text file, as the API writes it; other text is refused, naming the column. */
    @ParameterizedTest
    @EnumSource(value = FileFormat.class, names = {"CSV", "NDJSON"})
    void aBlobThatIsNotBase64IsRefusedNamingItsColumn(FileFormat format) {
        Path file = write("bad blob." + format.extension(), format == FileFormat.CSV
                ? "id,c_blob\n10,AP8=\n11,\\x00 not base64\n" : "{\"id\": 10, \"c_blob\": \"AP8=\"}\n"
                + "{\"id\": 11, \"c_blob\": \"\\\\x00 not base64\"}\n");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file, format));
        assertEquals("c_blob", refused.parameter());
        assertContains(refused.getMessage(), "bad blob", "base64", "x00 not base64");
        assertUnchanged();
    }

    @Test
    void anNdjsonValueThatDoesNotConvertIsRefusedNamingItsLine() {
        Path file = write("bad.ndjson", "{\"id\": 20, \"c_bigint\": 1}\n{\"id\": 21, \"c_bigint\": \"x\"}\n");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file,
                FileFormat.NDJSON));
        assertContains(refused.getMessage(), "bad.ndjson", "line 2");
        assertUnchanged();
    }

    @Test
    void aTruncatedOrCorruptParquetFileAndAFileOfAnotherFormatAreRefused() throws IOException, SQLException {
        Path whole = writeParquet("whole.parquet", "SELECT range::INTEGER AS id FROM range(100, 200)");
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = files.resolve("truncated.parquet");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 20));
        Path corrupt = files.resolve("corrupt.parquet");
        byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, 8, bytes.length / 2, (byte) 0);
        Files.write(corrupt, zeroed);
        Path csv = write("actually.csv", "id\n1\n");
        for (Path file : List.of(truncated, corrupt, csv)) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> load(file,
                    FileFormat.PARQUET));
            assertEquals("file", refused.parameter());
            assertContains(refused.getMessage(), file.getFileName().toString(), "not a readable Parquet file");
        }
        assertUnchanged();
    }

    @Test
    void aMissingFileIsNotFound() {
        NotFoundException refused = assertThrows(NotFoundException.class, () -> load(files.resolve("nowhere.parquet"),
                FileFormat.PARQUET));
        assertContains(refused.getMessage(), "nowhere.parquet", "does not exist");
    }

    @Test
    void allFilesLoadOrNoneDoes() throws SQLException {
        Path good = writeParquet("good.parquet", "SELECT range::INTEGER AS id FROM range(100, 110)");
        Path bad = write("bad.csv", "id\n200\nnot a number\n");
        assertThrows(InvalidRequestException.class, () -> loadFiles.load(new LoadFilesCommand("all_types",
                List.of(new DataFile(good, FileFormat.PARQUET), new DataFile(bad, FileFormat.CSV)),
                ConflictPolicy.ERROR), RowScope.ALL));
        assertUnchanged();
    }

    @Test
    void conflictsFollowThePolicy() throws SQLException {
        Path file = writeParquet("conflict.parquet",
                "SELECT id::INTEGER AS id, c_varchar FROM (VALUES (1, 'one'), (50, 'fifty')) t(id, c_varchar)");
        ConflictException conflict = assertThrows(ConflictException.class, () -> load(file, FileFormat.PARQUET));
        assertContains(conflict.getMessage(), "id");
        assertUnchanged();
        assertEquals(new InsertOutcome(1, 0, 1), loadFiles.load(new LoadFilesCommand("all_types",
                List.of(new DataFile(file, FileFormat.PARQUET)), ConflictPolicy.IGNORE), RowScope.ALL));
        assertEquals(new InsertOutcome(0, 2, 0), loadFiles.load(new LoadFilesCommand("all_types",
                List.of(new DataFile(file, FileFormat.PARQUET)), ConflictPolicy.UPDATE), RowScope.ALL));
        assertEquals(1, count("SELECT * FROM all_types WHERE id = 1 AND c_varchar = 'one' AND c_bigint IS NOT NULL"));
    }

    @Test
    void moreRowsThanALoadMayInsertAreRefused() throws SQLException {
        Path file = writeParquet("many.parquet", "SELECT range::INTEGER AS id FROM range(100, 1101)");
        TooLargeException refused = assertThrows(TooLargeException.class, () -> load(file, FileFormat.PARQUET));
        assertEquals("max_upload_rows", refused.limit());
        assertUnchanged();
    }

    private static InsertOutcome load(Path file, FileFormat format) {
        return loadFiles.load(new LoadFilesCommand("all_types", List.of(new DataFile(file, format)),
                ConflictPolicy.ERROR), RowScope.ALL);
    }

    private static BulkReadQuery query(String schema, List<String> columns, Map<String, List<String>> parameters) {
        Map<String, List<String>> filters = new java.util.LinkedHashMap<>(parameters);
        Optional<String> order = Optional.ofNullable(filters.remove("order")).map(List::getFirst);
        Optional<String> limit = Optional.ofNullable(filters.remove("limit")).map(List::getFirst);
        return new BulkReadQuery(schema, columns, new SelectionParameters(filters, order, limit, Optional.empty()),
                BulkReadQuery.DEFAULT_BATCH_ROWS);
    }

    private static void assertUnchanged() {
        assertEquals(3, count("SELECT * FROM all_types"), "the table holds exactly its seeded rows");
        assertEquals(3, count("SELECT * FROM all_types WHERE id IN (1, 2, 3)"));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    private static Path write(String name, String content) {
        try {
            return Files.writeString(files.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Parquet file written by a database of its own, as a client's tool would. */
    private static Path writeParquet(String name, String select) throws SQLException {
        Path file = files.resolve(name);
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = other.prepareStatement("COPY (" + select + ") TO ? (FORMAT parquet)")) {
            statement.setString(1, file.toString());
            statement.execute();
        }
        return file;
    }

    private static List<String> types(Connection connection, Path file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            statement.setString(1, file.toString());
            List<String> types = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    types.add(result.getString("column_type"));
                }
            }
            return types;
        }
    }

    private static long count(Connection connection, String select, Path file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM (" + select + ")")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long count(String select) {
        try (PooledConnection pooled = pool.borrow(); Statement statement = pooled.connection().createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM (" + select + ")")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String... statements) {
        try (PooledConnection pooled = pool.borrow(); Statement statement = pooled.connection().createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
