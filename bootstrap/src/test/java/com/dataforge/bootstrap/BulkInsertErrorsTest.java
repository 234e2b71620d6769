package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.ArrowUploads.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.ArrowValues.Bytes;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads that must be refused, over real HTTP into a real DuckDB file. Each answers a precise problem, leaves every
 * table exactly as it was, gives back its connection and Arrow memory, and the server goes on serving.
 */
class BulkInsertErrorsTest {

    static final String NUMBERS = "/api/v1/arrow/bulk-insert/numbers";
    static final String ALL_TYPES = "/api/v1/arrow/bulk-insert/all_types";
    static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    static final long MAX_UPLOAD_BYTES = 32 << 10;
    static final long MAX_UPLOAD_ROWS = 100;
    static final long MAX_BATCH_BYTES = 1 << 20;
    static final List<String> TABLES = List.of("numbers", "all_types", "empty_table");

    @TempDir
    static Path directory;
    static DataForgeServer server;
    static HttpArrowClient client;
    final BufferAllocator allocator = new RootAllocator();
    Map<String, List<Map<String, Object>>> before;

    @BeforeAll
    static void start() {
        Path database = directory.resolve("errors.duckdb");
        DataForge settings = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(directory))
                .database(database).maxUploadBytes(MAX_UPLOAD_BYTES).maxUploadRows(MAX_UPLOAD_ROWS)
                .maxBytesPerRead(MAX_BATCH_BYTES);
        // The first start creates the tables; the seed goes in by SQL, independent of the endpoint under test.
        settings.start().close();
        TestDatabase.execute(database,
                "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(20)",
                """
                INSERT INTO all_types VALUES
                  (1, true, 1, 2, 3, 1.5, 2.5, 3.125, 'seed 世界', '\\x01'::BLOB, DATE '2024-02-29',
                   TIME '12:00:00', TIMESTAMP '2024-02-29 12:00:00', TIMESTAMPTZ '2024-02-29 12:00:00+00',
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
                  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
                """);
        server = settings.start();
        client = new HttpArrowClient(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void remember() throws InterruptedException {
        before = tables();
    }

    @AfterEach
    void release() {
        allocator.close();
    }

    /** Every table's rows, ordered by their first column, read through bulk-read. */
    Map<String, List<Map<String, Object>>> tables() throws InterruptedException {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/" + table);
            assertEquals(200, response.statusCode(), "the server still serves reads");
            List<Map<String, Object>> rows = new ArrayList<>(
                    HttpArrowClient.readAll(response.body(), allocator, ArrowValues::get).rows());
            rows.sort(Comparator.comparingLong(row -> ((Number) row.values().iterator().next()).longValue()));
            tables.put(table, rows);
        }
        // A read's client has its last byte a moment before the server has put the connection back.
        Await.until(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(10),
                "connections returned after the reads");
        return tables;
    }

    /** A request to send: its body, and where and how it is sent. */
    record Upload(String name, String path, List<String> headers, byte[] body, boolean chunked) {

        static Upload of(String name, byte[] body) {
            return new Upload(name, NUMBERS, List.of("Content-Type", ARROW_STREAM), body, false);
        }

        Upload to(String otherPath) {
            return new Upload(name, otherPath, headers, body, chunked);
        }

        Upload withHeaders(String... otherHeaders) {
            return new Upload(name, path, List.of(otherHeaders), body, chunked);
        }

        Upload sentChunked() {
            return new Upload(name, path, headers, body, true);
        }

        Refusal refused(int status, String parameter, String detail) {
            return new Refusal(this, status, parameter, detail);
        }
    }

    /**
     * The problem an upload must get: its status, its {@code parameter} (null for none) and a fragment of its
     * {@code detail} that shows the refusal is for the right reason.
     */
    record Refusal(Upload upload, int status, String parameter, String detail) {

        @Override
        public String toString() {
            return upload.name() + " → " + status + (parameter == null ? "" : " " + parameter);
        }
    }

    HttpResponse<InputStream> send(Upload upload) {
        // ofInputStream announces no length, so the body goes chunked.
        BodyPublisher body = upload.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(upload.body()))
                : HttpRequest.BodyPublishers.ofByteArray(upload.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(upload.path())).POST(body);
        if (!upload.headers().isEmpty()) {
            request.headers(upload.headers().toArray(String[]::new));
        }
        return client.send(request.build());
    }

    void assertRefused(Refusal refusal) throws InterruptedException {
        HttpResponse<InputStream> response = send(refusal.upload());

        JsonNode problem = client.json(response);
        assertEquals(refusal.status(), response.statusCode(), problem::toString);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(refusal.status(), problem.get("status").asInt());
        assertEquals(refusal.parameter(), problem.has("parameter") ? problem.get("parameter").asText() : null,
                problem::toString);
        assertTrue(problem.get("detail").asText().contains(refusal.detail()), problem::toString);
        assertFalse(problem.toString().contains("Exception"), "no Java internals in a problem: " + problem);
        // The problem goes out only once the upload's connection and Arrow memory are released: no waiting needed.
        assertEquals(0, server.counters().connectionsInUse(), "connection still lent after " + refusal);
        assertEquals(0, server.counters().arrowBytes(), "Arrow memory still held after " + refusal);
        assertEquals(before, tables(), "a refused upload changed a table: " + refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aBadUploadIsRefusedPreciselyAndChangesNothing(Refusal refusal) throws InterruptedException {
        assertRefused(refusal);
    }

    @Test
    void everyBadUploadInARowThenAGoodOne() throws InterruptedException {
        for (Refusal refusal : refusals()) {
            assertRefused(refusal);
        }

        // Keys no refusal uses, so the other tests may run after this one.
        HttpResponse<InputStream> response = send(Upload.of("good", numbers(allocator, 2000, 2, 5)));

        JsonNode outcome = client.json(response);
        assertEquals(200, response.statusCode(), outcome::toString);
        assertEquals(10, outcome.get("rows_inserted").asLong());
        List<Map<String, Object>> expected = new ArrayList<>(before.get("numbers"));
        for (long n = 2000; n < 2010; n++) {
            expected.add(Map.of("n", n, "square", n * n, "label", "u" + n));
        }
        assertEquals(expected, tables().get("numbers"));
    }

    static List<Refusal> refusals() {
        try (BufferAllocator allocator = new RootAllocator()) {
            byte[] good = numbers(allocator, 500, 2, 10);
            Field id = field("id", new ArrowType.Int(32, true), false);
            return List.of(
                    Upload.of("no Content-Type", good).withHeaders()
                            .refused(415, null, "Content-Type"),
                    Upload.of("Content-Type text/plain", good).withHeaders("Content-Type", "text/plain")
                            .refused(415, null, "text/plain"),
                    Upload.of("Arrow file media type", good)
                            .withHeaders("Content-Type", "application/vnd.apache.arrow.file")
                            .refused(415, null, "application/vnd.apache.arrow.file"),
                    Upload.of("Content-Encoding gzip", good)
                            .withHeaders("Content-Type", ARROW_STREAM, "Content-Encoding", "gzip")
                            .refused(415, null, "gzip"),
                    Upload.of("bad on_conflict", good).to(NUMBERS + "?on_conflict=replace")
                            .refused(400, "on_conflict", "replace"),
                    Upload.of("repeated on_conflict", good).to(NUMBERS + "?on_conflict=error&on_conflict=ignore")
                            .refused(400, "on_conflict", "more than once"),
                    Upload.of("unknown parameter", good).to(NUMBERS + "?on_conflit=ignore")
                            .refused(400, "on_conflit", "unknown parameter"),
                    Upload.of("unknown schema", good).to("/api/v1/arrow/bulk-insert/no_such_table")
                            .refused(404, null, "no_such_table"),
                    Upload.of("no schema", good).to("/api/v1/arrow/bulk-insert/")
                            .refused(404, null, "no endpoint"),
                    Upload.of("schema name with a hyphen", good).to("/api/v1/arrow/bulk-insert/bad-name")
                            .refused(400, "schema", "bad-name"),
                    Upload.of("schema name with SQL", good).to("/api/v1/arrow/bulk-insert/numbers%27;drop")
                            .refused(400, "schema", "not a valid schema name"),
                    Upload.of("on_conflict=ignore without a primary key", emptyTableRows(allocator))
                            .to("/api/v1/arrow/bulk-insert/empty_table?on_conflict=ignore")
                            .refused(400, "on_conflict", "no primary key"),
                    Upload.of("on_conflict=update without a primary key", emptyTableRows(allocator))
                            .to("/api/v1/arrow/bulk-insert/empty_table?on_conflict=update")
                            .refused(400, "on_conflict", "no primary key"),

                    Upload.of("unknown column", nullRows(allocator, NOT_NULL_N,
                            field("nope", new ArrowType.Int(64, true), true)))
                            .refused(400, "nope", "not in schema"),
                    Upload.of("column twice", numbers(allocator, 500, 1, 3, "n", "square", "square"))
                            .refused(400, "square", "twice"),
                    Upload.of("NOT NULL column missing", numbers(allocator, 500, 1, 3, "square", "label"))
                            .refused(400, "n", "NOT NULL"),
                    Upload.of("utf8 into BIGINT", nullRows(allocator, NOT_NULL_N,
                            field("square", ArrowType.Utf8.INSTANCE, true)))
                            .refused(400, "square", "BIGINT"),
                    Upload.of("float64 into BIGINT", nullRows(allocator, NOT_NULL_N,
                            field("square", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true)))
                            .refused(400, "square", "BIGINT"),
                    Upload.of("int64 into INTEGER", nullRows(allocator,
                            field("id", new ArrowType.Int(64, true), false)))
                            .to(ALL_TYPES).refused(400, "id", "INTEGER"),
                    Upload.of("tz-naive timestamp into TIMESTAMPTZ", nullRows(allocator, id,
                            field("c_timestamptz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), true)))
                            .to(ALL_TYPES).refused(400, "c_timestamptz", "TIMESTAMPTZ"),
                    Upload.of("float16 into FLOAT", nullRows(allocator, id,
                            field("c_float", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), true)))
                            .to(ALL_TYPES).refused(400, "c_float", "FLOAT"),
                    Upload.of("decimal256 into DECIMAL", nullRows(allocator, id,
                            field("c_decimal", new ArrowType.Decimal(10, 2, 256), true)))
                            .to(ALL_TYPES).refused(400, "c_decimal", "DECIMAL(18,3)"),
                    Upload.of("decimal with too many integer digits", nullRows(allocator, id,
                            field("c_decimal", new ArrowType.Decimal(18, 2, 128), true)))
                            .to(ALL_TYPES).refused(400, "c_decimal", "DECIMAL(18,3)"),
                    Upload.of("nulls in a NOT NULL column", ArrowUploads.rows(allocator,
                            new Schema(List.of(field("n", new ArrowType.Int(64, true), true))),
                            List.of(List.of(500L), Arrays.asList((Object) null))))
                            .refused(400, "n", "NOT NULL"),
                    Upload.of("malformed UUID", ArrowUploads.rows(allocator,
                            new Schema(List.of(id, field("c_uuid", ArrowType.Utf8.INSTANCE, true))),
                            List.of(List.of(10, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), List.of(11, "not-a-uuid"))))
                            .to(ALL_TYPES).refused(400, "c_uuid", "not-a-uuid"),
                    Upload.of("dictionary-encoded column", dictionaryEncodedLabels(allocator))
                            .refused(400, "label", "dictionary"),
                    Upload.of("integer 7 bits wide", schemaOnly(NOT_NULL_N,
                            field("square", new ArrowType.Int(7, true), true)))
                            .refused(400, "square", "integer 7 bits wide"),
                    Upload.of("nested column", schemaOnly(NOT_NULL_N, new Field("label",
                            FieldType.nullable(ArrowType.List.INSTANCE),
                            List.of(field("item", ArrowType.Utf8.INSTANCE, true)))))
                            .refused(400, "label", "nested Arrow type (list)"),
                    // Without the check DuckDB takes the value, then fails updating its statistics: a 500.
                    Upload.of("text ending in a lone UTF-8 lead byte, on_conflict=update", ArrowUploads.rows(
                            allocator, ArrowUploads.numbersSchema("n", "label"),
                            List.of(List.of(5L, Bytes.of(0x61, 0xC3)))))
                            .to(NUMBERS + "?on_conflict=update")
                            .refused(400, "label", "row 0 (row 0 of the upload) is not valid UTF-8: byte 1"),
                    Upload.of("time of day past 24:00", timeOfDay(allocator, 100L * 3_600_000_000_000L))
                            .to(ALL_TYPES).refused(400, "c_time", "nanoseconds after midnight"),
                    Upload.of("decimal with more digits than its precision", decimal(allocator, "1" + "0".repeat(20)))
                            .to(ALL_TYPES).refused(400, "c_decimal", "more than the 15 digits"),

                    Upload.of("empty body", new byte[0])
                            .refused(400, "body", "Arrow IPC stream"),
                    Upload.of("random bytes", randomBytes(4096))
                            .refused(400, "body", "continuation marker"),
                    Upload.of("huge metadata length", HexFormat.of().parseHex("FFFFFFFFFFFFFF7F"))
                            .refused(400, "body", "metadata"),
                    Upload.of("cut mid-batch", Arrays.copyOf(good, good.length - END_OF_STREAM - 16))
                            .refused(400, "body", "ends inside the body of batch 1"),
                    Upload.of("cut between two messages", withoutEnd(good))
                            .refused(400, "body", "end-of-stream marker"),
                    Upload.of("schema and no batches", numbers(allocator, 500, 0, 0))
                            .refused(400, "body", "no record batches"),
                    Upload.of("batch of another schema", batchOfAnotherSchema(allocator))
                            .refused(400, "body", "describes 1 columns; the stream's schema has 3"),
                    Upload.of("label offsets past the end of its data", labelOffsetsPastTheData(allocator))
                            .refused(400, "body", "its offsets end at byte 200000 of its data"),
                    Upload.of("invalid UTF-8 in a utf8 column", ArrowUploads.rows(allocator,
                            ArrowUploads.numbersSchema("n", "label"), List.of(List.of(500L, Bytes.of(0xC3, 0x28)))))
                            .refused(400, "label", "row 0 (row 0 of the upload) is not valid UTF-8"),
                    Upload.of("bytes after the end-of-stream marker", concat(good, new byte[] {1, 2, 3}))
                            .refused(400, "body", "after its end-of-stream marker"),
                    Upload.of("two streams in one body", concat(good, good))
                            .refused(400, "body", "after its end-of-stream marker"),

                    Upload.of("body over the limit with a Content-Length", overTheBodyLimit(allocator))
                            .refused(413, "max_upload_bytes", Long.toString(MAX_UPLOAD_BYTES)),
                    Upload.of("body over the limit sent chunked", overTheBodyLimit(allocator)).sentChunked()
                            .refused(413, "max_upload_bytes", Long.toString(MAX_UPLOAD_BYTES)),
                    Upload.of("more rows than the limit", numbers(allocator, 1000, 3, 40))
                            .refused(413, "max_upload_rows", Long.toString(MAX_UPLOAD_ROWS)),
                    Upload.of("batch over the memory limit", overTheBatchLimit(allocator))
                            .refused(413, "batch_bytes", "smaller record batches"),
                    // The third batch repeats keys 5..14 of the seed: the first two must not stay inserted.
                    Upload.of("duplicate key in the third batch", concatBatches(allocator, 100, 110, 5))
                            .refused(409, null, "already in table"));
        }
    }

    /** The bytes of the end-of-stream marker: continuation 0xFFFFFFFF, then a metadata length of 0. */
    static final int END_OF_STREAM = 8;
    static final Field NOT_NULL_N = field("n", new ArrowType.Int(64, true), false);

    static byte[] numbers(BufferAllocator allocator, long from, int batches, int rows, String... columns) {
        return ArrowUploads.numbersStream(allocator, IpcCompression.NONE, from, batches, rows, columns);
    }

    /** Three rows of nulls: for refusals that happen at the schema, before any value is read. */
    static byte[] nullRows(BufferAllocator allocator, Field... fields) {
        List<Object> nulls = Arrays.asList(new Object[fields.length]);
        return ArrowUploads.rows(allocator, new Schema(List.of(fields)), List.of(nulls, nulls, nulls));
    }

    /** A stream of a schema alone: for refusals of the schema, which come before any batch is read. */
    static byte[] schemaOnly(Field... fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
        try {
            MessageSerializer.serialize(out, new Schema(List.of(fields)));
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Row 10 of all_types with its time of day {@code nanoseconds} after midnight. */
    static byte[] timeOfDay(BufferAllocator allocator, long nanoseconds) {
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(32, true), false),
                field("c_time", new ArrowType.Time(TimeUnit.NANOSECOND, 64), true)));
        return ArrowUploads.stream(allocator, schema, IpcCompression.NONE, 1, (root, batch) -> {
            ArrowValues.set(root.getVector("id"), 0, 10);
            ((TimeNanoVector) root.getVector("c_time")).setSafe(0, nanoseconds);
            root.setRowCount(1);
        });
    }

    /** Row 10 of all_types with a decimal(15, 3) of {@code unscaled}, written without Arrow's precision check. */
    static byte[] decimal(BufferAllocator allocator, String unscaled) {
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(32, true), false),
                field("c_decimal", new ArrowType.Decimal(15, 3, 128), true)));
        return ArrowUploads.stream(allocator, schema, IpcCompression.NONE, 1, (root, batch) -> {
            ArrowValues.set(root.getVector("id"), 0, 10);
            ((DecimalVector) root.getVector("c_decimal")).setBigEndianSafe(0, new BigInteger(unscaled).toByteArray());
            root.setRowCount(1);
        });
    }

    static byte[] emptyTableRows(BufferAllocator allocator) {
        return ArrowUploads.rows(allocator, new Schema(List.of(field("id", new ArrowType.Int(64, true), false),
                field("label", ArrowType.Utf8.INSTANCE, true))), List.of(List.of(1L, "one")));
    }

    static byte[] dictionaryEncodedLabels(BufferAllocator allocator) {
        DictionaryEncoding encoding = new DictionaryEncoding(1, false, new ArrowType.Int(32, true));
        try (VarCharVector labels = new VarCharVector("labels", allocator)) {
            labels.allocateNew();
            labels.setSafe(0, "u500".getBytes(StandardCharsets.UTF_8));
            labels.setValueCount(1);
            Schema schema = new Schema(List.of(NOT_NULL_N,
                    new Field("label", new FieldType(true, new ArrowType.Int(32, true), encoding), null)));
            return ArrowUploads.stream(allocator, schema,
                    new DictionaryProvider.MapDictionaryProvider(new Dictionary(labels, encoding)),
                    IpcCompression.NONE, 1, (root, batch) -> {
                        ArrowValues.set(root.getVector("n"), 0, 500L);
                        ArrowValues.set(root.getVector("label"), 0, 0);
                        root.setRowCount(1);
                    });
        }
    }

    /** The schema message of numbers followed by a batch written for a schema of n alone. */
    static byte[] batchOfAnotherSchema(BufferAllocator allocator) {
        byte[] numbersSchema = withoutEnd(numbers(allocator, 0, 0, 0));
        byte[] nAlone = numbers(allocator, 500, 1, 3, "n");
        int nAloneSchemaLength = withoutEnd(numbers(allocator, 0, 0, 0, "n")).length;
        return concat(numbersSchema, Arrays.copyOfRange(nAlone, nAloneSchemaLength, nAlone.length));
    }

    /**
     * One row of n and label whose label offsets claim 200,000 bytes of a 4-byte data buffer: Arrow loads it as it
     * is, and DuckDB would read the server's memory beyond the buffer.
     */
    static byte[] labelOffsetsPastTheData(BufferAllocator allocator) {
        Schema schema = ArrowUploads.numbersSchema("n", "label");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowBuf offsets = allocator.buffer(8)) {
            ArrowUploads.numbers(root, 500, 1);
            offsets.setInt(0, 0);
            offsets.setInt(4, 200_000);
            offsets.writerIndex(8);
            try (ArrowRecordBatch honest = new VectorUnloader(root).getRecordBatch()) {
                List<ArrowBuf> buffers = new ArrayList<>(honest.getBuffers());
                buffers.set(3, offsets); // n validity, n values, label validity, label offsets, label data
                try (ArrowRecordBatch lying = new ArrowRecordBatch(1, honest.getNodes(), buffers)) {
                    MessageSerializer.serialize(out, schema);
                    MessageSerializer.serialize(out, lying);
                    ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Batches of ten rows of numbers starting at each of {@code starts}, in one stream. */
    static byte[] concatBatches(BufferAllocator allocator, long... starts) {
        return ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("n", "square", "label"),
                IpcCompression.NONE, starts.length, (root, batch) -> ArrowUploads.numbers(root, starts[batch], 10));
    }

    /**
     * Half as much again as the body limit, in fewer rows than the row limit. Under the 64 KiB that the JDK's server
     * drains from a body left unread, so the refused request ends cleanly rather than with a reset connection.
     */
    static byte[] overTheBodyLimit(BufferAllocator allocator) {
        String label = "x".repeat(800);
        int rows = (int) (MAX_UPLOAD_BYTES * 3 / 2 / label.length());
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add(List.of(500L + i, label));
        }
        byte[] body = ArrowUploads.rows(allocator, ArrowUploads.numbersSchema("n", "label"), values);
        assertTrue(body.length > MAX_UPLOAD_BYTES && rows < MAX_UPLOAD_ROWS);
        return body;
    }

    /** One row whose label takes twice the batch memory limit once decompressed, in a body of a few hundred bytes. */
    static byte[] overTheBatchLimit(BufferAllocator allocator) {
        String label = "x".repeat((int) (2 * MAX_BATCH_BYTES));
        byte[] body = ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("n", "label"), IpcCompression.ZSTD, 1,
                (root, batch) -> {
                    ArrowValues.set(root.getVector("n"), 0, 500L);
                    ArrowValues.set(root.getVector("label"), 0, label);
                    root.setRowCount(1);
                });
        assertTrue(body.length < MAX_UPLOAD_BYTES);
        return body;
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** A stream without its end-of-stream marker. */
    static byte[] withoutEnd(byte[] stream) {
        return Arrays.copyOf(stream, stream.length - END_OF_STREAM);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
