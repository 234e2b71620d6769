package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.ParquetOverHttpTest.column;
import static com.dataforge.bootstrap.ParquetOverHttpTest.count;
import static com.dataforge.bootstrap.ParquetOverHttpTest.spooledFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.SelectionLimits;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table read by URL alone, as pandas, Polars and DuckDB's httpfs read it: {@code format=} in place of Accept, and
 * for Parquet HEAD with Content-Length and ETag, then byte ranges of one file, reused by the same caller's requests
 * for the same selection until a write or its age drops it. Every byte is read back by a real reader: a separate
 * DuckDB for Parquet, Arrow's readers for IPC.
 */
class UrlReadsTest {

    private static final String NUMBERS = "/api/v1/arrow/bulk-read/numbers";

    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) -> defaults
            .spoolDirectory(directory.resolve("spool")))
            .schema("wide_rows.json", """
                    {"name": "wide_rows", "primaryKey": ["id"], "columns": [
                      {"name": "id", "type": "BIGINT", "nullable": false},
                      {"name": "digest", "type": "VARCHAR"}]}
                    """)
            .seed("INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(10000)",
                    "INSERT INTO wide_rows SELECT range, sha256(range::VARCHAR) FROM range("
                            + ParquetOverHttpTest.WIDE_ROWS + ")");
    static final HttpArrowClient client = server.client();

    @Test
    void formatNamesTheRepresentationWithoutAnAcceptHeader() throws IOException, SQLException {
        String rows = "?columns=n,label&order=n&limit=3&offset=7&format=";
        HttpResponse<InputStream> arrow = client.get(NUMBERS + rows + "arrow");
        assertEquals("application/vnd.apache.arrow.stream", contentType(arrow));
        assertEquals(List.of(7L, 8L, 9L), HttpArrowClient.readAll(arrow.body(), server.allocator()).rows().stream()
                .map(row -> row.get("n")).toList());

        byte[] file = body(client.get(NUMBERS + rows + "arrow-file"), "application/vnd.apache.arrow.file");
        try (ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(file),
                server.allocator())) {
            assertTrue(reader.loadNextBatch());
            assertEquals("[7, 8, 9]", reader.getVectorSchemaRoot().getVector("n").toString());
        }

        assertEquals("n,label\r\n7,n7\r\n8,n8\r\n9,n9\r\n", text(client.get(NUMBERS + rows + "csv"), "text/csv"));
        assertEquals("{\"n\":7,\"label\":\"n7\"}\n{\"n\":8,\"label\":\"n8\"}\n{\"n\":9,\"label\":\"n9\"}\n",
                text(client.get(NUMBERS + rows + "ndjson"), "application/x-ndjson"));
        JsonNode json = HttpArrowClient.JSON.readTree(text(client.get(NUMBERS + rows + "json"), "application/json"));
        assertEquals(3, json.size());
        assertEquals("n8", json.get(1).get("label").asText());

        Path parquet = save(body(client.get(NUMBERS + rows + "parquet"), ParquetOverHttpTest.PARQUET));
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(List.of("7:n7", "8:n8", "9:n9"), column(other, "SELECT n || ':' || label FROM read_parquet(?)",
                    parquet));
        }
    }

    @Test
    void theUrlWinsOverAcceptOnBothReadRoutes() throws IOException {
        assertEquals("n\r\n1\r\n", text(client.get(NUMBERS + "?columns=n&n=eq.1&format=csv", "Accept",
                "application/json"), "text/csv"));
        // The record listing is JSON by default; format= makes it Arrow.
        HttpResponse<InputStream> arrow = client.get("/api/v1/records/numbers?n=eq.2&format=arrow");
        assertEquals(List.of(2L), HttpArrowClient.readAll(arrow.body(), server.allocator()).rows().stream()
                .map(row -> row.get("n")).toList());
    }

    @Test
    void anUnknownFormatIs400NamingTheParameterAndTheValuesItTakes() {
        for (String path : List.of(NUMBERS, "/api/v1/records/numbers")) {
            HttpResponse<InputStream> response = client.get(path + "?format=xlsx");
            JsonNode problem = client.json(response);
            assertEquals(400, response.statusCode(), problem::toString);
            assertEquals("format", problem.get("parameter").asText());
            assertEquals("format must be one of [arrow, json, ndjson, csv, arrow-file, parquet], got 'xlsx'",
                    problem.get("detail").asText());
        }
    }

    @Test
    void headGivesTheLengthAndTagOfTheFileThatGetSends() throws IOException {
        String url = NUMBERS + "?format=parquet&n=lt.5000";
        HttpResponse<InputStream> head = client.send(HttpRequest.newBuilder(client.uri(url))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        head.body().close();
        assertEquals(200, head.statusCode());
        assertEquals("bytes", head.headers().firstValue("Accept-Ranges").orElseThrow());
        String etag = head.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{22}\""), etag);

        HttpResponse<InputStream> get = client.get(url);
        byte[] file = body(get, ParquetOverHttpTest.PARQUET);
        assertEquals(file.length, Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow()));
        assertEquals(etag, get.headers().firstValue("ETag").orElseThrow());
        assertEquals("bytes", get.headers().firstValue("Accept-Ranges").orElseThrow());
        // The same file by Accept: format= is not part of what a file is kept for.
        assertEquals(etag, client.get(NUMBERS + "?n=lt.5000", "Accept", ParquetOverHttpTest.PARQUET).headers()
                .firstValue("ETag").orElseThrow());
    }

    @Test
    void rangesOfOneFileReassembleIt() throws IOException, SQLException {
        String url = NUMBERS + "?format=parquet";
        HttpResponse<InputStream> whole = client.get(url);
        byte[] file = body(whole, ParquetOverHttpTest.PARQUET);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        int size = file.length;
        int middle = size / 2;

        ByteArrayOutputStream assembled = new ByteArrayOutputStream();
        assembled.write(range(url, "bytes=0-99", 0, 99, size, etag));
        assembled.write(range(url, "bytes=100-" + middle, 100, middle, size, etag));
        assembled.write(range(url, "bytes=" + (middle + 1) + "-", middle + 1, size - 1, size, etag));
        assertArrayEquals(file, assembled.toByteArray());
        byte[] footer = range(url, "bytes=-8", size - 8, size - 1, size, etag);
        assertEquals("PAR1", new String(footer, 4, 4, StandardCharsets.US_ASCII));
        // A last position past the end is cut to it; If-Range with the file's own tag keeps the range.
        assertEquals(10, range(url, "bytes=" + (size - 10) + "-" + (size + 1000), size - 10, size - 1, size, etag,
                "If-Range", etag).length);

        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(10_000, count(other, "SELECT * FROM read_parquet(?)", save(assembled.toByteArray())));
        }
    }

    @Test
    void aRangePastTheEndIs416AndRangesThisServerIgnoresGetTheWholeFile() throws IOException {
        String url = NUMBERS + "?format=parquet&columns=n";
        HttpResponse<InputStream> whole = client.get(url);
        byte[] file = body(whole, ParquetOverHttpTest.PARQUET);
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<InputStream> past = client.get(url, "Range", "bytes=" + file.length + "-");
        JsonNode problem = client.json(past);
        assertEquals(416, past.statusCode(), problem::toString);
        assertEquals("bytes */" + file.length, past.headers().firstValue("Content-Range").orElseThrow());
        assertTrue(problem.get("detail").asText().contains(file.length + "-byte file"), problem::toString);

        for (String[] headers : List.of(new String[] {"Range", "bytes=0-9, 20-29"},
                new String[] {"Range", "bytes=9-0"}, new String[] {"Range", "lines=0-9"},
                new String[] {"Range", "bytes=0-9", "If-Range", "\"another file\""})) {
            HttpResponse<InputStream> response = client.get(url, headers);
            assertArrayEquals(file, body(response, ParquetOverHttpTest.PARQUET), String.join(" ", headers));
            assertTrue(response.headers().firstValue("Content-Range").isEmpty());
        }

        HttpResponse<InputStream> unchanged = client.get(url, "If-None-Match", etag);
        unchanged.body().close();
        assertEquals(304, unchanged.statusCode());
        assertEquals(etag, unchanged.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void aWriteThroughDataForgeDropsTheSchemasFiles() throws IOException, SQLException {
        String url = NUMBERS + "?format=parquet&n=gte.9990";
        String before = client.get(url).headers().firstValue("ETag").orElseThrow();
        assertEquals(before, client.get(url).headers().firstValue("ETag").orElseThrow(), "reused until a write");

        assertEquals(201, post("/api/v1/records/numbers", "{\"n\": 20000, \"square\": 1, \"label\": \"new\"}"));
        try {
            HttpResponse<InputStream> after = client.get(url);
            byte[] file = body(after, ParquetOverHttpTest.PARQUET);
            assertNotEquals(before, after.headers().firstValue("ETag").orElseThrow());
            try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
                assertEquals(List.of("new"), column(other, "SELECT label FROM read_parquet(?) WHERE n = 20000",
                        save(file)));
            }
        } finally {
            HttpResponse<InputStream> deleted = client.send(HttpRequest.newBuilder(
                    client.uri("/api/v1/records/numbers/20000")).DELETE().build());
            deleted.body().close();
            assertEquals(204, deleted.statusCode());
        }
        assertEquals(10, parquetRows(url), "the delete dropped the file that held the new row");
    }

    @Test
    void callersWithDifferentRowScopesNeverShareAFile() throws IOException, InterruptedException, SQLException {
        RowFilterFixture fixture = RowFilterFixture.start(Files.createTempDirectory(server.directory(), "scopes"),
                SelectionLimits.DEFAULTS);
        try {
            String url = "/api/v1/arrow/bulk-read/numbers?format=parquet&order=n&columns=n";
            HttpResponse<InputStream> admin = fixture.client.get(url, "X-API-Key", RowFilterFixture.ADMIN);
            List<Long> adminRows = numbers(body(admin, ParquetOverHttpTest.PARQUET));
            HttpResponse<InputStream> scoped = fixture.client.get(url, "X-API-Key", RowFilterFixture.SCOPED);
            assertEquals(RowFilterFixture.IN_SCOPE, numbers(body(scoped, ParquetOverHttpTest.PARQUET)));
            HttpResponse<InputStream> again = fixture.client.get(url, "X-API-Key", RowFilterFixture.SCOPED);
            assertEquals(RowFilterFixture.IN_SCOPE, numbers(body(again, ParquetOverHttpTest.PARQUET)));

            assertEquals(RowFilterFixture.SEEDED, adminRows.size());
            assertNotEquals(etag(admin), etag(scoped));
            assertEquals(etag(scoped), etag(again), "the scoped key's own file reused");
        } finally {
            fixture.stop();
        }
    }

    @Test
    void keptFilesAreRemovedWhenTheyExpireAndWhenTheServerStops() throws IOException, InterruptedException {
        Path spool = server.directory().resolve("expiring-spool");
        try (DataForgeServer expiring = DataForge.builder().port(0).schemas(server.schemas()).inMemoryDatabase()
                // Long enough that the file is surely still kept when looked at right after a request on a loaded
                // machine, short enough for the test to wait for its expiry.
                .demoRows(0).spoolDirectory(spool).spoolCacheTime(Duration.ofSeconds(5)).start()) {
            HttpArrowClient expiringClient = new HttpArrowClient(expiring.baseUri());
            body(expiringClient.get(NUMBERS + "?format=parquet"), ParquetOverHttpTest.PARQUET);
            assertEquals(1, spooledFiles(spool).size(), "kept for the next request");
            Await.until(() -> spooledFiles(spool).isEmpty(), Duration.ofSeconds(30), "the file removed once expired");

            body(expiringClient.get(NUMBERS + "?format=parquet"), ParquetOverHttpTest.PARQUET);
            assertEquals(1, spooledFiles(spool).size());
            TestServer.assertNothingHeld(expiring);
        }
        assertEquals(List.of(), spooledFiles(spool), "removed at shutdown");
    }

    @Test
    void aClientThatHangsUpMidRangeLeavesNothingHeldAndTheFileKept() throws IOException, InterruptedException {
        String path = "/api/v1/arrow/bulk-read/wide_rows?format=parquet";
        String head;
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] first = socket.getInputStream().readNBytes(64 * 1024);
            assertEquals(64 * 1024, first.length, "the part had started");
            head = new String(first, 0, 1024, StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 206"), head);
        }
        server.assertNothingHeld();
        Matcher tag = Pattern.compile("(?i)\r\netag: (\"[^\"]+\")").matcher(head);
        assertTrue(tag.find(), head);

        HttpResponse<InputStream> again = client.get(path, "Range", "bytes=-4");
        assertEquals("PAR1", new String(body(again, ParquetOverHttpTest.PARQUET), StandardCharsets.US_ASCII));
        assertEquals(206, again.statusCode());
        assertEquals(tag.group(1), etag(again), "the file the client hung up on is whole and kept");
    }

    @Test
    void rangesOfAKeptFileTakeNoPlaceInTheStreamLane() throws IOException, InterruptedException {
        try (DataForgeServer one = DataForge.builder().port(0).schemas(server.schemas()).inMemoryDatabase()
                .demoRows(100_000).maxStreamsPerClient(1).start()) {
            HttpArrowClient oneClient = new HttpArrowClient(one.baseUri());
            String url = "/api/v1/arrow/bulk-read/well_production?format=parquet&limit=1000";
            HttpResponse<InputStream> head = oneClient.send(HttpRequest.newBuilder(oneClient.uri(url))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            head.body().close();
            assertEquals(200, head.statusCode());
            try (StalledBulkRead stalled = new StalledBulkRead(one, "well_production")) {
                // The client's one stream is taken: a file not kept needs another, and is refused.
                assertEquals(503, oneClient.status(url.replace("1000", "999")));
                for (String range : List.of("bytes=0-99", "bytes=100-199", "bytes=-8")) {
                    HttpResponse<InputStream> part = oneClient.get(url, "Range", range);
                    body(part, ParquetOverHttpTest.PARQUET);
                    assertEquals(206, part.statusCode(), range);
                    assertEquals(etag(head), etag(part));
                }
            }
            TestServer.assertNothingHeld(one);
        }
    }

    @AfterAll
    static void stop() {
        server.server().close();
        assertEquals(List.of(), spooledFiles(server.directory().resolve("spool")), "nothing left at shutdown");
    }

    private static byte[] range(String url, String range, long first, long last, long size, String etag,
            String... more) throws IOException {
        String[] headers = new String[more.length + 2];
        headers[0] = "Range";
        headers[1] = range;
        System.arraycopy(more, 0, headers, 2, more.length);
        HttpResponse<InputStream> response = client.get(url, headers);
        byte[] part = body(response, ParquetOverHttpTest.PARQUET);
        assertEquals(206, response.statusCode(), range);
        assertEquals("bytes " + first + "-" + last + "/" + size,
                response.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(etag, response.headers().firstValue("ETag").orElseThrow(), "every part from one file");
        assertEquals(last - first + 1, part.length);
        return part;
    }

    private static int post(String path, String json) throws IOException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        response.body().close();
        return response.statusCode();
    }

    /** The rows of a Parquet response to {@code url}, counted by another DuckDB. */
    private static long parquetRows(String url) throws IOException, SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            return ParquetOverHttpTest.count(other, "SELECT * FROM read_parquet(?)",
                    save(body(client.get(url), ParquetOverHttpTest.PARQUET)));
        }
    }

    private static String contentType(HttpResponse<InputStream> response) {
        return response.headers().firstValue("Content-Type").orElseThrow();
    }

    /** The body of a 200 or 206 whose Content-Type starts with {@code mediaType}. */
    private static byte[] body(HttpResponse<InputStream> response, String mediaType) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        assertTrue(response.statusCode() == 200 || response.statusCode() == 206,
                () -> response.statusCode() + " " + new String(body, StandardCharsets.UTF_8));
        assertTrue(contentType(response).startsWith(mediaType), contentType(response));
        return body;
    }

    private static String text(HttpResponse<InputStream> response, String mediaType) throws IOException {
        return new String(body(response, mediaType), StandardCharsets.UTF_8);
    }

    private static Path save(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(server.directory(), "url-read-", ".parquet"), bytes);
    }

    private static List<Long> numbers(byte[] parquet) throws IOException, SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            return column(other, "SELECT n FROM read_parquet(?) ORDER BY n", save(parquet)).stream()
                    .map(Long::valueOf).toList();
        }
    }

    private static String etag(HttpResponse<?> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }
}
