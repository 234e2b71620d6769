package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A real server on an ephemeral port, a real DuckDB file, and Arrow's own stream reader on the client side. */
class BulkReadEndToEndTest {

    static final int NUMBERS = 10_000;

    @RegisterExtension
    static final TestServer server = TestServer.started().seed(
            "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES,
            "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + NUMBERS + ")");
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    ArrowTable read(String pathAndQuery) {
        HttpResponse<InputStream> response = client.get(pathAndQuery);
        assertEquals(200, response.statusCode(), () -> "status of " + pathAndQuery + ": " + client.json(response));
        // The IPC codec used is named in the media type, as the Arrow project's HTTP conventions suggest.
        java.util.regex.Matcher codec = java.util.regex.Pattern.compile("compression=(zstd|lz4)",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(pathAndQuery);
        assertEquals("application/vnd.apache.arrow.stream" + (codec.find() ? "; codecs="
                + codec.group(1).toLowerCase(java.util.Locale.ROOT) : ""),
                response.headers().firstValue("Content-Type").orElseThrow());
        return HttpArrowClient.readAll(response.body(), allocator);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?compression=none", "?compression=zstd", "?compression=lz4", "?compression=ZSTD"})
    void everyTypeSurvivesTheTripInEveryCompression(String query) {
        ArrowTable table = read("/api/v1/arrow/bulk-read/all_types" + query);

        assertEquals(List.of("id", "c_boolean", "c_tinyint", "c_smallint", "c_bigint", "c_float", "c_double",
                "c_decimal", "c_varchar", "c_blob", "c_date", "c_time", "c_timestamp", "c_timestamptz", "c_uuid"),
                table.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(new ArrowType.Decimal(18, 3, 128), table.schema().findField("c_decimal").getType());
        assertEquals(3, table.rows().size());
        Map<String, Object> max = row(table, 1);
        assertEquals(true, max.get("c_boolean"));
        assertEquals((byte) 127, max.get("c_tinyint"));
        assertEquals((short) 32767, max.get("c_smallint"));
        assertEquals(Long.MAX_VALUE, max.get("c_bigint"));
        assertEquals(3.5f, max.get("c_float"));
        assertEquals(Double.MAX_VALUE, max.get("c_double"));
        assertEquals(new BigDecimal("999999999999999.999"), max.get("c_decimal"));
        assertEquals("héllo, \"wörld\" 世界 🚀", max.get("c_varchar").toString());
        assertArrayEquals(new byte[] {0, (byte) 0xFF}, (byte[]) max.get("c_blob"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000), max.get("c_timestamp"));
        assertEquals(86_399_999_999L, ((Number) max.get("c_time")).longValue());
        // UUID leaves as its canonical text; TIMESTAMPTZ as UTC instants labelled with DuckDB's zone.
        assertEquals("{c_date=Date(DAY), c_time=Time(MICROSECOND, 64), c_timestamp=Timestamp(MICROSECOND, null),"
                + " c_uuid=Utf8}", typesOf(table, "c_date", "c_time", "c_timestamp", "c_uuid"));
        ArrowType.Timestamp zoned = (ArrowType.Timestamp) table.schema().findField("c_timestamptz").getType();
        assertEquals(TimeUnit.MICROSECOND, zoned.getUnit());
        assertTrue(zoned.getTimezone() != null, "TIMESTAMPTZ carries a zone");
        assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), ((Number) max.get("c_date")).longValue());
        assertEquals(Instant.parse("2024-02-29T23:59:59.123456Z"),
                Instant.EPOCH.plus(((Number) max.get("c_timestamptz")).longValue(), ChronoUnit.MICROS));
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", String.valueOf(max.get("c_uuid")));

        Map<String, Object> nulls = row(table, 2);
        nulls.forEach((column, value) -> {
            if (!column.equals("id")) {
                assertNull(value, column + " should be null");
            }
        });

        Map<String, Object> min = row(table, 3);
        assertEquals(false, min.get("c_boolean"));
        assertEquals((byte) -128, min.get("c_tinyint"));
        assertEquals(Long.MIN_VALUE, min.get("c_bigint"));
        assertEquals(new BigDecimal("-0.001"), min.get("c_decimal"));
        assertEquals("", min.get("c_varchar").toString());
        assertArrayEquals(new byte[0], (byte[]) min.get("c_blob"));
        assertEquals(LocalDateTime.of(1900, 1, 1, 0, 0), min.get("c_timestamp"));
    }

    private static String typesOf(ArrowTable table, String... columns) {
        Map<String, String> types = new java.util.TreeMap<>();
        for (String column : columns) {
            types.put(column, table.schema().findField(column).getType().toString());
        }
        return types.toString();
    }

    private static Map<String, Object> row(ArrowTable table, int id) {
        return table.rows().stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({"none,1000", "zstd,4096", "lz4,333"})
    void readsATableOfManyBatches(String compression, int batchRows) {
        ArrowTable table = read("/api/v1/arrow/bulk-read/numbers?compression=" + compression + "&batch_rows="
                + batchRows);

        assertEquals(NUMBERS, table.rows().size());
        assertTrue(table.batches() >= NUMBERS / batchRows, "expected several batches, got " + table.batches());
        long sum = 0;
        for (Map<String, Object> row : table.rows()) {
            long n = (Long) row.get("n");
            assertEquals(n * n, row.get("square"));
            assertEquals("n" + n, row.get("label").toString());
            sum += n;
        }
        assertEquals((long) NUMBERS * (NUMBERS - 1) / 2, sum, "every row exactly once");
    }

    @Test
    void projectsTheColumnsAskedForInTheOrderAsked() {
        ArrowTable table = read("/api/v1/arrow/bulk-read/numbers?columns=label,n");

        assertEquals(List.of("label", "n"), table.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(NUMBERS, table.rows().size());
    }

    @Test
    void anEmptyTableIsASchemaWithNoRows() {
        ArrowTable table = read("/api/v1/arrow/bulk-read/empty_table?compression=zstd");

        assertEquals(List.of("id", "label"), table.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(0, table.rows().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/arrow/bulk-read/no_such_table|404|",
        "/api/v1/arrow/bulk-read/bad-name!|400|schema",
        "/api/v1/arrow/bulk-read/numbers%3Bdrop%20table%20numbers|400|schema",
        "/api/v1/arrow/bulk-read/numbers?columns=n,nope|400|columns",
        "/api/v1/arrow/bulk-read/numbers?columns=n,n|400|columns",
        "/api/v1/arrow/bulk-read/numbers?columns=n,,square|400|columns",
        "/api/v1/arrow/bulk-read/numbers?columns=n%22%3B%20drop%20table%20numbers%3B--|400|columns",
        "/api/v1/arrow/bulk-read/numbers?compression=gzip|400|compression",
        "/api/v1/arrow/bulk-read/numbers?batch_rows=0|400|batch_rows",
        "/api/v1/arrow/bulk-read/numbers?batch_rows=ten|400|batch_rows",
        "/api/v1/arrow/bulk-read/numbers?batch_rows=99999999999|400|batch_rows",
        "/api/v1/arrow/bulk-read/numbers?compression=zstd&compression=lz4|400|compression",
        "/api/v1/arrow/bulk-read/numbers?colums=n|400|colums",
        "/api/v1/arrow/bulk-read/|404|",
        "/api/v1/nowhere|404|",
        "/api/v1/schemas/no_such_table|404|",
        "/api/v1/schemas/bad-name!|400|schema",
    })
    void badRequestsGetAPreciseProblem(String pathAndQuery, int status, String parameter) {
        HttpResponse<InputStream> response = client.get(pathAndQuery);

        assertEquals(status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = client.json(response);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("title").isTextual());
        assertTrue(problem.get("detail").asText().length() > 10, problem.toString());
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), problem.get("requestId").asText());
        if (parameter != null) {
            assertEquals(parameter, problem.get("parameter").asText(), problem.toString());
        }
        assertTrue(!problem.toString().contains("Exception") && !problem.toString().contains("\tat "),
                "no stack trace in a problem: " + problem);
        assertEquals(NUMBERS, read("/api/v1/arrow/bulk-read/numbers?columns=n").rows().size(),
                "the server keeps serving and the data is unchanged");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/v1/arrow/bulk-read/numbers"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, client.json(response).get("status").asInt());
    }

    @Test
    void anAcceptThatExcludesArrowIs406() {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers", "Accept", "text/html");

        assertEquals(406, response.statusCode());
        assertTrue(client.json(response).get("detail").asText().contains("application/vnd.apache.arrow.stream"));
    }

    @Test
    void aClientRequestIdIsEchoed() {
        HttpResponse<InputStream> response = client.get("/health", "X-Request-Id", "trace-42");

        assertEquals("trace-42", response.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("ok", client.json(response).get("status").asText());
    }

    @Test
    void schemasAreListedAndDescribedWithRowCountAndArrowTypes() {
        JsonNode list = client.json(client.get("/api/v1/schemas"));
        List<String> names = new ArrayList<>();
        list.get("schemas").forEach(schema -> names.add(schema.get("name").asText()));
        assertEquals(List.of("all_types", "empty_table", "numbers", "well_production"), names);

        JsonNode numbers = client.json(client.get("/api/v1/schemas/numbers"));
        assertEquals(NUMBERS, numbers.get("row_count").asLong());
        assertEquals("n", numbers.get("primary_key").get(0).asText());
        assertEquals("BIGINT", numbers.get("columns").get(0).get("type").asText());
        assertEquals(false, numbers.get("columns").get(0).get("nullable").asBoolean());
        assertEquals("Int(64, true)", numbers.get("arrow_schema").get(0).get("type").asText());
        assertEquals("Utf8", numbers.get("arrow_schema").get(2).get("type").asText());
    }

    @Test
    void problemDetailNamesTheUnknownColumn() {
        JsonNode problem = client.json(client.get("/api/v1/arrow/bulk-read/numbers?columns=nope"));

        assertTrue(problem.get("detail").asText().contains("'nope'"), problem.toString());
        assertEquals(new String("/api/v1/arrow/bulk-read/numbers".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), problem.get("instance").asText());
    }
}
