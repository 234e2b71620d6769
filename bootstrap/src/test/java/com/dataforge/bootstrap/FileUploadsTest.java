package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parquet and CSV bodies for bulk-insert over real HTTP: loaded under the Arrow upload's rules, and every refusal a
 * precise 4xx that leaves the table as it was, the spooled body removed, every connection and Arrow buffer returned,
 * and the server serving.
 */
class FileUploadsTest {

    static final String PARQUET = ParquetOverHttpTest.PARQUET;
    static final long MAX_UPLOAD_BYTES = 1_000_000;
    static final String NUMBERS = "/api/v1/arrow/bulk-insert/numbers";

    /** No Parquet response is kept for reuse, so that the spool is seen empty after each upload. */
    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) -> defaults
            .spoolDirectory(directory.resolve("spool")).maxUploadBytes(MAX_UPLOAD_BYTES)
            .spoolCacheTime(Duration.ZERO))
            .seed("INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES,
                    "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(100)");
    static final HttpArrowClient client = server.client();

    /** The tables' rows before each test, which a refusal must leave as they were. */
    long numbersBefore;
    long allTypesBefore;

    @BeforeEach
    void countRows() {
        numbersBefore = count("numbers");
        allTypesBefore = count("all_types");
    }

    /** The test server's nothing-held check follows this one. */
    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), ParquetOverHttpTest.spooledFiles(spool()), "every spooled body removed");
        assertEquals(200, client.status("/api/v1/arrow/bulk-read/numbers?limit=1"), "the server still serves");
    }

    @Test
    void aParquetFileOfEveryTypeLoadsAsStored() throws SQLException, IOException {
        byte[] file = parquet(List.of("CREATE TABLE stored " + TestDatabase.ALL_TYPES_COLUMNS,
                "INSERT INTO stored VALUES " + TestDatabase.ALL_TYPES_EXTREMES), "SELECT id + 100 AS id,"
                + " * EXCLUDE (id) FROM stored");
        JsonNode outcome = accepted(post("/api/v1/arrow/bulk-insert/all_types", PARQUET, file));
        assertEquals(3, outcome.get("rows_inserted").asLong());

        // Read back as Parquet and compared, in another database, with the rows as first stored.
        Path stored = ParquetOverHttpTest.download(client, "/api/v1/arrow/bulk-read/all_types?order=id",
                server.directory());
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = other.prepareStatement("SELECT count(*) FROM (SELECT * EXCLUDE (id)"
                        + " FROM read_parquet(?) WHERE id < 100 EXCEPT SELECT * EXCLUDE (id) FROM read_parquet(?)"
                        + " WHERE id > 100)")) {
            statement.setString(1, stored.toString());
            statement.setString(2, stored.toString());
            assertEquals(0, ParquetOverHttpTest.count(other, "SELECT * FROM read_parquet(?) WHERE id > 100",
                    stored) - 3);
            try (var result = statement.executeQuery()) {
                result.next();
                assertEquals(0, result.getLong(1), "the uploaded rows equal the stored ones, every column");
            }
        }
    }

    @Test
    void aParquetFileWithoutANullableColumnLeavesItNull() throws SQLException {
        byte[] file = parquet("SELECT range + 1000 AS n, 'p' || range AS label FROM range(5)");
        assertEquals(5, accepted(post(NUMBERS, PARQUET, file)).get("rows_inserted").asLong());
        assertEquals(5, client.json(client.get("/api/v1/records/numbers/count?n=gte.1000&square=is.null"))
                .get("count").asLong());
    }

    @Test
    void aCsvBodyLoadsByItsHeaderAndOnConflictApplies() {
        byte[] csv = "label,n\n\"a, quoted\",2000\n,2001\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, accepted(post(NUMBERS, "text/csv; charset=utf-8", csv)).get("rows_inserted").asLong());
        JsonNode first = client.json(client.get("/api/v1/records/numbers/2000"));
        assertEquals("a, quoted", first.get("label").asText());
        assertTrue(client.json(client.get("/api/v1/records/numbers/2001")).get("label").isNull());

        JsonNode ignored = accepted(post(NUMBERS + "?on_conflict=ignore", "text/csv", csv));
        assertEquals(0, ignored.get("rows_inserted").asLong());
        assertEquals(2, ignored.get("rows_ignored").asLong());
    }

    @Test
    void aParquetColumnOfTheWrongTypeIsRefusedNamingIt() throws SQLException {
        byte[] file = parquet("SELECT 3000 AS n, 'big' AS square");
        refused(post(NUMBERS, PARQUET, file), 400, "square", "BIGINT", "VARCHAR", "the request body");
    }

    @Test
    void aCsvRowThatDoesNotConvertIsRefusedNamingItsLine() {
        refused(post(NUMBERS, "text/csv", "n,square\n3000,1\n3001,two\n".getBytes(StandardCharsets.UTF_8)), 400,
                "square", "line 3", "the request body");
    }

    @Test
    void anUnknownCsvColumnIsRefused() {
        refused(post(NUMBERS, "text/csv", "n,cube\n3000,1\n".getBytes(StandardCharsets.UTF_8)), 400, "cube",
                "not in schema");
    }

    @Test
    void aTruncatedParquetBodyIsRefused() throws SQLException {
        byte[] whole = parquet("SELECT range + 4000 AS n FROM range(1000)");
        refused(post(NUMBERS, PARQUET, Arrays.copyOf(whole, whole.length / 2)), 400, "body",
                "not a readable Parquet file");
    }

    @Test
    void anArrowStreamSentAsParquetOrAsCsvIsRefused() {
        byte[] arrow;
        try (BufferAllocator allocator = new RootAllocator()) {
            arrow = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 5000, 1, 10);
        }
        refused(post(NUMBERS, PARQUET, arrow), 400, "body", "not a readable Parquet file");
        JsonNode csv = refused(post(NUMBERS, "text/csv", arrow), 400);
        assertFalse(csv.get("detail").asText().isEmpty());
    }

    /** Past Arrow's limit on a name it imports from DuckDB (32,767 bytes), once a 500. */
    @Test
    void aCsvHeaderTooLongToBeAColumnNameIsRefused() {
        byte[] oneLine = "1".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        refused(post(NUMBERS, "text/csv", oneLine), 400, "body", "40000 characters long", "at most 63");
    }

    @Test
    void anEmptyBodyIsRefused() {
        refused(post(NUMBERS, PARQUET, new byte[0]), 400, "body");
        refused(post(NUMBERS, "text/csv", new byte[0]), 400);
    }

    @Test
    void aBodyOverTheUploadLimitIsRefusedWith413() {
        byte[] large = ("n\n" + "1\n".repeat((int) MAX_UPLOAD_BYTES)).getBytes(StandardCharsets.US_ASCII);
        refused(post(NUMBERS, "text/csv", large), 413, "max_upload_bytes");
        // Chunked, with no Content-Length to refuse it up front: the limit holds as the bytes arrive.
        HttpRequest chunked = HttpRequest.newBuilder(server.baseUri().resolve(NUMBERS))
                .header("Content-Type", PARQUET)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large)))
                .build();
        refused(client.send(chunked), 413, "max_upload_bytes");
    }

    /**
     * A client that sends its whole body before it reads (most do, unless they ask for 100-continue) still gets the
     * refusal: the server reads and drops what is left of a refused body, where closing the connection with bytes
     * still arriving would reset it and lose the 413 on the way.
     */
    @Test
    void aClientThatSendsItsWholeOversizedBodyBeforeReadingGetsThe413() throws IOException {
        byte[] large = ("n\n" + "1\n".repeat(3 * (int) MAX_UPLOAD_BYTES)).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + NUMBERS + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                    + large.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(large);
            out.flush();
            String response = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", response);
        }
        assertEquals(numbersBefore, count("numbers"), "the table is unchanged");
    }

    /** A client that hangs up half-way through its body leaves no spooled file and no row behind. */
    @Test
    void aClientThatHangsUpMidUploadLeavesNothingBehind() throws IOException, InterruptedException {
        byte[] half = ("n\n" + "7\n".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + NUMBERS + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                    + 2 * half.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(half);
            out.flush();
            Await.until(() -> ParquetOverHttpTest.spooledFiles(spool()).size() == 1,
                    Duration.ofSeconds(10), "the body is being spooled");
        }
        Await.until(() -> ParquetOverHttpTest.spooledFiles(spool()).isEmpty(), Duration.ofSeconds(20),
                "the spooled body removed after the client hung up");
        assertEquals(numbersBefore, count("numbers"), "the table is unchanged");
        // The client's failure, not the server's: no 500 (and no ERROR line) for it.
        assertFalse(TextFormatsEndToEndTest.text(client.get("/metrics")).contains("status=\"500\""));
    }

    @Test
    void anotherMediaTypeIsRefusedListingTheAcceptedOnes() {
        refused(post(NUMBERS, "application/json", "[]".getBytes(StandardCharsets.UTF_8)), 415,
                "application/vnd.apache.arrow.stream", PARQUET, "text/csv");
    }

    private static HttpResponse<InputStream> post(String path, String contentType, byte[] body) {
        return client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static JsonNode accepted(HttpResponse<InputStream> response) {
        JsonNode body = client.json(response);
        assertEquals(200, response.statusCode(), body::toString);
        return body;
    }

    /**
     * Checks a refusal and that the tables hold the rows they held before the test.
     *
     * @param parameterThenDetail the problem's parameter (when the first is a parameter name), then texts the
     *     detail must hold; the detail must never show the server's spool path
     */
    private JsonNode refused(HttpResponse<InputStream> response, int status, String... parameterThenDetail) {
        JsonNode problem = client.json(response);
        assertEquals(status, response.statusCode(), problem::toString);
        String detail = problem.get("detail").asText();
        for (int i = 0; i < parameterThenDetail.length; i++) {
            String expected = parameterThenDetail[i];
            if (i == 0 && expected.matches("\\w+")) {
                assertEquals(expected, problem.path("parameter").asText(), problem::toString);
            } else {
                assertTrue(detail.contains(expected), "'" + expected + "' in: " + detail);
            }
        }
        assertFalse(detail.contains(spool().toString()), detail);
        assertEquals(numbersBefore, count("numbers"), "the table is unchanged");
        assertEquals(allTypesBefore, count("all_types"), "the table is unchanged");
        return problem;
    }

    /** The test server's spool root. */
    private static Path spool() {
        return server.directory().resolve("spool");
    }

    private static long count(String schema) {
        return client.json(client.get("/api/v1/records/" + schema + "/count")).get("count").asLong();
    }

    /** A Parquet file as a client's tool writes it: by another database, of the rows {@code select} gives. */
    private static byte[] parquet(String select) throws SQLException {
        return parquet(List.of(), select);
    }

    /** @param setup statements run first in the other database, such as a table to select from */
    private static byte[] parquet(List<String> setup, String select) throws SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = other.createStatement()) {
            for (String sql : setup) {
                statement.execute(sql);
            }
            Path file = server.directory().resolve("upload-" + System.nanoTime() + ".parquet");
            try (PreparedStatement copy = other.prepareStatement("COPY (" + select + ") TO ? (FORMAT parquet)")) {
                copy.setString(1, file.toString());
                copy.execute();
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
