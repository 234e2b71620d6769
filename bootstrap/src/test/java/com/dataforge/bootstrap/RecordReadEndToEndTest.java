package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/records/{schema}/{key}} over real HTTP against a real DuckDB file. */
class RecordReadEndToEndTest {

    /**
     * Rows 4 and 5 of all_types: what a type's text is easily got wrong on: NaN and the infinities, -0.0, a decimal's
     * trailing zeros, control characters, a BC date and one past 9999, a date in the Julian-Gregorian gap, a time's
     * fraction, a timestamp with another offset, and the infinite timestamps.
     */
    static final String ALL_TYPES_ODDITIES = """
            (4, true, 0, 0, 0, 'NaN', 'Infinity', 1.500, e'line\\nbreak \\t "q" \\\\', '\\x01'::BLOB,
             DATE '0006-01-01 (BC)', TIME '12:00:00.5', TIMESTAMP '1582-10-10 01:02:03.000001',
             TIMESTAMPTZ '2024-02-29 12:00:00+05', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'),
            (5, false, 1, 1, 1, '-Infinity', -0.0, 0.000, 'x', '\\x00'::BLOB, DATE '10000-01-01',
             TIME '24:00:00', TIMESTAMP 'infinity', TIMESTAMPTZ '-infinity', NULL)""";

    /** A key whose FLOAT value 0.1 is no double's 0.1: found only if the key is compared as a float. */
    static final String FLOAT_KEYS_SCHEMA = """
            {"name": "float_keys", "primaryKey": ["k"], "columns": [
              {"name": "k", "type": "FLOAT", "nullable": false}, {"name": "v", "type": "VARCHAR"}]}
            """;

    @RegisterExtension
    static final TestServer server = TestServer.started()
            .schema("record_keys.json", RecordWritesEndToEndTest.RECORD_KEYS_SCHEMA)
            .schema("float_keys.json", FLOAT_KEYS_SCHEMA).seed(
                "INSERT INTO well_production (field_code, well_code, production_period, well_name, oil_production_kbd)"
                        + " VALUES (1, 2, TIMESTAMP '2024-01-01 00:00:00', 'first', 1.5),"
                        + " (1, 2, TIMESTAMP '2024-02-01 00:00:00', 'second', NULL),"
                        + " (7, 2, TIMESTAMP '2024-01-01 00:00:00', 'third', 3.25)",
                "INSERT INTO record_keys VALUES ('a,b/c', DATE '2024-01-01', 'comma and slash', NULL),"
                        + " ('a', DATE '2024-01-01', 'plain', 'n'), ('count', DATE '2024-01-01', 'literal count', NULL)",
                "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES + "," + ALL_TYPES_ODDITIES,
                "INSERT INTO float_keys VALUES (0.1, 'tenth'), (0.2, 'fifth')");
    static final HttpArrowClient client = server.client();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1,2,2024-01-01T00:00:00|first|1.5",
        "1,2,2024-02-01T00:00|second|",
        "7,2,2024-01-01%2000:00:00|third|3.25"})
    void findsTheOneRecordOfACompositeKey(String key, String wellName, Double oil) {
        HttpResponse<InputStream> response = client.get("/api/v1/records/well_production/" + key);

        JsonNode record = client.json(response);
        assertEquals(200, response.statusCode(), record::toString);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(record.isObject(), record::toString);
        assertEquals(wellName, record.get("well_name").asText());
        assertEquals(oil == null, record.get("oil_production_kbd").isNull());
        if (oil != null) {
            assertEquals(oil, record.get("oil_production_kbd").asDouble());
        }
        assertEquals(14, record.size(), "every declared column: " + record);
    }

    /** The record GET reads JDBC values, the streamed formats Arrow cells: both must give every value the same text. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aRecordIsByteForByteItsLineOfAnNdjsonRead(int id) {
        String line = TextFormatsEndToEndTest.text(client.get("/api/v1/records/all_types?id=eq." + id, "Accept",
                "application/x-ndjson"));

        String record = TextFormatsEndToEndTest.text(client.get("/api/v1/records/all_types/" + id));

        assertEquals(line.substring(0, line.length() - 1), record);
    }

    @Test
    void findsAndDeletesARecordByAFloatKey() {
        assertEquals("tenth", value("/api/v1/records/float_keys/0.1", "v"));

        HttpResponse<InputStream> deleted = client.send(HttpRequest.newBuilder(
                client.uri("/api/v1/records/float_keys/0.2")).DELETE().build());

        assertEquals(204, deleted.statusCode());
        assertEquals(404, client.get("/api/v1/records/float_keys/0.2").statusCode());
    }

    @Test
    void readsKeysWhoseValuesHoldCommasSlashesOrTheWordCount() {
        assertEquals("comma and slash", value("/api/v1/records/record_keys/a%2Cb%2Fc,2024-01-01"));
        assertEquals("plain", value("/api/v1/records/record_keys/a,2024-01-01"));
        assertEquals("literal count", value("/api/v1/records/record_keys/count,2024-01-01"));
    }

    @Test
    void returnsWhatWasPosted() throws IOException {
        String posted = "{\"code\":\"é ü\",\"day\":\"2023-12-31\",\"value\":\"v\",\"note\":\"line\\nbreak \\\"q\\\"\"}";
        HttpResponse<InputStream> created = client.send(HttpRequest.newBuilder(client.uri("/api/v1/records/record_keys"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(posted)).build());
        assertEquals(201, created.statusCode(), () -> client.json(created).toString());
        String location = created.headers().firstValue("Location").orElseThrow();

        HttpResponse<InputStream> response = client.get(location);

        assertEquals(200, response.statusCode());
        assertEquals(HttpArrowClient.JSON.readTree(posted), client.json(response));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/records/well_production/1,2,2024-03-01T00:00:00|404|",
        "/api/v1/records/record_keys/b,2024-01-01|404|",
        "/api/v1/records/no_such_schema/1|404|",
        "/api/v1/records/well_production/1,2|400|key",
        "/api/v1/records/well_production/1,x,2024-01-01T00:00:00|400|key",
        "/api/v1/records/well_production/1,2,yesterday|400|key",
        "/api/v1/records/well_production/1'%20OR%20'1'='1,2,2024-01-01T00:00:00|400|key",
        "/api/v1/records/well_production/1,2,2024-01-01T00:00:00?extra=1|400|extra"})
    void refusesMissingOrMalformedKeysPrecisely(String path, int status, String parameter) {
        HttpResponse<InputStream> response = client.get(path);

        JsonNode problem = client.json(response);
        assertEquals(status, response.statusCode(), problem::toString);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(status, problem.get("status").asInt());
        if (parameter != null) {
            assertEquals(parameter, problem.get("parameter").asText(), problem::toString);
        }
        assertEquals("first", value("/api/v1/records/well_production/1,2,2024-01-01T00:00:00", "well_name"),
                "the server still serves");
    }

    @Test
    void listsFilteredOrderedPagesWithTheTotalCountOnRequest() {
        String page = "/api/v1/records/well_production?columns=field_code,well_name&well_code=eq.2"
                + "&production_period=lt.2024-01-02&order=field_code.desc&limit=1&offset=1";

        HttpResponse<InputStream> counted = client.get(page, "Prefer", "return=representation, count=exact");
        HttpResponse<InputStream> plain = client.get(page);

        assertEquals(200, counted.statusCode());
        assertEquals("[{\"field_code\":1,\"well_name\":\"first\"}]", client.json(counted).toString());
        assertEquals("2", counted.headers().firstValue("X-Total-Count").orElseThrow(),
                "two rows match the filters; the page holds the second");
        assertEquals("count=exact", counted.headers().firstValue("Preference-Applied").orElseThrow());
        assertEquals("[{\"field_code\":1,\"well_name\":\"first\"}]", client.json(plain).toString());
        assertTrue(plain.headers().firstValue("X-Total-Count").isEmpty(), "counted only on request");
    }

    @Test
    void countsOnBulkReadTooAndRefusesABadFilterBeforeCounting() {
        HttpResponse<InputStream> all = client.get("/api/v1/arrow/bulk-read/well_production?limit=0",
                "Prefer", "count=exact");
        HttpResponse<InputStream> bad = client.get("/api/v1/records/well_production?well_code=eq.two",
                "Prefer", "count=exact");

        assertEquals(200, all.statusCode());
        assertEquals("3", all.headers().firstValue("X-Total-Count").orElseThrow());
        JsonNode problem = client.json(bad);
        assertEquals(400, bad.statusCode(), problem::toString);
        assertEquals("well_code", problem.get("parameter").asText());
    }

    @Test
    void servesARecordAsJsonOnly() {
        HttpResponse<InputStream> response = client.get("/api/v1/records/record_keys/a,2024-01-01",
                "Accept", "text/csv");

        JsonNode problem = client.json(response);
        assertEquals(406, response.statusCode(), problem::toString);
        assertEquals(200, client.get("/api/v1/records/record_keys/a,2024-01-01", "Accept",
                "application/json;q=0.5, text/csv;q=0.1").statusCode());
    }

    private static String value(String path) {
        return value(path, "value");
    }

    private static String value(String path, String field) {
        HttpResponse<InputStream> response = client.get(path);
        JsonNode record = client.json(response);
        assertEquals(200, response.statusCode(), record::toString);
        return record.get(field).asText();
    }
}
