package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One JSON array of {@value #RECORDS} records POSTed to the record API: created exactly as sent, with every column of
 * well_production given, left out or null; or, when one record at the very end is wrong, refused whole with a problem
 * that names that record, and nothing written.
 */
class LargeRecordArrayTest {

    static final int RECORDS = 50_000;
    static final String JSON = "application/json";
    static final LocalDateTime FIRST_PERIOD = LocalDateTime.of(1999, 12, 31, 23, 0, 0, 123_456_000);

    // Full records of well_production are ~330 bytes: 50,000 of them pass the 16 MiB default.
    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) ->
            defaults.maxShortQueries(2).maxRecordBodyBytes(64L << 20));
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    @Test
    void fiftyThousandRecordsAreCreatedExactlyAsSent() throws InterruptedException {
        List<Map<String, Object>> records = records(1);

        HttpResponse<InputStream> response = post(records);

        JsonNode created = client.json(response);
        assertEquals(201, response.statusCode(), created::toString);
        assertEquals(RECORDS, created.get("rows_inserted").asLong());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "no Location for an array");
        List<Map<String, Object>> stored = HttpArrowClient.readAll(client.get(
                "/api/v1/arrow/bulk-read/well_production?field_code=eq.1&order=well_code").body(), allocator,
                ArrowValues::get).rows();
        assertEquals(RECORDS, stored.size());
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(expected(records.get(i)), stored.get(i), "record " + i);
        }
    }

    @Test
    void aKeyTwiceInTheBodyRefusesAllOfItAndNamesTheKey() throws InterruptedException {
        List<Map<String, Object>> records = records(2);
        records.add(new LinkedHashMap<>(records.getFirst()));

        assertRefused(records, 2, 409, null, "field_code: 2, well_code: 0");
    }

    @Test
    void aKeyAlreadyInTheTableAtTheEndRefusesAllOfIt() throws InterruptedException {
        List<Map<String, Object>> records = records(3);
        HttpResponse<InputStream> one = post(List.of(records.getLast()));
        assertEquals(201, one.statusCode(), client.json(one)::toString);

        assertRefused(records, 3, 409, null, "field_code: 3, well_code: " + (RECORDS - 1));
        assertEquals(1, count(3), "only the record created before");
    }

    record LastRecord(String name, UnaryOperator<Map<String, Object>> change, String parameter, String detail) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<LastRecord> badLastRecords() {
        String last = "record " + (RECORDS - 1) + " (counting from 0)";
        return List.of(
                new LastRecord("unknown field", r -> with(r, "nope", 1), "nope", last),
                new LastRecord("mistyped field", r -> with(r, "days_on_production", "x"), "days_on_production", last),
                new LastRecord("timestamp out of range", r -> with(r, "production_period", "+300000-01-01T00:00:00"),
                        "production_period", last + " of the body: '+300000-01-01T00:00' is outside the range of"
                        + " TIMESTAMP"),
                new LastRecord("NOT NULL field missing", r -> with(r, "well_code", null), "well_code", last),
                new LastRecord("NOT NULL field left out", r -> {
                    r.remove("well_code");
                    return r;
                }, "well_code", last));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLastRecords")
    void aBadLastRecordRefusesAllOfItAndNamesTheRecordAndField(LastRecord bad) throws InterruptedException {
        List<Map<String, Object>> records = records(4);
        records.set(RECORDS - 1, bad.change().apply(new LinkedHashMap<>(records.getLast())));

        assertRefused(records, 4, 400, bad.parameter(), bad.detail());
    }

    @Test
    void aBodyThatBreaksOffOrEndsInANonObjectIsRefusedWhole() throws InterruptedException {
        byte[] body = json(records(5));
        String text = new String(body, StandardCharsets.UTF_8);

        assertRefused(text.substring(0, text.length() - 1), 5, 400, "body", "not valid JSON");
        assertRefused(text.substring(0, text.length() - 1) + ", 7]", 5, 400, "body",
                "element " + RECORDS + " (counting from 0) of the body's array must be a JSON object, got a number");
        assertRefused(text + " []", 5, 400, "body", "not valid JSON");
    }

    // ---- helpers ----

    /**
     * Records of well_production under one field code, every column sent in some of them and left out or null in
     * others; strings with quotes, commas and characters outside the BMP; doubles as JSON numbers and as the words
     * for NaN and infinity; BIGINT extremes; timestamps to the microsecond.
     */
    static List<Map<String, Object>> records(long fieldCode) {
        List<Map<String, Object>> records = new ArrayList<>(RECORDS + 1);
        for (int i = 0; i < RECORDS; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("field_code", fieldCode);
            if (i % 5 != 0) {
                r.put("field_name", "field ñ 世界 " + i);
            }
            r.put("well_code", (long) i);
            r.put("well_reference", i % 7 == 0 ? null : "ref,\"" + i + "\"");
            r.put("well_name", "well " + i + " 🚀");
            r.put("production_period", FIRST_PERIOD.plusMinutes(i * 7L).plusNanos((i % 1000) * 1_000L).toString());
            r.put("days_on_production", i % 3 == 0 ? Long.MIN_VALUE + i : (long) i);
            r.put("oil_production_kbd", i * 0.1);
            r.put("gas_production_mmcfd", switch (i % 4) {
                case 0 -> "NaN";
                case 1 -> "-Infinity";
                default -> -1.7976931348623157e308 / (i + 1);
            });
            if (i % 2 == 0) {
                r.put("liquids_production_kbd", 4.9e-324 * i);
            }
            r.put("water_production_kbd", null);
            r.put("data_source", i % 10 == 0 ? "" : "src");
            r.put("source_data", "{\"json\": [" + i + "]}");
            r.put("partition_0", "p" + i % 3);
            records.add(r);
        }
        return records;
    }

    /** The row bulk-read gives back for {@code record}, in the schema's column order. */
    static Map<String, Object> expected(Map<String, Object> record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : List.of("field_code", "field_name", "well_code", "well_reference", "well_name",
                "production_period", "days_on_production", "oil_production_kbd", "gas_production_mmcfd",
                "liquids_production_kbd", "water_production_kbd", "data_source", "source_data", "partition_0")) {
            Object value = record.get(column);
            row.put(column, switch (value) {
                case String text when column.equals("production_period") -> LocalDateTime.parse(text);
                case String text when column.endsWith("_kbd") || column.endsWith("_mmcfd") -> Double.valueOf(text);
                case null, default -> value;
            });
        }
        return row;
    }

    static Map<String, Object> with(Map<String, Object> record, String field, Object value) {
        record.put(field, value);
        return record;
    }

    void assertRefused(List<Map<String, Object>> records, long fieldCode, int status, String parameter,
            String detail) throws InterruptedException {
        assertRefused(new String(json(records), StandardCharsets.UTF_8), fieldCode, status, parameter, detail);
    }

    /** The body is refused as expected, and the table holds what it held before. */
    void assertRefused(String body, long fieldCode, int status, String parameter, String detail)
            throws InterruptedException {
        long before = count(fieldCode);
        long total = totalCount();

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                client.uri("/api/v1/records/well_production")).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        JsonNode problem = client.json(response);
        assertEquals(status, response.statusCode(), problem::toString);
        assertEquals(parameter, problem.has("parameter") ? problem.get("parameter").asText() : null,
                problem::toString);
        assertTrue(problem.get("detail").asText().contains(detail), problem::toString);
        assertFalse(problem.toString().contains("Exception"), "no Java internals in a problem: " + problem);
        assertEquals(before, count(fieldCode), "rows of field " + fieldCode + " after a refusal");
        assertEquals(total, totalCount(), "rows after a refusal");
    }

    HttpResponse<InputStream> post(List<Map<String, Object>> records) {
        return client.send(HttpRequest.newBuilder(client.uri("/api/v1/records/well_production"))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofByteArray(json(records))).build());
    }

    long count(long fieldCode) {
        return client.json(client.get("/api/v1/records/well_production/count?field_code=eq." + fieldCode))
                .get("count").asLong();
    }

    long totalCount() {
        return client.json(client.get("/api/v1/records/well_production/count")).get("count").asLong();
    }

    static byte[] json(List<Map<String, Object>> records) {
        try {
            return HttpArrowClient.JSON.writeValueAsBytes(records);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
