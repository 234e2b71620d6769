package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A CSV or NDJSON file that {@code export} writes, directly from the database file or through a running server
 * ({@code --url}), is byte for byte the API's response of the same selection in that format, for a column of every
 * type with its extremes, NaN and the infinities, a line break and a quote; and it loads back ({@code import}) as the
 * rows it was written from.
 */
class ExportTextTest {

    /** Beyond all_types' extremes: what only some formats can spell (NaN, infinities, a line break, a fraction). */
    private static final String ODD_VALUES = """
            INSERT INTO all_types VALUES
            (4, true, 0, 0, 0, 'NaN', 'Infinity', 1.500, e'line\\nbreak, "q"', '\\x0A\\x22\\x2C'::BLOB,
             DATE '0001-01-01', TIME '13:45:00', TIMESTAMP '2024-01-31 13:45:00', TIMESTAMPTZ '2024-01-31 13:45:00+02',
             NULL),
            (5, NULL, NULL, NULL, NULL, '-Infinity', -0.0, 0.000, ' ,lead', NULL, NULL, TIME '00:00:00.000001',
             TIMESTAMP '1969-12-31 23:59:59.5', NULL, NULL)""";
    private static final String ALL_ROWS = "SELECT * FROM all_types ORDER BY id";
    /** Every column but the DECIMAL, which DuckDB's JSON reader takes as a double (see FileReaders). */
    private static final String NO_DECIMAL = "id,c_boolean,c_tinyint,c_smallint,c_bigint,c_float,c_double,c_varchar,"
            + "c_blob,c_date,c_time,c_timestamp,c_timestamptz,c_uuid";

    @TempDir
    Path directory;
    Path schemas;
    Path database;

    @BeforeEach
    void everyTypeWithItsOddValues() {
        schemas = TestDatabase.schemas(directory);
        database = directory.resolve("db.duckdb");
        DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0).start().close();
        TestDatabase.execute(database, "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES, ODD_VALUES);
    }

    @ParameterizedTest
    @CsvSource({"csv, text/csv", "ndjson, application/x-ndjson"})
    void theFileIsTheApisResponseDirectlyAndThroughAServer(String extension, String mediaType) throws Exception {
        ExportQuery everything = query(List.of(), List.of(), "id", null);
        ExportQuery selection = query(List.of("c_timestamptz", "id", "c_blob", "c_double"), List.of("id=gte.2"),
                "id.desc", "3");
        byte[] everythingDirect = export(FileTransfer.direct(settings()), everything, "all-direct." + extension);
        byte[] selectionDirect = export(FileTransfer.direct(settings()), selection, "some-direct." + extension);

        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            byte[] everythingApi = get(server, "order=id", mediaType);
            byte[] selectionApi = get(server, "columns=c_timestamptz,id,c_blob,c_double&id=gte.2&order=id.desc"
                    + "&limit=3", mediaType);
            assertArrayEquals(everythingApi, everythingDirect, "every row, directly");
            assertArrayEquals(selectionApi, selectionDirect, "a selection, directly");
            assertArrayEquals(everythingApi, export(remote(server), everything, "all-remote." + extension),
                    "every row, through --url");
            assertArrayEquals(selectionApi, export(remote(server), selection, "some-remote." + extension),
                    "a selection, through --url");
            TestServer.assertNothingHeld(server);
        }
    }

    @Test
    void anExportedCsvLoadsBackAsTheRowsItWasWrittenFrom() throws IOException {
        assertLoadsBack(query(List.of(), List.of(), "id", null), "all.csv", ALL_ROWS);
    }

    @Test
    void anExportedNdjsonLoadsBackAsTheRowsItWasWrittenFrom() throws IOException {
        assertLoadsBack(query(List.of(NO_DECIMAL.split(",")), List.of(), "id", null), "all.ndjson",
                "SELECT " + NO_DECIMAL + " FROM all_types ORDER BY id");
    }

    /**
     * The API's own responses, saved as files, load back too: a BLOB is base64 in both, which the file readers
     * decode (they took DuckDB's {@code \x00} escapes before, and stored the base64 text's bytes).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"csv | text/csv | *", "ndjson | application/x-ndjson | " + NO_DECIMAL})
    void theApisResponseSavedAsAFileLoadsBackAsItsRows(String extension, String mediaType, String columns)
            throws Exception {
        Path file = directory.resolve("response." + extension);
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database).demoRows(0)
                .start()) {
            Files.write(file, get(server, "order=id" + (columns.equals("*") ? "" : "&columns=" + columns),
                    mediaType));
        }
        assertLoadsBack(file, "SELECT " + columns + " FROM all_types ORDER BY id");
    }

    private void assertLoadsBack(ExportQuery selection, String name, String rowsSql) throws IOException {
        export(FileTransfer.direct(settings()), selection, name);
        assertLoadsBack(directory.resolve(name), rowsSql);
    }

    private void assertLoadsBack(Path file, String rowsSql) {
        Path copy = directory.resolve("copy.duckdb");
        TransferResult loaded = FileTransfer.direct(DataForge.builder().schemas(schemas).database(copy))
                .importFiles("all_types", List.of(file.toString()), "error");
        assertEquals(5, loaded.rows());
        assertEquals(TestDatabase.rows(database, rowsSql), TestDatabase.rows(copy, rowsSql));
    }

    private DataForge settings() {
        return DataForge.builder().schemas(schemas).database(database);
    }

    /** One transfer object per transfer, as the command makes it. */
    private static FileTransfer remote(DataForgeServer server) {
        return FileTransfer.remote(server.baseUri(), Optional.empty(), Optional.empty());
    }

    private static ExportQuery query(List<String> columns, List<String> filters, String order, String limit) {
        return new ExportQuery(columns, filters, Optional.of(order), Optional.ofNullable(limit), Optional.empty());
    }

    private byte[] export(FileTransfer transfer, ExportQuery selection, String name) throws IOException {
        Path file = directory.resolve(name);
        transfer.exportTo("all_types", selection, file, false);
        return Files.readAllBytes(file);
    }

    private static byte[] get(DataForgeServer server, String query, String mediaType)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.baseUri()
                    .resolve("/api/v1/arrow/bulk-read/all_types?" + query)).header("Accept", mediaType).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), new String(response.body()));
            return response.body();
        }
    }
}
