package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads answered as Parquet over real HTTP: the file DuckDB writes is read back by a separate DuckDB (a reader we did
 * not write), value by value for every column type; the selection's parameters apply; Content-Length is the body's
 * length; and the spooled file is gone after a success, a refusal and a client that hangs up half-way.
 */
class ParquetOverHttpTest {

    static final String PARQUET = "application/vnd.apache.parquet";
    /** Rows of wide_rows: enough that its Parquet file outgrows the socket buffers of a client that stops reading. */
    static final int WIDE_ROWS = 400_000;

    /** Files are not kept for reuse here, so that each request's own file is seen to go; UrlReadsTest keeps them. */
    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) -> defaults
            .spoolDirectory(directory.resolve("spool")).maxSpoolBytes(64 << 20).spoolCacheTime(Duration.ZERO))
            .schema("wide_rows.json", """
                    {"name": "wide_rows", "primaryKey": ["id"], "columns": [
                      {"name": "id", "type": "BIGINT", "nullable": false},
                      {"name": "digest", "type": "VARCHAR"}]}
                    """)
            .seed("INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES,
                    "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(10000)",
                    // Hashes do not compress, so the file is as large as its rows.
                    "INSERT INTO wide_rows SELECT range, sha256(range::VARCHAR) FROM range(" + WIDE_ROWS + ")");
    static final HttpArrowClient client = server.client();

    @AfterAll
    static void stop() {
        server.server().close();
        assertEquals(List.of(), entries(spool()), "the server removed its spool directory when it stopped");
    }

    /** The test server's nothing-held check follows this one. */
    @AfterEach
    void nothingLeft() throws InterruptedException {
        Await.until(() -> spooledFiles().isEmpty(), Duration.ofSeconds(10),
                "every spooled file removed: " + spooledFiles());
    }

    @Test
    void everyColumnTypeArrivesAsStoredReadByAnotherDuckDb() throws SQLException, IOException {
        Path file = download("/api/v1/arrow/bulk-read/all_types");
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = other.createStatement()) {
            statement.execute("CREATE TABLE expected " + TestDatabase.ALL_TYPES_COLUMNS);
            statement.execute("INSERT INTO expected VALUES " + TestDatabase.ALL_TYPES_EXTREMES);
            assertEquals(0, count(other, "SELECT * FROM expected EXCEPT SELECT * FROM read_parquet(?)", file));
            assertEquals(0, count(other, "SELECT * FROM read_parquet(?) EXCEPT SELECT * FROM expected", file));
            assertEquals(3, count(other, "SELECT * FROM read_parquet(?)", file));
            assertEquals(List.of("INTEGER", "BOOLEAN", "TINYINT", "SMALLINT", "BIGINT", "FLOAT", "DOUBLE",
                    "DECIMAL(18,3)", "VARCHAR", "BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
                    "UUID"), column(other, "SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", file));
            assertEquals(List.of("ZSTD"), column(other, "SELECT DISTINCT compression FROM parquet_metadata(?)",
                    file));
        }
    }

    @Test
    void theRecordListingHonoursColumnsFiltersOrderAndLimit() throws SQLException, IOException {
        Path file = download("/api/v1/records/numbers?columns=label,n&n=gte.100&label=like.n1%25&order=n.desc"
                + "&limit=3&offset=1");
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(List.of("label", "n"), column(other,
                    "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))", file));
            // n >= 100 with a label starting n1, largest first, the first skipped: 1999, 1998, 1997.
            assertEquals(List.of("n1998:1998", "n1997:1997", "n1996:1996"), column(other,
                    "SELECT label || ':' || n FROM read_parquet(?)", file));
        }
    }

    @Test
    void acceptMustNameParquetAndCompressionDoesNotApply() throws IOException {
        HttpResponse<InputStream> any = client.get("/api/v1/arrow/bulk-read/numbers?limit=1", "Accept", "*/*");
        assertEquals("application/vnd.apache.arrow.stream", any.headers().firstValue("Content-Type").orElseThrow());
        any.body().close();

        HttpResponse<InputStream> compressed = client.get("/api/v1/arrow/bulk-read/numbers?compression=zstd",
                "Accept", PARQUET);
        JsonNode problem = client.json(compressed);
        assertEquals(400, compressed.statusCode());
        assertEquals("compression", problem.get("parameter").asText());
    }

    @Test
    void aFileLargerThanTheSpoolLimitIsRefusedWith413AndRemoved() throws IOException {
        try (DataForgeServer small = DataForge.builder().port(0).schemas(TestDatabase.schemas(
                server.directory().resolve("small"))).inMemoryDatabase().demoRows(50_000).spoolDirectory(spool())
                .maxSpoolBytes(100_000).spoolCacheTime(Duration.ZERO).start()) {
            HttpArrowClient smallClient = new HttpArrowClient(small.baseUri());
            HttpResponse<InputStream> response = smallClient.get("/api/v1/arrow/bulk-read/well_production",
                    "Accept", PARQUET);
            JsonNode problem = smallClient.json(response);
            assertEquals(413, response.statusCode(), problem::toString);
            assertEquals("max_spool_bytes", problem.get("parameter").asText());
            assertTrue(problem.get("detail").asText().contains("100000 bytes"), problem::toString);
            assertEquals(List.of(), spooledFiles());
            // The server still serves, the same selection in a smaller form.
            Path file = download(smallClient, "/api/v1/arrow/bulk-read/well_production?limit=10&columns=well_code",
                    server.directory());
            assertTrue(Files.size(file) < 100_000);
        }
    }

    @Test
    void aClientThatHangsUpMidDownloadLeavesNoFileBehind() throws IOException, InterruptedException, SQLException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/arrow/bulk-read/wide_rows HTTP/1.1\r\nHost: x\r\nAccept: " + PARQUET
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(64 * 1024);
            assertEquals(64 * 1024, first.length, "the download had started");
            String head = new String(first, 0, 512, StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-length: "), head);
            assertEquals(1, spooledFiles().size(), "the file is spooled while it is sent");
        }
        Await.until(() -> spooledFiles().isEmpty(), Duration.ofSeconds(20),
                "the spooled file removed after the client hung up");
        // The whole file still downloads afterwards.
        Path file = download("/api/v1/arrow/bulk-read/wide_rows?columns=id");
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(WIDE_ROWS, count(other, "SELECT * FROM read_parquet(?)", file));
        }
    }

    /** GETs a Parquet response, checks its headers and length, and saves it where the test can read it. */
    static Path download(String pathAndQuery) throws IOException {
        return download(client, pathAndQuery, server.directory());
    }

    /** @param into where the file is saved */
    static Path download(HttpArrowClient on, String pathAndQuery, Path into) throws IOException {
        HttpResponse<InputStream> response = on.get(pathAndQuery, "Accept", PARQUET);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        assertEquals(200, response.statusCode(), () -> new String(body, StandardCharsets.UTF_8));
        assertEquals(PARQUET, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(body.length, Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow()));
        assertFalse(response.headers().firstValue("Transfer-Encoding").isPresent());
        assertEquals("PAR1", new String(body, body.length - 4, 4, StandardCharsets.US_ASCII), "a Parquet footer");
        Path file = Files.createTempFile(into, "download-", ".parquet");
        Files.write(file, body);
        return file;
    }

    static List<Path> spooledFiles() {
        return spooledFiles(spool());
    }

    /** The spool root the test server (and the small one) were given. */
    static Path spool() {
        return server.directory().resolve("spool");
    }

    /** Regular files anywhere under {@code spool}, a server's spool root. */
    static List<Path> spooledFiles(Path spool) {
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(spool)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> entries(Path directory) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(Connection connection, String select, Path file) throws SQLException {
        return Long.parseLong(column(connection, "SELECT count(*) FROM (" + select + ")", file).getFirst());
    }

    static List<String> column(Connection connection, String sql, Path file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            List<String> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }
}
