package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.dataforge.infrastructure.http.route.ApiRoutes;
import com.dataforge.infrastructure.http.route.Route;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Apache Arrow project's HTTP conventions (apache/arrow-experiments, http/), end to end: HEAD on every GET route,
 * HTTP compression of Arrow bodies by Accept-Encoding, IPC codecs negotiated in Accept, never both compressions,
 * Content-Disposition, and the IPC file format read by Arrow's own file reader with random access. Bodies are
 * decoded with zstd-jni's and the JDK's decoders and read by Arrow Java's readers.
 */
class ArrowHttpConventionsTest {

    static final int NUMBERS = 10_000;
    static final String READ = "/api/v1/arrow/bulk-read/numbers";
    static final String STREAM = "application/vnd.apache.arrow.stream";
    static final String FILE = "application/vnd.apache.arrow.file";

    @RegisterExtension
    static final TestServer server = TestServer.started().seed(
            "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + NUMBERS + ")");
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    // --- HEAD ---

    /** Every GET route of the route table, HEAD gets the GET's status and headers and no body. */
    @Test
    void headOnEveryGetRouteAnswersTheGetsHeadersWithoutABody() {
        List<Route> gets = ApiRoutes.TABLE.routes().stream().filter(route -> route.method().equals("GET")).toList();
        assertTrue(gets.size() >= 10, "the table's GET routes: " + gets);
        for (Route route : gets) {
            String path = route.template().replace("{schema}", "numbers").replace("{key}", "7");
            HttpResponse<byte[]> get = bytes(HttpRequest.newBuilder(client.uri(path)).GET());
            HttpResponse<byte[]> head = bytes(HttpRequest.newBuilder(client.uri(path)).HEAD());

            assertEquals(get.statusCode(), head.statusCode(), route::toString);
            assertEquals(0, head.body().length, route::toString);
            for (String header : List.of("Content-Type", "Content-Encoding", "Vary", "Content-Disposition")) {
                assertEquals(get.headers().firstValue(header), head.headers().firstValue(header), route + " " + header);
            }
            if (get.headers().firstValue("Transfer-Encoding").isEmpty() && !route.equals(ApiRoutes.METRICS)) {
                // A bounded response: HEAD says how long the GET's body is (metrics change between the two calls).
                assertEquals(Long.toString(get.body().length), head.headers().firstValue("Content-Length")
                        .orElseThrow(), route::toString);
            }
        }
    }

    /**
     * A Parquet file's length is known only once DuckDB has written it, so HEAD writes it, and answers the very
     * headers the GET then sends from that file: its length and ETag (the range readers' contract; UrlReadsTest).
     */
    @Test
    void headForParquetAnswersTheGetsHeadersLengthIncluded() {
        String path = "/api/v1/arrow/bulk-read/numbers";
        HttpResponse<byte[]> head = bytes(HttpRequest.newBuilder(client.uri(path))
                .header("Accept", "application/vnd.apache.parquet").HEAD());
        HttpResponse<byte[]> get = bytes(HttpRequest.newBuilder(client.uri(path))
                .header("Accept", "application/vnd.apache.parquet").GET());

        assertEquals(200, get.statusCode());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        for (String header : List.of("Content-Type", "Vary", "Content-Disposition", "Content-Length", "ETag",
                "Accept-Ranges")) {
            assertEquals(get.headers().firstValue(header), head.headers().firstValue(header), header);
        }
        assertEquals(Long.toString(get.body().length), get.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(400, bytes(HttpRequest.newBuilder(client.uri(path + "?columns=nope"))
                .header("Accept", "application/vnd.apache.parquet").HEAD()).statusCode(), "HEAD checks the read");
    }

    /** HEAD on the streamed reads checks what the GET would and runs no export: no row is counted as served. */
    @Test
    void headOnAReadChecksTheRequestButReadsNoRow() throws InterruptedException {
        String served = "dataforge_rows_served_total{route=\"/api/v1/arrow/bulk-read/{schema}\"}";
        assertEquals(10, HttpArrowClient.readAll(client.get(READ + "?limit=10").body(), allocator).rows().size());
        Await.until(() -> PrometheusText.scrape(client).containsKey(served), Duration.ofSeconds(10),
                "a GET's rows counted");
        Map<String, Double> before = PrometheusText.scrape(client);
        HttpResponse<byte[]> head = bytes(HttpRequest.newBuilder(client.uri(READ + "?columns=n&n=gte.100"))
                .header("Prefer", "count=exact").header("Accept-Encoding", "zstd").HEAD());
        HttpResponse<byte[]> records = bytes(HttpRequest.newBuilder(client.uri("/api/v1/records/numbers?order=n.desc"))
                .HEAD());

        assertEquals(200, head.statusCode());
        assertEquals(STREAM, head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("zstd", head.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(Long.toString(NUMBERS - 100), head.headers().firstValue("X-Total-Count").orElseThrow(),
                "a header that needs the count gets it");
        assertEquals(200, records.statusCode());
        assertEquals("application/json", records.headers().firstValue("Content-Type").orElseThrow());
        String heads = "dataforge_http_requests_total{route=\"/api/v1/arrow/bulk-read/{schema}\",method=\"HEAD\","
                + "status=\"200\"}";
        Await.until(() -> PrometheusText.scrape(client).getOrDefault(heads, 0.0)
                > before.getOrDefault(heads, 0.0), Duration.ofSeconds(10), "the HEAD counted");
        assertEquals(before.get(served), PrometheusText.scrape(client).get(served), "HEAD sent no rows");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/arrow/bulk-read/numbers?columns=nope|400",
        "/api/v1/arrow/bulk-read/numbers?order=nope.asc|400",
        "/api/v1/arrow/bulk-read/numbers?n=zz.1|400",
        "/api/v1/arrow/bulk-read/numbers?batch_rows=0|400",
        "/api/v1/arrow/bulk-read/numbers?compression=brotli|400",
        "/api/v1/arrow/bulk-read/no_such_table|404",
        "/api/v1/records/numbers/123456789|404",
        "/api/v1/records/numbers?limit=x|400",
    })
    void headOnABadReadIsTheGetsProblemWithoutItsBody(String path, int status) {
        HttpResponse<byte[]> get = bytes(HttpRequest.newBuilder(client.uri(path)).GET());
        HttpResponse<byte[]> head = bytes(HttpRequest.newBuilder(client.uri(path)).HEAD());

        assertEquals(status, get.statusCode());
        assertEquals(status, head.statusCode());
        assertEquals("application/problem+json", head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(0, head.body().length);
    }

    @Test
    void headWhereOnlyPostIsServedIs405ListingPost() {
        HttpResponse<byte[]> head = bytes(HttpRequest.newBuilder(client.uri("/api/v1/arrow/bulk-insert/numbers"))
                .HEAD());

        assertEquals(405, head.statusCode());
        assertEquals("POST", head.headers().firstValue("Allow").orElseThrow());
    }

    // --- Accept-Encoding ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zstd|zstd", "gzip|gzip", "gzip, zstd|zstd", "gzip, deflate, br, zstd|zstd", "gzip;q=1, zstd;q=0.5|gzip",
        "br, gzip|gzip", "*|zstd", "zstd;q=0, gzip|gzip", "identity;q=0, gzip|gzip", "zstd, *;q=0|zstd"})
    void arrowIsCompressedByHttpAsAcceptEncodingAsksInTheArrowOrder(String acceptEncoding, String coding) {
        for (String type : List.of(STREAM, FILE)) {
            HttpResponse<InputStream> response = client.get(READ + "?batch_rows=1000&order=n", "Accept", type,
                    "Accept-Encoding", acceptEncoding);

            assertEquals(200, response.statusCode());
            assertEquals(type, response.headers().firstValue("Content-Type").orElseThrow(), "no IPC codec");
            assertEquals(coding, response.headers().firstValue("Content-Encoding").orElseThrow());
            assertEquals("Accept, Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
            assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "streamed, never buffered whole");
            byte[] ipc = HttpArrowClient.decoded(response);
            assertEquals(NUMBERS, type.equals(STREAM) ? streamRows(ipc) : fileRows(ipc, 0));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {"none", "identity", "br", "zstd;q=0", "compress"})
    void withoutAnAcceptableCodingArrowIsSentAsIs(String acceptEncoding) {
        HttpResponse<InputStream> response = acceptEncoding == null ? client.get(READ)
                : client.get(READ, "Accept-Encoding", acceptEncoding);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Encoding").isEmpty());
        assertEquals(NUMBERS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
    }

    // --- IPC codecs in Accept ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/vnd.apache.arrow.stream; codecs=\"zstd, lz4\"||application/vnd.apache.arrow.stream; codecs=zstd|ZSTD",
        "application/vnd.apache.arrow.stream; codecs=\"lz4, zstd\"||application/vnd.apache.arrow.stream; codecs=zstd|ZSTD",
        "application/vnd.apache.arrow.stream;codecs=lz4||application/vnd.apache.arrow.stream; codecs=lz4|LZ4_FRAME",
        "application/vnd.apache.arrow.stream; CODECS=\"snappy, LZ4\"||application/vnd.apache.arrow.stream; codecs=lz4|LZ4_FRAME",
        "*/*; codecs=zstd||application/vnd.apache.arrow.stream; codecs=zstd|ZSTD",
        "application/vnd.apache.arrow.stream; codecs=\"snappy\"||application/vnd.apache.arrow.stream|NO_COMPRESSION",
        "application/vnd.apache.arrow.stream; codecs=\"\"||application/vnd.apache.arrow.stream|NO_COMPRESSION",
        "application/vnd.apache.arrow.stream; codecs=\"zstd, lz4\"|zstd|application/vnd.apache.arrow.stream; codecs=zstd|ZSTD",
        "application/vnd.apache.arrow.stream; codecs=\"zstd, lz4\"|lz4|application/vnd.apache.arrow.stream; codecs=lz4|LZ4_FRAME",
        "application/vnd.apache.arrow.stream; codecs=zstd|none|application/vnd.apache.arrow.stream|NO_COMPRESSION",
        "application/vnd.apache.arrow.stream|lz4|application/vnd.apache.arrow.stream; codecs=lz4|LZ4_FRAME",
        "application/vnd.apache.arrow.file; codecs=zstd||application/vnd.apache.arrow.file; codecs=zstd|ZSTD",
        "application/vnd.apache.arrow.file|lz4|application/vnd.apache.arrow.file; codecs=lz4|LZ4_FRAME",
    })
    void theIpcCodecIsNegotiatedInAcceptAndNamedInContentType(String accept, String compression, String contentType,
            CompressionUtil.CodecType codec) throws IOException {
        // Accept-Encoding allows HTTP compression but does not insist: an IPC codec, when one is chosen, wins.
        HttpResponse<InputStream> response = client.get(READ + "?batch_rows=1000&order=n"
                + (compression == null ? "" : "&compression=" + compression), "Accept", accept,
                "Accept-Encoding", "gzip");

        assertEquals(200, response.statusCode());
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(codec == CompressionUtil.CodecType.NO_COMPRESSION ? "gzip" : null,
                response.headers().firstValue("Content-Encoding").orElse(null), "never both compressions");
        byte[] ipc = HttpArrowClient.decoded(response);
        if (contentType.startsWith(FILE)) {
            assertEquals(NUMBERS, fileRows(ipc, 0));
            return;
        }
        IpcStreamLayout.Message batch = IpcStreamLayout.messages(ipc).get(1);
        assertEquals(IpcStreamLayout.RECORD_BATCH, batch.headerType());
        assertEquals(codec, batch.batch().codec(ipc), "the batches' compression is what Content-Type says");
        assertEquals(NUMBERS, HttpArrowClient.readAll(new ByteArrayInputStream(ipc), allocator).rows().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Both compressions asked for: an IPC codec, and an Accept-Encoding that refuses an uncompressed body.
        "?compression=zstd||gzip, identity;q=0|compression|never applies both",
        "?compression=lz4||zstd, *;q=0|compression|never applies both",
        "|application/vnd.apache.arrow.stream; codecs=zstd|gzip;q=1, identity;q=0|Accept|never applies both",
        // The parameter and the media type disagree.
        "?compression=zstd|application/vnd.apache.arrow.stream; codecs=lz4||compression|not among the codecs",
        "?compression=lz4|application/vnd.apache.arrow.file; codecs=\"zstd\"||compression|not among the codecs",
        // Junk.
        "?compression=snappy|||compression|must be one of",
        "|application/vnd.apache.arrow.stream; codecs=\"zstd||Accept|no closing quote",
        "||zstd;q=2|Accept-Encoding|malformed weight",
        "||;q=1|Accept-Encoding|no value",
        "|application/vnd.apache.arrow.file;q=high||Accept|malformed weight",
    })
    void whatCannotBeAnsweredIsA400SayingWhy(String query, String accept, String acceptEncoding, String parameter,
            String says) {
        List<String> headers = new ArrayList<>();
        if (accept != null) {
            headers.addAll(List.of("Accept", accept));
        }
        if (acceptEncoding != null) {
            headers.addAll(List.of("Accept-Encoding", acceptEncoding));
        }
        HttpResponse<InputStream> response = client.get(READ + (query == null ? "" : query),
                headers.toArray(String[]::new));

        assertEquals(400, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = client.json(response);
        assertEquals(parameter, problem.get("parameter").asText(), problem.toString());
        assertTrue(problem.get("detail").asText().contains(says), problem.toString());
        assertEquals(NUMBERS, HttpArrowClient.readAll(client.get(READ).body(), allocator).rows().size(),
                "the server keeps serving");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/vnd.apache.arrow.stream;q=0|406", "application/vnd.apache.arrow.file;q=0, text/html|406",
        "identity;q=0|406", "*;q=0|406"})
    void refusingEveryRepresentationIs406(String value, int status) {
        String header = value.contains("/") ? "Accept" : "Accept-Encoding";
        HttpResponse<InputStream> response = client.get(READ, header, value);

        assertEquals(status, response.statusCode());
        assertTrue(client.json(response).get("detail").asText().contains(value));
    }

    // --- Content-Disposition ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/arrow/bulk-read/numbers||numbers.arrows",
        "/api/v1/arrow/bulk-read/numbers|application/vnd.apache.arrow.file|numbers.arrow",
        "/api/v1/arrow/bulk-read/numbers|application/json|numbers.json",
        "/api/v1/records/numbers||numbers.json",
        "/api/v1/records/numbers|application/x-ndjson|numbers.ndjson",
        "/api/v1/records/numbers|text/csv|numbers.csv",
        "/api/v1/arrow/bulk-read/numbers|application/vnd.apache.parquet|numbers.parquet",
        "/api/v1/records/numbers|application/vnd.apache.parquet|numbers.parquet",
    })
    void aReadIsSavedUnderTheTableNameAndTheFormatsExtension(String path, String accept, String fileName) {
        HttpResponse<byte[]> response = bytes(accept == null ? HttpRequest.newBuilder(client.uri(path)).GET()
                : HttpRequest.newBuilder(client.uri(path)).header("Accept", accept).GET());

        assertEquals(200, response.statusCode());
        assertEquals("attachment; filename=\"" + fileName + "\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
    }

    // --- IPC file format ---

    /** Arrow's file reader finds the batches by the footer's offsets and reads one from the middle alone. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"none", "zstd", "lz4"})
    void theIpcFileFormatGivesRandomAccessToEachBatch(String compression) throws IOException {
        HttpResponse<InputStream> response = client.get(READ + "?batch_rows=1000&order=n&compression=" + compression,
                "Accept", FILE);
        assertEquals(200, response.statusCode());
        byte[] file = HttpArrowClient.decoded(response);
        byte[] magic = "ARROW1".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(magic, Arrays.copyOf(file, 6), "the file's leading magic");
        assertArrayEquals(magic, Arrays.copyOfRange(file, file.length - 6, file.length), "the file's trailing magic");

        try (ArrowFileReader reader = new ArrowFileReader(new SeekableReadChannel(
                new ByteArrayReadableSeekableByteChannel(file)), allocator, ArrowCompressionFactory.INSTANCE)) {
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            assertEquals(NUMBERS / 1000, blocks.size());
            // Blocks lie in order, each beginning past the one before: offsets counted as the bytes were written.
            for (int i = 1; i < blocks.size(); i++) {
                assertTrue(blocks.get(i).getOffset() >= blocks.get(i - 1).getOffset()
                        + blocks.get(i - 1).getMetadataLength() + blocks.get(i - 1).getBodyLength());
            }
            assertTrue(reader.loadRecordBatch(blocks.get(6)));
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            BigIntVector n = (BigIntVector) root.getVector("n");
            assertEquals(1000, root.getRowCount());
            assertEquals(6000, n.get(0));
            assertEquals(6999, n.get(999));
            assertEquals(switch (compression) {
                case "zstd" -> CompressionUtil.CodecType.ZSTD;
                case "lz4" -> CompressionUtil.CodecType.LZ4_FRAME;
                default -> CompressionUtil.CodecType.NO_COMPRESSION;
            }, codecOfEveryBatch(file));
        }
    }

    /**
     * DuckDB queries the downloaded file. DuckDB has no built-in reader of Arrow IPC (its community extension needs a
     * download), so Arrow Java's file reader hands it the batches through the C stream interface, as a client would.
     */
    @Test
    void duckDbQueriesTheDownloadedIpcFile() throws Exception {
        HttpResponse<InputStream> response = client.get(READ + "?batch_rows=999&compression=zstd", "Accept", FILE);
        byte[] file = HttpArrowClient.decoded(response);

        try (DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            // The stream owns the reader from here: releasing it closes the reader.
            Data.exportArrayStream(allocator, new ArrowFileReader(new SeekableReadChannel(
                    new ByteArrayReadableSeekableByteChannel(file)), allocator, ArrowCompressionFactory.INSTANCE),
                    stream);
            duckdb.registerArrowStream("downloaded", stream);
            try (Statement statement = duckdb.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(*), min(n), max(n), sum(square),"
                            + " count(DISTINCT label) FROM downloaded")) {
                assertTrue(result.next());
                assertEquals(NUMBERS, result.getLong(1));
                assertEquals(0, result.getLong(2));
                assertEquals(NUMBERS - 1, result.getLong(3));
                assertEquals(333_283_335_000L, result.getLong(4), "the sum of n squared for n below 10,000");
                assertEquals(NUMBERS, result.getLong(5));
            }
        }
    }

    // --- helpers ---

    /** The IPC codec of the file's batches, from the stream the file format frames (after its 8 magic bytes). */
    private static CompressionUtil.CodecType codecOfEveryBatch(byte[] file) {
        byte[] stream = Arrays.copyOfRange(file, 8, file.length);
        List<CompressionUtil.CodecType> codecs = new ArrayList<>();
        for (IpcStreamLayout.Message message : IpcStreamLayout.messages(stream)) {
            if (message.headerType() == IpcStreamLayout.RECORD_BATCH) {
                codecs.add(message.batch().codec(stream));
            }
        }
        assertEquals(1, codecs.stream().distinct().count(), codecs::toString);
        return codecs.getFirst();
    }

    private long streamRows(byte[] ipc) {
        return HttpArrowClient.readAll(new ByteArrayInputStream(ipc), allocator).rows().size();
    }

    /** Rows of an IPC file read block by block through its footer, checking {@code n} counts up from {@code first}. */
    private long fileRows(byte[] file, long first) {
        long rows = 0;
        try (ArrowFileReader reader = new ArrowFileReader(new SeekableReadChannel(
                new ByteArrayReadableSeekableByteChannel(file)), allocator, ArrowCompressionFactory.INSTANCE)) {
            for (ArrowBlock block : reader.getRecordBlocks()) {
                assertTrue(reader.loadRecordBatch(block));
                BigIntVector n = (BigIntVector) reader.getVectorSchemaRoot().getVector("n");
                for (int i = 0; i < n.getValueCount(); i++) {
                    assertEquals(first + rows++, n.get(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
