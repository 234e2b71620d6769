package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnValues;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON, NDJSON and CSV over HTTP, decoded by real parsers (Jackson's, and a strict RFC 4180 reader) and compared
 * cell by cell with the literals that were stored: every column type, nulls, extremes, text that needs escaping.
 */
class TextFormatsEndToEndTest {

    static final int NUMBERS = 10_000;
    static final String TEXT_TYPES = """
            {
              "name": "text_types",
              "primaryKey": ["id"],
              "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "c_boolean", "type": "BOOLEAN"},
                {"name": "c_tinyint", "type": "TINYINT"},
                {"name": "c_smallint", "type": "SMALLINT"},
                {"name": "c_integer", "type": "INTEGER"},
                {"name": "c_bigint", "type": "BIGINT"},
                {"name": "c_float", "type": "FLOAT"},
                {"name": "c_double", "type": "DOUBLE"},
                {"name": "c_decimal", "type": "DECIMAL(38,10)"},
                {"name": "c_small_decimal", "type": "DECIMAL(4,2)"},
                {"name": "c_varchar", "type": "VARCHAR"},
                {"name": "c_blob", "type": "BLOB"},
                {"name": "c_date", "type": "DATE"},
                {"name": "c_time", "type": "TIME"},
                {"name": "c_timestamp", "type": "TIMESTAMP"},
                {"name": "c_timestamptz", "type": "TIMESTAMPTZ"},
                {"name": "c_uuid", "type": "UUID"}
              ]
            }
            """;
    static final String ESCAPES = "line1\r\nline2\n\"q\", c\t\u0001\\ end";

    /** How a cell must arrive: its JSON kind and its text (for CSV the text alone; null is an empty field). */
    record Cell(JsonToken kind, String text) {
        static Cell number(String text) {
            return new Cell(text.contains(".") || text.contains("E") ? JsonToken.VALUE_NUMBER_FLOAT
                    : JsonToken.VALUE_NUMBER_INT, text);
        }

        static Cell string(String text) {
            return new Cell(JsonToken.VALUE_STRING, text);
        }

        static Cell bool(boolean value) {
            return new Cell(value ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE, Boolean.toString(value));
        }

        static final Cell NULL = new Cell(JsonToken.VALUE_NULL, null);
    }

    static final List<String> COLUMNS = List.of("id", "c_boolean", "c_tinyint", "c_smallint", "c_integer", "c_bigint",
            "c_float", "c_double", "c_decimal", "c_small_decimal", "c_varchar", "c_blob", "c_date", "c_time",
            "c_timestamp", "c_timestamptz", "c_uuid");

    /** The rows stored, as the text each format must carry, in id order. */
    static final List<List<Cell>> EXPECTED = List.of(
            List.of(Cell.number("1"), Cell.bool(true), Cell.number("127"), Cell.number("32767"),
                    Cell.number("2147483647"), Cell.number("9223372036854775807"), Cell.number("3.4028235E38"),
                    Cell.number("1.7976931348623157E308"), Cell.number("9999999999999999999999999999.9999999999"),
                    Cell.number("99.99"), Cell.string("héllo, \"wörld\" 世界 🚀"), Cell.string("AP8="),
                    Cell.string("2024-02-29"), Cell.string("23:59:59.999999"),
                    Cell.string("2024-02-29T23:59:59.123456"), Cell.string("2024-02-29T21:59:59.123456Z"),
                    Cell.string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
            nullsBut(Cell.number("2")),
            List.of(Cell.number("3"), Cell.bool(false), Cell.number("-128"), Cell.number("-32768"),
                    Cell.number("-2147483648"), Cell.number("-9223372036854775808"), Cell.number("-0.25"),
                    Cell.string("NaN"), Cell.number("-0.0000000001"), Cell.number("-0.01"), Cell.string(""),
                    Cell.string(""), Cell.string("1970-01-01"), Cell.string("00:00:00"),
                    Cell.string("1900-01-01T00:00:00"), Cell.string("1970-01-01T00:00:00Z"),
                    Cell.string("00000000-0000-0000-0000-000000000000")),
            List.of(Cell.number("4"), Cell.bool(true), Cell.number("0"), Cell.number("0"), Cell.number("0"),
                    Cell.number("0"), Cell.string("Infinity"), Cell.string("-Infinity"),
                    Cell.number("1.5000000000"), Cell.number("1.50"), Cell.string(ESCAPES), Cell.string("CiIs"),
                    Cell.string("0001-01-01"), Cell.string("13:45:00.123456"),
                    Cell.string("2024-01-31T13:45:00.000001"), Cell.string("2024-01-31T08:15:00.500000Z"),
                    Cell.string("ffffffff-ffff-ffff-ffff-ffffffffffff")),
            List.of(Cell.number("5"), Cell.bool(false), Cell.number("1"), Cell.number("-1"), Cell.number("42"),
                    Cell.number("-42"), Cell.number("1.0E-5"), Cell.number("4.9E-324"),
                    Cell.number("-123456789012345678901234567.8901234567"), Cell.number("0.00"),
                    Cell.string(" ,leading comma and spaces "), Cell.string("AA=="), Cell.string("9999-12-31"),
                    Cell.string("12:00:00.000001"), Cell.string("1969-12-31T23:59:59.999999"),
                    Cell.string("1969-12-31T23:59:59.999999Z"), Cell.string("123e4567-e89b-12d3-a456-426614174000")));

    @RegisterExtension
    static final TestServer server = TestServer.started().schema("text_types.json", TEXT_TYPES).seed(
            """
            INSERT INTO text_types VALUES
              (1, true, 127, 32767, 2147483647, 9223372036854775807, 3.4028235e38, 1.7976931348623157e308,
               9999999999999999999999999999.9999999999, 99.99, 'héllo, "wörld" 世界 🚀', '\\x00\\xFF'::BLOB,
               DATE '2024-02-29', TIME '23:59:59.999999', TIMESTAMP '2024-02-29 23:59:59.123456',
               TIMESTAMPTZ '2024-02-29 23:59:59.123456+02', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (3, false, -128, -32768, -2147483648, -9223372036854775808, -0.25, 'nan',
               -0.0000000001, -0.01, '', ''::BLOB, DATE '1970-01-01', TIME '00:00:00',
               TIMESTAMP '1900-01-01 00:00:00', TIMESTAMPTZ '1970-01-01 00:00:00+00',
               '00000000-0000-0000-0000-000000000000'),
              (4, true, 0, 0, 0, 0, 'inf', '-inf', 1.5, 1.5,
               'line1' || chr(13) || chr(10) || 'line2' || chr(10) || '"q", c' || chr(9) || chr(1) || '\\ end',
               '\\x0A\\x22\\x2C'::BLOB, DATE '0001-01-01', TIME '13:45:00.123456',
               TIMESTAMP '2024-01-31 13:45:00.000001', TIMESTAMPTZ '2024-01-31 13:45:00.5+05:30',
               'ffffffff-ffff-ffff-ffff-ffffffffffff'),
              (5, false, 1, -1, 42, -42, 1e-5, 4.9e-324, -123456789012345678901234567.8901234567, 0,
               ' ,leading comma and spaces ', '\\x00'::BLOB, DATE '9999-12-31', TIME '12:00:00.000001',
               TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMPTZ '1969-12-31 23:59:59.999999+00',
               '123e4567-e89b-12d3-a456-426614174000')
            """,
            "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + NUMBERS + ")");
    static final HttpArrowClient client = server.client();
    static TableSchema textTypes;
    final BufferAllocator allocator = server.allocator();

    @BeforeAll
    static void readSchema() {
        textTypes = DeclaredSchemaCatalog.load(server.schemas()).require("text_types");
    }

    private static List<Cell> nullsBut(Cell id) {
        List<Cell> cells = new ArrayList<>();
        cells.add(id);
        while (cells.size() < COLUMNS.size()) {
            cells.add(Cell.NULL);
        }
        return cells;
    }

    /** A 200 response's body as text, decoded as its Content-Encoding says, after checking its Content-Type. */
    static String body(HttpResponse<InputStream> response, String contentType) {
        assertEquals(200, response.statusCode(), () -> "status " + response.statusCode() + ": " + text(response));
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElseThrow());
        return text(response);
    }

    static String text(HttpResponse<InputStream> response) {
        return new String(HttpArrowClient.decoded(response), StandardCharsets.UTF_8);
    }

    /** Every object of a JSON array (or each line of NDJSON), keeping each value's token and literal text. */
    static List<Map<String, Cell>> jsonObjects(String json) throws IOException {
        List<Map<String, Cell>> objects = new ArrayList<>();
        try (JsonParser parser = HttpArrowClient.JSON.createParser(json)) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken(), "a JSON array");
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                objects.add(jsonObject(parser));
            }
            assertEquals(JsonToken.END_ARRAY, parser.currentToken());
            assertNull(parser.nextToken(), "nothing after the array");
        }
        return objects;
    }

    static List<Map<String, Cell>> ndjsonObjects(String ndjson) throws IOException {
        List<Map<String, Cell>> objects = new ArrayList<>();
        if (ndjson.isEmpty()) {
            return objects;
        }
        assertTrue(ndjson.endsWith("\n"), "every line ends with a newline");
        for (String line : ndjson.substring(0, ndjson.length() - 1).split("\n", -1)) {
            try (JsonParser parser = HttpArrowClient.JSON.createParser(line)) {
                assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
                objects.add(jsonObject(parser));
                assertNull(parser.nextToken(), "one object per line");
            }
        }
        return objects;
    }

    private static Map<String, Cell> jsonObject(JsonParser parser) throws IOException {
        Map<String, Cell> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            assertTrue(value.isScalarValue(), name + " holds a scalar");
            object.put(name, new Cell(value, value == JsonToken.VALUE_NULL ? null : parser.getText()));
        }
        return object;
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-ndjson"})
    void everyTypeArrivesExactlyAsJson(String mediaType) throws IOException {
        String text = body(client.get("/api/v1/arrow/bulk-read/text_types", "Accept", mediaType), mediaType);
        List<Map<String, Cell>> objects = mediaType.equals("application/json") ? jsonObjects(text)
                : ndjsonObjects(text);

        assertEquals(EXPECTED.size(), objects.size());
        for (Map<String, Cell> object : objects) {
            assertEquals(COLUMNS, List.copyOf(object.keySet()), "keys in column order");
            List<Cell> expected = EXPECTED.get(Integer.parseInt(object.get("id").text()) - 1);
            for (int i = 0; i < COLUMNS.size(); i++) {
                assertEquals(expected.get(i), object.get(COLUMNS.get(i)), "row " + object.get("id").text() + " "
                        + COLUMNS.get(i));
            }
        }
        // The whole body is also valid JSON for Jackson's tree model, and the text decodes to the stored value.
        if (mediaType.equals("application/json")) {
            JsonNode tree = HttpArrowClient.JSON.readTree(text);
            assertEquals(ESCAPES, tree.get(3).get("c_varchar").textValue());
        }
    }

    @Test
    void everyTypeArrivesExactlyAsCsv() {
        String text = body(client.get("/api/v1/arrow/bulk-read/text_types", "Accept", "text/csv"),
                "text/csv; charset=utf-8; header=present");
        List<List<String>> records = CsvRecords.parse(text);

        assertEquals(COLUMNS, records.getFirst(), "header row");
        assertEquals(EXPECTED.size() + 1, records.size());
        for (List<String> record : records.subList(1, records.size())) {
            List<Cell> expected = EXPECTED.get(Integer.parseInt(record.getFirst()) - 1);
            assertEquals(expected.stream().map(Cell::text).toList(), record);
        }
        assertTrue(text.contains(",\"\",\"\","), "empty string and empty blob are quoted: " + text);
        assertTrue(text.contains("\"line1\r\nline2\n\"\"q\"\", c\t\u0001\\ end\""), "quotes doubled, CR LF kept");
    }

    @Test
    void everyRenderedValueParsesBackAsItsColumnType() {
        for (List<Cell> row : EXPECTED) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                Column column = textTypes.column(COLUMNS.get(i)).orElseThrow();
                if (row.get(i).text() != null) {
                    Object value = ColumnValues.parse(column, row.get(i).text(), column.name().value());
                    assertTrue(value != null, column.name() + " " + row.get(i));
                }
            }
        }
        assertEquals(java.time.OffsetDateTime.parse("2024-02-29T23:59:59.123456+02:00").toInstant(),
                ((java.time.OffsetDateTime) ColumnValues.parse(textTypes.column("c_timestamptz").orElseThrow(),
                        "2024-02-29T21:59:59.123456Z", "x")).toInstant());
    }

    @ParameterizedTest
    @CsvSource({"application/json,1000", "application/x-ndjson,333", "text/csv,4096"})
    void readsATableOfManyBatchesEveryRowOnce(String mediaType, int batchRows) throws IOException {
        String text = text(client.get("/api/v1/arrow/bulk-read/numbers?batch_rows=" + batchRows,
                "Accept", mediaType));
        List<List<String>> rows = new ArrayList<>();
        switch (mediaType) {
            case "application/json" -> jsonObjects(text).forEach(o -> rows.add(values(o)));
            case "application/x-ndjson" -> ndjsonObjects(text).forEach(o -> rows.add(values(o)));
            default -> {
                List<List<String>> records = CsvRecords.parse(text);
                assertEquals(List.of("n", "square", "label"), records.getFirst());
                rows.addAll(records.subList(1, records.size()));
            }
        }

        assertEquals(NUMBERS, rows.size());
        Set<Long> seen = new HashSet<>();
        for (List<String> row : rows) {
            long n = Long.parseLong(row.get(0));
            assertTrue(seen.add(n), "row " + n + " once");
            assertEquals(List.of(Long.toString(n), Long.toString(n * n), "n" + n), row);
        }
    }

    private static List<String> values(Map<String, Cell> object) {
        return object.values().stream().map(Cell::text).toList();
    }

    @Test
    void anEmptyTableIsAnEmptyArrayNoLinesOrAHeader() throws IOException {
        String path = "/api/v1/arrow/bulk-read/empty_table";
        assertEquals("[]", body(client.get(path, "Accept", "application/json"), "application/json"));
        assertEquals("", body(client.get(path, "Accept", "application/x-ndjson"), "application/x-ndjson"));
        assertEquals("id,label\r\n", body(client.get(path, "Accept", "text/csv"),
                "text/csv; charset=utf-8; header=present"));
    }

    @ParameterizedTest
    @CsvSource({
        "application/json,gzip,gzip", "application/json,zstd,zstd", "application/x-ndjson,'gzip, zstd',zstd",
        "text/csv,'zstd;q=0.5, gzip',gzip", "text/csv,'br, gzip;q=0.1',gzip", "application/json,br,",
        "application/json,'*',zstd", "text/csv,'identity, gzip;q=0',", "application/json,'',"})
    void textIsCompressedAsAcceptEncodingAsks(String mediaType, String acceptEncoding, String expectedCoding)
            throws IOException {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers?batch_rows=1000",
                "Accept", mediaType, "Accept-Encoding", acceptEncoding);

        assertEquals(200, response.statusCode());
        assertEquals(expectedCoding, response.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("Accept, Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
        String text = text(response);
        int rows = switch (mediaType) {
            case "application/json" -> jsonObjects(text).size();
            case "application/x-ndjson" -> ndjsonObjects(text).size();
            default -> CsvRecords.parse(text).size() - 1;
        };
        assertEquals(NUMBERS, rows);
    }

    @Test
    void anExplicitIpcCodecWinsOverAnAcceptEncodingThatAllowsIdentity() {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers?compression=zstd",
                "Accept-Encoding", "gzip");

        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("Content-Encoding").isPresent());
        assertEquals("Accept, Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
        assertEquals("application/vnd.apache.arrow.stream; codecs=zstd",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(NUMBERS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|/api/v1/arrow/bulk-read/numbers|application/vnd.apache.arrow.stream",
        "*/*|/api/v1/arrow/bulk-read/numbers|application/vnd.apache.arrow.stream",
        "application/*|/api/v1/arrow/bulk-read/numbers|application/vnd.apache.arrow.stream",
        "text/*|/api/v1/arrow/bulk-read/numbers|text/csv; charset=utf-8; header=present",
        "application/json;q=0.5, text/csv;q=0.9|/api/v1/arrow/bulk-read/numbers|text/csv; charset=utf-8; header=present",
        "text/html, application/x-ndjson;q=0.1|/api/v1/arrow/bulk-read/numbers|application/x-ndjson",
        "*/*;q=0.1, application/json|/api/v1/arrow/bulk-read/numbers|application/json",
        "application/vnd.apache.arrow.stream;q=0, */*|/api/v1/arrow/bulk-read/numbers|application/json",
        "|/api/v1/records/numbers|application/json",
        "*/*|/api/v1/records/numbers|application/json",
        "application/*|/api/v1/records/numbers|application/json",
        "text/csv|/api/v1/records/numbers|text/csv; charset=utf-8; header=present",
        "application/vnd.apache.arrow.stream|/api/v1/records/numbers|application/vnd.apache.arrow.stream",
    })
    void acceptPicksTheFormatByWeightThenSpecificity(String accept, String path, String contentType) {
        HttpResponse<InputStream> response = accept == null ? client.get(path + "?columns=n")
                : client.get(path + "?columns=n", "Accept", accept);

        assertEquals(200, response.statusCode());
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElseThrow());
        if (contentType.startsWith("application/vnd.apache.arrow")) {
            assertEquals(NUMBERS, HttpArrowClient.readAll(response.body(), allocator).rows().size());
        } else {
            assertTrue(text(response).length() > NUMBERS, "the rows came");
        }
    }

    @Test
    void theRecordListingIsJsonByDefaultWithTheSameRowsAndParameters() throws IOException {
        String text = body(client.get("/api/v1/records/text_types?columns=id,c_varchar&batch_rows=2"),
                "application/json");
        List<Map<String, Cell>> objects = jsonObjects(text);

        assertEquals(EXPECTED.size(), objects.size());
        Map<String, Cell> escapes = objects.stream().filter(o -> o.get("id").text().equals("4")).findFirst()
                .orElseThrow();
        assertEquals(List.of("id", "c_varchar"), List.copyOf(escapes.keySet()));
        assertEquals(Cell.string(ESCAPES), escapes.get("c_varchar"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/arrow/bulk-read/numbers|Accept|text/html|406|",
        "/api/v1/records/numbers|Accept|text/html, application/xml|406|",
        "/api/v1/records/numbers|Accept|application/json;q=0|406|",
        "/api/v1/records/numbers|Accept-Encoding|identity;q=0|406|",
        "/api/v1/records/numbers|Accept-Encoding|*;q=0|406|",
        "/api/v1/records/numbers|Accept-Encoding|br, identity;q=0|406|",
        "/api/v1/records/numbers|Accept|application/json;q=2|400|Accept",
        "/api/v1/records/numbers|Accept-Encoding|gzip;q=high|400|Accept-Encoding",
        "/api/v1/records/numbers?compression=zstd|Accept|application/json|400|compression",
        "/api/v1/arrow/bulk-read/numbers?compression=none|Accept|text/csv|400|compression",
        "/api/v1/records/numbers?compression=lz4|Accept|*/*|400|compression",
    })
    void whatCannotBeServedIsAPreciseProblem(String path, String header, String value, int status, String parameter) {
        HttpResponse<InputStream> response = client.get(path, header, value, "Accept-Encoding".equals(header)
                ? "Accept" : "X-Other", "application/json");

        assertEquals(status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = client.json(response);
        String detail = problem.get("detail").asText();
        if (status == 406) {
            assertTrue(detail.contains("'" + value + "'"), detail);
            assertTrue(header.equals("Accept") ? detail.contains("application/vnd.apache.arrow.stream")
                    && detail.contains("application/x-ndjson") && detail.contains("text/csv")
                    : detail.contains("zstd") && detail.contains("gzip"), "lists what can be served: " + detail);
        } else {
            assertEquals(parameter, problem.get("parameter").asText(), problem.toString());
        }
        assertEquals(NUMBERS, CsvRecords.parse(text(client.get("/api/v1/records/numbers?columns=n", "Accept",
                "text/csv"))).size() - 1, "the server keeps serving");
    }
}
