package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.ArrowValues.Bytes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON record writes over real HTTP into a real DuckDB file: what is written is read back through bulk-read; what
 * is refused gets a precise problem, changes no table, and leaves no connection or Arrow memory held.
 */
class RecordWritesEndToEndTest {

    static final String JSON = "application/json";
    static final long MAX_BODY_BYTES = 4 << 10;
    static final List<String> TABLES = List.of("numbers", "all_types", "well_production", "record_keys",
            "empty_table");
    /** A key of a VARCHAR and a DATE, so that a key value can hold a comma, a slash and anything else. */
    static final String RECORD_KEYS_SCHEMA = """
            {"name": "record_keys", "primaryKey": ["code", "day"], "columns": [
              {"name": "code", "type": "VARCHAR", "nullable": false},
              {"name": "day", "type": "DATE", "nullable": false},
              {"name": "value", "type": "VARCHAR", "nullable": false},
              {"name": "note", "type": "VARCHAR"}]}
            """;

    // The seed goes in by SQL, independent of the endpoints under test.
    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) ->
            defaults.maxRecordBodyBytes(MAX_BODY_BYTES)).schema("record_keys.json", RECORD_KEYS_SCHEMA).seed(
                "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(1, 4)",
                "INSERT INTO all_types (id, c_varchar) VALUES (1, 'seed')",
                "INSERT INTO well_production (field_code, well_code, production_period, well_name) VALUES"
                        + " (1, 2, TIMESTAMP '2024-01-01 00:00:00', 'seed')",
                "INSERT INTO record_keys VALUES ('a,b/c', DATE '2024-01-01', 'seed', NULL)",
                "INSERT INTO empty_table VALUES (1, 'seed')");
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    // ---- creating ----

    @Test
    void createsOneRecordOfEveryTypeAtItsExtremes() throws InterruptedException {
        String body = """
                {"id": 2147483647, "c_boolean": true, "c_tinyint": -128, "c_smallint": 32767,
                 "c_bigint": -9223372036854775808, "c_float": 3.4028235E38, "c_double": 1.7976931348623157E308,
                 "c_decimal": 999999999999999.999, "c_varchar": "héllo 世界 🎉 \\"q\\" ,/ '; DROP TABLE all_types; --",
                 "c_blob": "AAH/", "c_date": "-0005-01-01", "c_time": "23:59:59.999999",
                 "c_timestamp": "1582-10-10T01:02:03.123456", "c_timestamptz": "2024-02-29T12:00:00+05:00",
                 "c_uuid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}
                """;

        HttpResponse<InputStream> response = send("POST", "/api/v1/records/all_types", JSON, body);

        JsonNode created = client.json(response);
        assertEquals(201, response.statusCode(), created::toString);
        assertEquals("{\"schema\":\"all_types\",\"rows_inserted\":1}", created.toString());
        assertEquals("/api/v1/records/all_types/2147483647", response.headers().firstValue("Location").orElseThrow());
        assertEquals(row("id", 2147483647, "c_boolean", true, "c_tinyint", (byte) -128, "c_smallint", (short) 32767,
                "c_bigint", Long.MIN_VALUE, "c_float", Float.MAX_VALUE, "c_double", Double.MAX_VALUE,
                "c_decimal", new BigDecimal("999999999999999.999"),
                "c_varchar", "héllo 世界 🎉 \"q\" ,/ '; DROP TABLE all_types; --", "c_blob", Bytes.of(0, 1, 255),
                // The BC date and the date in the Julian-Gregorian gap are exactly what was sent.
                "c_date", LocalDate.of(-5, 1, 1), "c_time", LocalTime.of(23, 59, 59, 999_999_000),
                "c_timestamp", LocalDateTime.of(1582, 10, 10, 1, 2, 3, 123_456_000),
                "c_timestamptz", Instant.parse("2024-02-29T07:00:00Z"),
                "c_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), find("all_types", "id", 2147483647));
    }

    @Test
    void createsManyRecordsWithNullsAndTheWordsForSpecialFloatsInOneGo() throws InterruptedException {
        String body = """
                [{"id": 101, "c_float": "NaN", "c_double": "-Infinity", "c_decimal": "-0.001", "c_date": "2024-02-29",
                  "c_timestamp": "+294247-01-10T04:00:54.775806", "c_timestamptz": "-290308-12-22T00:00:00Z"},
                 {"id": 102, "c_boolean": null, "c_tinyint": null, "c_smallint": null, "c_bigint": null,
                  "c_float": null, "c_double": null, "c_decimal": null, "c_varchar": null, "c_blob": null,
                  "c_date": null, "c_time": null, "c_timestamp": null, "c_timestamptz": null, "c_uuid": null},
                 {"id": -2147483648, "c_double": "Infinity", "c_decimal": -999999999999999.999, "c_float": 1e-3,
                  "c_varchar": "", "c_blob": "", "c_timestamp": "2024-01-31 13:45:00", "c_timestamptz": "1969-12-31T23:59:59Z",
                  "c_date": "+5881580-07-10"}]
                """;

        HttpResponse<InputStream> response = send("POST", "/api/v1/records/all_types", JSON, body);

        JsonNode created = client.json(response);
        assertEquals(201, response.statusCode(), created::toString);
        assertEquals(3, created.get("rows_inserted").asInt());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "no Location for an array");
        Map<String, Object> first = find("all_types", "id", 101);
        assertTrue(((Float) first.get("c_float")).isNaN());
        assertEquals(Double.NEGATIVE_INFINITY, first.get("c_double"));
        assertEquals(new BigDecimal("-0.001"), first.get("c_decimal"));
        assertEquals(LocalDate.of(2024, 2, 29), first.get("c_date"));
        assertEquals(LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_806_000), first.get("c_timestamp"),
                "TIMESTAMP's last microsecond");
        assertEquals(Instant.parse("-290308-12-22T00:00:00Z"), first.get("c_timestamptz"), "TIMESTAMPTZ's first");
        Map<String, Object> nulls = find("all_types", "id", 102);
        nulls.remove("id");
        assertTrue(nulls.values().stream().allMatch(v -> v == null), nulls::toString);
        Map<String, Object> third = find("all_types", "id", Integer.MIN_VALUE);
        assertEquals(Double.POSITIVE_INFINITY, third.get("c_double"));
        assertEquals(new BigDecimal("-999999999999999.999"), third.get("c_decimal"));
        assertEquals(0.001f, third.get("c_float"));
        assertEquals("", third.get("c_varchar"));
        assertEquals(Bytes.of(), third.get("c_blob"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 13, 45), third.get("c_timestamp"));
        assertEquals(Instant.parse("1969-12-31T23:59:59Z"), third.get("c_timestamptz"));
        assertEquals(LocalDate.of(5881580, 7, 10), third.get("c_date"), "DATE's last day");
        assertEquals(null, third.get("c_boolean"), "a field left out is NULL");
    }

    @Test
    void aCreatedCompositeKeyIsReachedThroughItsLocation() throws InterruptedException {
        HttpResponse<InputStream> response = send("POST", "/api/v1/records/well_production", JSON,
                "{\"field_code\": 7, \"well_code\": 8, \"production_period\": \"2024-03-01T00:00:00\","
                        + " \"oil_production_kbd\": 1.25}");

        assertEquals(201, response.statusCode(), client.json(response)::toString);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/v1/records/well_production/7,8,2024-03-01T00%3A00", location);
        assertEquals(1.25, find("well_production", "well_code", 8L).get("oil_production_kbd"));

        assertEquals(204, send("DELETE", location, null, null).statusCode());
        assertTrue(rows("well_production").stream().noneMatch(r -> r.get("well_code").equals(8L)));
    }

    @Test
    void aDuplicateKeyInTheTableIs409AndNothingIsInserted() throws InterruptedException {
        Map<String, List<Map<String, Object>>> before = tables();

        // The first record is new: it must not stay inserted when the second collides.
        assertRefused(new Refusal("duplicate in table", "POST", "/api/v1/records/numbers", JSON,
                "[{\"n\": 500}, {\"n\": 2, \"label\": \"again\"}]", 409, null, "n: 2"), before);
    }

    @Test
    void aDuplicateKeyWithinTheBodyIs409AndNothingIsInserted() throws InterruptedException {
        Map<String, List<Map<String, Object>>> before = tables();

        assertRefused(new Refusal("duplicate in body", "POST", "/api/v1/records/well_production", JSON, """
                [{"field_code": 9, "well_code": 9, "production_period": "2024-01-01T00:00:00"},
                 {"field_code": 9, "well_code": 9, "production_period": "2024-01-01 00:00:00"}]
                """, 409, null, "twice in the body"), before);
    }

    // ---- changing and deleting ----

    @Test
    void patchPutAndDeleteOneRecord() throws InterruptedException {
        String record = "/api/v1/records/numbers/100";
        assertEquals(201, send("POST", "/api/v1/records/numbers", JSON,
                "{\"n\": 100, \"square\": 1, \"label\": \"a\"}").statusCode());

        assertEquals(204, send("PATCH", record, JSON, "{\"label\": \"x'); DROP TABLE numbers; --\"}").statusCode());
        assertEquals(row("n", 100L, "square", 1L, "label", "x'); DROP TABLE numbers; --"), find("numbers", "n", 100L));

        assertEquals(204, send("PUT", record, JSON, "{\"label\": \"c\"}").statusCode());
        assertEquals(row("n", 100L, "square", null, "label", "c"), find("numbers", "n", 100L),
                "PUT sets what the body leaves out to NULL");

        assertEquals(204, send("PUT", record, JSON, "{\"n\": 100, \"square\": 4}").statusCode());
        assertEquals(row("n", 100L, "square", 4L, "label", null), find("numbers", "n", 100L));

        assertEquals(204, send("PATCH", record, JSON, "{}").statusCode());
        assertEquals(204, send("PATCH", record, JSON, "{\"n\": 100}").statusCode());
        assertEquals(row("n", 100L, "square", 4L, "label", null), find("numbers", "n", 100L));

        assertEquals(204, send("DELETE", record, null, null).statusCode());
        assertTrue(rows("numbers").stream().noneMatch(r -> r.get("n").equals(100L)));
    }

    @Test
    void aMissingRecordIs404ForEveryMethod() throws InterruptedException {
        Map<String, List<Map<String, Object>>> before = tables();
        for (Refusal refusal : List.of(
                new Refusal("PUT missing", "PUT", "/api/v1/records/numbers/999", JSON, "{\"label\": \"x\"}", 404,
                        null, "(n=999)"),
                new Refusal("PATCH missing", "PATCH", "/api/v1/records/numbers/999", JSON, "{\"label\": \"x\"}", 404,
                        null, "(n=999)"),
                new Refusal("empty PATCH missing", "PATCH", "/api/v1/records/numbers/999", JSON, "{}", 404, null,
                        "(n=999)"),
                new Refusal("DELETE missing", "DELETE", "/api/v1/records/numbers/999", null, null, 404, null,
                        "(n=999)"),
                new Refusal("composite key missing", "DELETE",
                        "/api/v1/records/well_production/1,2,2024-01-01T00:00:01", null, null, 404, null,
                        "production_period=2024-01-01T00:00:01"))) {
            assertRefused(refusal, before);
        }
    }

    @Test
    void compositeKeysWithATimestampAndWithACommaAndASlashInAValue() throws InterruptedException {
        // A space for the T of a timestamp is read too.
        assertEquals(204, send("PATCH", "/api/v1/records/well_production/1,2,2024-01-01%2000:00:00", JSON,
                "{\"well_name\": \"renamed\", \"days_on_production\": 31}").statusCode());
        Map<String, Object> well = find("well_production", "well_code", 2L);
        assertEquals("renamed", well.get("well_name"));
        assertEquals(31L, well.get("days_on_production"));

        String odd = "/api/v1/records/record_keys/a%2Cb%2Fc,2024-01-01";
        assertEquals(204, send("PATCH", odd, JSON, "{\"note\": \"found\"}").statusCode());
        assertEquals(row("code", "a,b/c", "day", LocalDate.of(2024, 1, 1), "value", "seed", "note", "found"),
                find("record_keys", "code", "a,b/c"));

        String code = "x, y/z+%é \"'";
        HttpResponse<InputStream> created = send("POST", "/api/v1/records/record_keys", JSON,
                "{\"code\": \"x, y/z+%é \\\"'\", \"day\": \"-0100-02-28\", \"value\": \"v\"}");
        assertEquals(201, created.statusCode(), client.json(created)::toString);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/v1/records/record_keys/x%2C%20y%2Fz%2B%25%C3%A9%20%22%27,-0100-02-28", location);
        assertEquals(204, send("PUT", location, JSON, "{\"value\": \"w\", \"code\": \"" + code.replace("\"", "\\\"")
                + "\"}").statusCode());
        assertEquals(row("code", code, "day", LocalDate.of(-100, 2, 28), "value", "w", "note", null),
                find("record_keys", "code", code));
        assertEquals(204, send("DELETE", location, null, null).statusCode());
        assertTrue(rows("record_keys").stream().noneMatch(r -> r.get("code").equals(code)));
    }

    @Test
    void aKeyThatIsLiterallyCountIsReachedEncoded() throws InterruptedException {
        HttpResponse<InputStream> created = send("POST", "/api/v1/records/record_keys", JSON,
                "[{\"code\": \"count\", \"day\": \"2024-01-01\", \"value\": \"v\"}]");
        assertEquals(201, created.statusCode());

        assertEquals(204, send("PATCH", "/api/v1/records/record_keys/%63ount,2024-01-01", JSON,
                "{\"note\": \"n\"}").statusCode());
        assertEquals("n", find("record_keys", "code", "count").get("note"));
        assertEquals(204, send("DELETE", "/api/v1/records/record_keys/%63ount,2024-01-01", null, null).statusCode());
    }

    // ---- refusals ----

    /** A request that must be refused: its status, its problem's {@code parameter} and a fragment of its detail. */
    record Refusal(String name, String method, String path, String contentType, String body, int status,
            String parameter, String detail) {

        static Refusal post(String name, String schema, String body, int status, String parameter, String detail) {
            return new Refusal(name, "POST", "/api/v1/records/" + schema, JSON, body, status, parameter, detail);
        }

        static Refusal allTypes(String field, String json, String detail) {
            return post(field + " = " + json, "all_types", "{\"id\": 50, \"" + field + "\": " + json + "}", 400,
                    field, detail);
        }

        @Override
        public String toString() {
            return name + " → " + status + (parameter == null ? "" : " " + parameter);
        }
    }

    static List<Refusal> refusals() {
        String big = "{\"n\": 600, \"label\": \"" + "x".repeat((int) MAX_BODY_BYTES) + "\"}";
        return List.of(
                Refusal.post("unknown field", "numbers", "{\"n\": 10, \"nope\": 1}", 400, "nope", "not a column"),
                Refusal.post("field name with SQL", "numbers", "{\"n\": 10, \"label\\\"; DROP TABLE numbers; --\": 1}",
                        400, "label\"; DROP TABLE numbers; --", "not a column"),
                Refusal.post("NOT NULL column missing", "numbers", "{\"square\": 1}", 400, "n", "missing"),
                Refusal.post("null in a NOT NULL column", "numbers", "{\"n\": null}", 400, "n", "cannot be null"),
                Refusal.post("nested object", "numbers", "{\"n\": 10, \"label\": {\"a\": 1}}", 400, "label",
                        "nested JSON object"),
                Refusal.post("nested array", "numbers", "{\"n\": 10, \"label\": [1]}", 400, "label",
                        "nested JSON array"),
                Refusal.post("second record bad", "numbers", "[{\"n\": 10}, {\"n\": \"11\"}]", 400, "n", "record 1"),
                Refusal.post("second record not an object", "numbers", "[{\"n\": 10}, 5]", 400, "body", "element 1"),
                Refusal.post("a JSON number as the body", "numbers", "5", 400, "body", "JSON object"),
                Refusal.post("null as the body", "numbers", "null", 400, "body", "JSON object"),
                Refusal.post("not JSON", "numbers", "{\"n\": 10,", 400, "body", "not valid JSON"),
                Refusal.post("empty body", "numbers", "", 400, "body", "empty"),
                Refusal.post("two documents", "numbers", "{\"n\": 10} {\"n\": 11}", 400, "body", "not valid JSON"),
                Refusal.post("a field twice", "numbers", "{\"n\": 10, \"n\": 11}", 400, "body", "Duplicate field"),
                Refusal.post("unknown schema", "no_such_table", "{}", 404, null, "no_such_table"),
                Refusal.post("schema with SQL", "numbers%22;drop", "{}", 400, "schema", "not a valid schema name"),
                new Refusal("unknown parameter", "POST", "/api/v1/records/numbers?on_conflict=ignore", JSON,
                        "{\"n\": 10}", 400, "on_conflict", "unknown parameter"),
                new Refusal("text/plain", "POST", "/api/v1/records/numbers", "text/plain", "{\"n\": 10}", 415, null,
                        "text/plain"),
                new Refusal("no Content-Type", "POST", "/api/v1/records/numbers", null, "{\"n\": 10}", 415, null,
                        "application/json"),
                new Refusal("body over the limit", "POST", "/api/v1/records/numbers", JSON, big, 413,
                        "max_record_body_bytes", Long.toString(MAX_BODY_BYTES)),
                new Refusal("body over the limit, chunked", "POST", "/api/v1/records/numbers", JSON + "; chunked", big,
                        413, "max_record_body_bytes", Long.toString(MAX_BODY_BYTES)),

                Refusal.allTypes("c_boolean", "\"true\"", "true or false"),
                Refusal.allTypes("c_boolean", "1", "true or false"),
                Refusal.allTypes("c_tinyint", "128", "from -128 to 127"),
                Refusal.allTypes("c_smallint", "1.5", "JSON integer"),
                Refusal.allTypes("c_smallint", "1.0", "JSON integer"),
                Refusal.post("id = \"5\"", "all_types", "{\"id\": \"5\"}", 400, "id", "JSON integer"),
                Refusal.allTypes("c_bigint", "9223372036854775808", "-9223372036854775808"),
                Refusal.allTypes("c_float", "1e39", "range of FLOAT"),
                Refusal.allTypes("c_double", "1e309", "range of DOUBLE"),
                Refusal.allTypes("c_double", "\"1.5\"", "JSON number"),
                Refusal.allTypes("c_double", "true", "JSON number"),
                Refusal.allTypes("c_decimal", "1.2345", "3 after"),
                Refusal.allTypes("c_decimal", "1e15", "15 digits before"),
                Refusal.allTypes("c_decimal", "\"abc\"", "DECIMAL(18,3)"),
                Refusal.allTypes("c_decimal", "false", "JSON number"),
                Refusal.allTypes("c_varchar", "5", "JSON string"),
                Refusal.allTypes("c_blob", "\"not base64!\"", "base64"),
                Refusal.allTypes("c_blob", "5", "base64"),
                Refusal.allTypes("c_date", "\"2024-02-30\"", "ISO-8601"),
                Refusal.allTypes("c_date", "20240101", "ISO-8601"),
                Refusal.allTypes("c_date", "\"+5881581-07-10\"", "DATE"),
                Refusal.allTypes("c_timestamp", "\"+300000-01-01T00:00:00\"", "TIMESTAMP"),
                Refusal.allTypes("c_timestamptz", "\"+294247-01-10T04:00:54.775807Z\"", "TIMESTAMPTZ"),
                Refusal.allTypes("c_time", "\"25:00\"", "ISO-8601"),
                Refusal.allTypes("c_timestamp", "\"yesterday\"", "ISO-8601"),
                Refusal.allTypes("c_timestamptz", "\"2024-01-01T00:00:00\"", "with an offset"),
                Refusal.allTypes("c_uuid", "\"not-a-uuid\"", "UUID"),

                new Refusal("too few key values", "PUT", "/api/v1/records/well_production/1,2", JSON, "{}", 400, "key",
                        "got 2"),
                new Refusal("too many key values", "DELETE", "/api/v1/records/numbers/1,2", null, null, 400, "key",
                        "got 2"),
                new Refusal("bad key value", "PATCH", "/api/v1/records/numbers/abc", JSON, "{}", 400, "key",
                        "'abc' is not a BIGINT"),
                new Refusal("bad timestamp in a key", "DELETE", "/api/v1/records/well_production/1,2,notatime", null,
                        null, 400, "key", "'notatime'"),
                new Refusal("timestamp in a key out of range", "DELETE",
                        "/api/v1/records/well_production/1,2,+300000-01-01T00:00:00", null, null, 400, "key",
                        "outside the range of TIMESTAMP"),
                new Refusal("SQL in a numeric key", "DELETE", "/api/v1/records/numbers/1%20OR%201%3D1", null, null,
                        400, "key", "1 OR 1=1"),
                new Refusal("SQL in a text key", "DELETE",
                        "/api/v1/records/record_keys/x'%20OR%20'1'%3D'1,2024-01-01", null, null, 404, null,
                        "x' OR '1'='1"),
                new Refusal("PUT changes the key", "PUT", "/api/v1/records/numbers/1", JSON, "{\"n\": 2}", 400, "n",
                        "cannot be changed"),
                new Refusal("PATCH changes the key", "PATCH", "/api/v1/records/well_production/1,2,2024-01-01T00:00",
                        JSON, "{\"production_period\": \"2024-01-01T00:00:01\"}", 400, "production_period",
                        "cannot be changed"),
                new Refusal("PUT leaves out a NOT NULL column", "PUT", "/api/v1/records/record_keys/a%2Cb%2Fc,2024-01-01",
                        JSON, "{\"note\": \"x\"}", 400, "value", "missing"),
                new Refusal("PUT with an array", "PUT", "/api/v1/records/numbers/1", JSON, "[{\"label\": \"x\"}]", 400,
                        "body", "JSON object"),
                new Refusal("PATCH with a wrong type", "PATCH", "/api/v1/records/numbers/1", JSON,
                        "{\"square\": \"big\"}", 400, "square", "JSON integer"),
                new Refusal("PATCH with text/plain", "PATCH", "/api/v1/records/numbers/1", "text/plain", "{}", 415,
                        null, "text/plain"),
                new Refusal("by key without a primary key", "DELETE", "/api/v1/records/empty_table/1", null, null, 404,
                        null, "no primary key"),
                new Refusal("POST with a key", "POST", "/api/v1/records/numbers/1", JSON, "{}", 405, null, "POST"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aBadRequestIsRefusedPreciselyAndChangesNothing(Refusal refusal) throws InterruptedException {
        assertRefused(refusal, tables());
    }

    @Test
    void everyRefusalInARowThenAGoodRequest() throws InterruptedException {
        Map<String, List<Map<String, Object>>> before = tables();
        for (Refusal refusal : refusals()) {
            assertRefused(refusal, before);
        }

        assertEquals(201, send("POST", "/api/v1/records/numbers", JSON, "{\"n\": 700}").statusCode());
        assertEquals(row("n", 700L, "square", null, "label", null), find("numbers", "n", 700L));
    }

    void assertRefused(Refusal refusal, Map<String, List<Map<String, Object>>> before) throws InterruptedException {
        HttpResponse<InputStream> response = send(refusal.method(), refusal.path(), refusal.contentType(),
                refusal.body());

        JsonNode problem = client.json(response);
        assertEquals(refusal.status(), response.statusCode(), refusal + ": " + problem);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(refusal.parameter(), problem.has("parameter") ? problem.get("parameter").asText() : null,
                refusal + ": " + problem);
        assertTrue(problem.get("detail").asText().contains(refusal.detail()), refusal + ": " + problem);
        assertFalse(problem.toString().contains("Exception"), "no Java internals in a problem: " + problem);
        assertEquals(0, server.counters().connectionsInUse(), "connection still lent after " + refusal);
        assertEquals(before, tables(), "a refused request changed a table: " + refusal);
    }

    // ---- helpers ----

    /**
     * Sends a request; a content type ending in "; chunked" is sent without it, and the body without a length.
     */
    HttpResponse<InputStream> send(String method, String path, String contentType, String body) {
        boolean chunked = contentType != null && contentType.endsWith("; chunked");
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        BodyPublisher publisher = bytes == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path)).method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", chunked ? contentType.substring(0, contentType.indexOf(';')) : contentType);
        }
        return client.send(request.build());
    }

    /** Every table's rows, read through bulk-read, in a stable order. */
    Map<String, List<Map<String, Object>>> tables() throws InterruptedException {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, rows(table));
        }
        return tables;
    }

    List<Map<String, Object>> rows(String table) throws InterruptedException {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/" + table);
        assertEquals(200, response.statusCode(), "the server still serves reads");
        List<Map<String, Object>> rows = new ArrayList<>(
                HttpArrowClient.readAll(response.body(), allocator, ArrowValues::get).rows());
        rows.sort(Comparator.comparing(String::valueOf));
        Await.until(() -> server.counters().connectionsInUse() == 0, Duration.ofSeconds(10),
                "connections returned after the read");
        return rows;
    }

    /** The one row of {@code table} whose {@code column} is {@code value}. */
    Map<String, Object> find(String table, String column, Object value) throws InterruptedException {
        List<Map<String, Object>> found = rows(table).stream().filter(r -> value.equals(r.get(column))).toList();
        assertEquals(1, found.size(), table + " rows with " + column + "=" + value + ": " + found);
        return new LinkedHashMap<>(found.getFirst());
    }

    /** A row from name, value pairs; values may be null. */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
