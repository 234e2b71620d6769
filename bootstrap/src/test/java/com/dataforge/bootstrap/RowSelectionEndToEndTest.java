package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filters, order, limit and offset on bulk-read, and the count endpoint, over HTTP against a real DuckDB file, read
 * back with Arrow's stream reader. all_types holds, for every column but id and c_boolean, its smallest value in
 * row 3, a middle value in row 4 and its largest in row 1; row 2 is all NULL; rows 5 and 6 hold the special floats
 * and more strings.
 */
class RowSelectionEndToEndTest {

    static final int NUMBERS = 10_000;
    static final String ALL_TYPES = "/api/v1/arrow/bulk-read/all_types";

    @RegisterExtension
    static final TestServer server = TestServer.started().seed(
                "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES + ","
                + """
                  (4, true, 0, 0, 0, 0.1, 0.1, 0.5, 'a,b "c"', '\\x00\\x01'::BLOB, DATE '2000-01-01',
                   TIME '12:00:00', TIMESTAMP '2000-01-01 12:00:00.5', TIMESTAMPTZ '2000-01-01 12:00:00+00',
                   '7f000000-0000-0000-0000-000000000000'),
                  (5, NULL, NULL, NULL, NULL, '-Infinity', 'Infinity', NULL, 'A*B%C_D', NULL, NULL, NULL, NULL, NULL,
                   NULL),
                  (6, NULL, NULL, NULL, NULL, 'NaN', 'NaN', NULL, 'a\\b', NULL, NULL, NULL, NULL, NULL, NULL)
                """,
                "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + NUMBERS + ")");
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    /** {@code ?name=value&…} from unencoded "name=value" pairs, split at the first '='. */
    static String query(String... pairs) {
        return Arrays.stream(pairs).map(pair -> {
            int equals = pair.indexOf('=');
            return encode(pair.substring(0, equals)) + "=" + encode(pair.substring(equals + 1));
        }).collect(Collectors.joining("&", "?", ""));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    ArrowTable read(String pathAndQuery) {
        HttpResponse<InputStream> response = client.get(pathAndQuery);
        assertEquals(200, response.statusCode(), () -> "status of " + pathAndQuery + ": " + client.json(response));
        return HttpArrowClient.readAll(response.body(), allocator);
    }

    /** The ids of the all_types rows the pairs select, in the order sent. */
    List<Integer> ids(String... pairs) {
        List<String> all = new ArrayList<>(List.of(pairs));
        all.add("columns=id");
        return read(ALL_TYPES + query(all.toArray(String[]::new))).rows().stream()
                .map(row -> (Integer) row.get("id")).toList();
    }

    List<Integer> sortedIds(String... pairs) {
        return ids(pairs).stream().sorted().toList();
    }

    /** "1,4" as ids; empty for none. */
    static List<Integer> idList(String text) {
        return text == null || text.isEmpty() ? List.of()
                : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }

    /** Per column: the text of its smallest value (row 3) and of its middle value (row 4). */
    static Stream<Arguments> everyOperatorOnEveryType() {
        List<List<String>> columns = List.of(
                List.of("c_tinyint", "-128", "0"),
                List.of("c_smallint", "-32768", "0"),
                List.of("c_bigint", "-9223372036854775808", "0"),
                List.of("c_float", "-0.25", "0.1"),
                List.of("c_double", "-2.5e-308", "0.1"),
                List.of("c_decimal", "-0.001", "0.50"),
                List.of("c_varchar", "", "a,b \"c\""),
                List.of("c_blob", "", "AAE="),
                List.of("c_date", "1970-01-01", "2000-01-01"),
                List.of("c_time", "00:00", "12:00:00"),
                List.of("c_timestamp", "1900-01-01T00:00", "2000-01-01 12:00:00.5"),
                List.of("c_timestamptz", "1970-01-01T00:00Z", "2000-01-01T21:00+09:00"),
                List.of("c_uuid", "00000000-0000-0000-0000-000000000000", "7f000000-0000-0000-0000-000000000000"));
        List<Arguments> cases = new ArrayList<>();
        for (List<String> column : columns) {
            String name = column.get(0);
            String min = column.get(1);
            String mid = column.get(2);
            String quotedMin = '"' + min + '"';
            String quotedMid = '"' + mid.replace("\"", "\\\"") + '"';
            cases.add(Arguments.of(name, "eq." + mid, List.of(4)));
            cases.add(Arguments.of(name, "neq." + mid, List.of(1, 3)));
            cases.add(Arguments.of(name, "gt." + mid, List.of(1)));
            cases.add(Arguments.of(name, "gte." + mid, List.of(1, 4)));
            cases.add(Arguments.of(name, "lt." + mid, List.of(3)));
            cases.add(Arguments.of(name, "lte." + mid, List.of(3, 4)));
            cases.add(Arguments.of(name, "in.(" + quotedMid + "," + quotedMin + ")", List.of(3, 4)));
            cases.add(Arguments.of(name, "is.null", List.of(2)));
            cases.add(Arguments.of(name, "not.null", List.of(1, 3, 4)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource
    void everyOperatorOnEveryType(String column, String filter, List<Integer> expected) {
        // id=lte.4 leaves out the rows of special floats, so every column orders its rows 3 < 4 < 1.
        assertEquals(expected, sortedIds(column + "=" + filter, "id=lte.4"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "c_boolean=eq.true|1,4", "c_boolean=neq.true|3", "c_boolean=gt.false|1,4", "c_boolean=gte.false|1,3,4",
        "c_boolean=lt.true|3", "c_boolean=lte.true|1,3,4", "c_boolean=in.(false)|3", "c_boolean=is.null|2,5,6",
        "c_boolean=not.null|1,3,4", "c_boolean=eq.TRUE|1,4",
        "id=eq.4|4", "id=neq.4|1,2,3,5,6", "id=gt.4|5,6", "id=gte.4|4,5,6", "id=lt.2|1", "id=lte.2|1,2",
        "id=in.(6,1,99)|1,6", "id=is.null|``", "id=not.null|1,2,3,4,5,6"})
    void booleanAndIntegerColumns(String filter, String expected) {
        assertEquals(idList(expected), sortedIds(filter));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "c_double=eq.NaN|6", "c_double=eq.Infinity|5", "c_double=gt.1e308|1,5,6", "c_double=gte.Infinity|5,6",
        "c_double=lt.Infinity|1,3,4", "c_double=neq.NaN|1,3,4,5", "c_double=in.(NaN,-2.5e-308)|3,6",
        "c_float=eq.-Infinity|5", "c_float=lt.-0.25|5", "c_float=gt.3.5|6", "c_float=eq.NaN|6",
        "c_float=eq.0.1|4", "c_float=in.(0.1,3.5)|1,4"})
    void nanIsEqualToItselfAndAboveEveryNumber(String filter, String expected) {
        assertEquals(idList(expected), sortedIds(filter));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "like.a*|4,6", "ilike.a*|4,5,6", "like.*|1,3,4,5,6", "like.|3", "like.*\\**|5", "like.*\\%*|5",
        "like.A_B*|5", "like.*\\\\*|6", "like.a\\\\b|6", "ilike.*WÖRLD*|1", "like.*世界 🚀|1",
        "like.%'; DELETE FROM all_types; --|``", "eq.a\\b|6", "in.(\"a\\\\b\",\"A*B%C_D\")|5,6"})
    void likePatternsAndStrings(String filter, String expected) {
        assertEquals(idList(expected), sortedIds("c_varchar=" + filter));
    }

    @Test
    void filtersCombineAndAColumnMayBeFilteredTwice() {
        assertEquals(List.of(1, 4), sortedIds("c_bigint=gte.0", "c_bigint=lte.9223372036854775807",
                "c_varchar=not.null", "c_date=gt.1999-12-31"));
        List<Map<String, Object>> rows = read("/api/v1/arrow/bulk-read/numbers"
                + query("n=gte.100", "n=lt.2000", "label=like.n1*", "order=n.desc", "columns=n,label")).rows();
        List<Long> expected = LongStream.range(100, 2000).filter(n -> Long.toString(n).startsWith("1")).boxed()
                .sorted((a, b) -> Long.compare(b, a)).toList();
        assertEquals(expected, rows.stream().map(row -> (Long) row.get("n")).toList());
        assertEquals("n" + expected.getFirst(), rows.getFirst().get("label").toString());
    }

    @Test
    void orderSortsNullsLastAndNanAboveInfinityAndBreaksTiesByThePrimaryKey() {
        assertEquals(List.of(3, 4, 1, 5, 6, 2), ids("order=c_double"));
        assertEquals(List.of(6, 5, 1, 4, 3, 2), ids("order=c_double.desc"));
        assertEquals(List.of(1, 4, 3, 2, 5, 6), ids("order=c_boolean.desc"));
        assertEquals(List.of(3, 1, 4, 2, 5, 6), ids("order=c_boolean.asc"));
        assertEquals(List.of(4, 1), ids("order=c_varchar.asc,id.desc", "c_boolean=eq.true"));
        assertEquals(List.of(6, 5, 4), ids("order=id.desc", "limit=3"));
    }

    @ParameterizedTest
    @CsvSource({"1,30", "700," + NUMBERS, "4096," + NUMBERS})
    void pagesConcatenateToTheOrderedWhole(int pageRows, int rows) {
        List<Long> paged = new ArrayList<>();
        // One page past the end, which must be empty.
        for (long offset = 0; offset <= rows; offset += pageRows) {
            ArrowTable page = read("/api/v1/arrow/bulk-read/numbers" + query("order=square.desc", "n=lt." + rows,
                    "limit=" + pageRows, "offset=" + offset, "columns=n", "batch_rows=256"));
            assertEquals(Math.min(pageRows, Math.max(0, rows - offset)), page.rows().size());
            page.rows().forEach(row -> paged.add((Long) row.get("n")));
        }
        assertEquals(LongStream.range(0, rows).map(n -> rows - 1 - n).boxed().toList(), paged);
    }

    @Test
    void limitZeroAndAnOffsetPastTheEndAreEmpty() {
        assertEquals(0, read("/api/v1/arrow/bulk-read/numbers" + query("limit=0")).rows().size());
        assertEquals(0, read("/api/v1/arrow/bulk-read/numbers" + query("offset=999999999999")).rows().size());
        assertEquals(List.of(NUMBERS - 1L), read("/api/v1/arrow/bulk-read/numbers" + query("offset=" + (NUMBERS - 1),
                "order=n")).rows().stream().map(row -> row.get("n")).toList());
    }

    long count(String schema, String... pairs) {
        HttpResponse<InputStream> response = client.get("/api/v1/records/" + schema + "/count"
                + (pairs.length == 0 ? "" : query(pairs)));
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = client.json(response);
        assertEquals(schema, body.get("schema").asText());
        assertEquals(2, body.size(), body.toString());
        return body.get("count").asLong();
    }

    @Test
    void countTakesTheSameFilters() {
        assertEquals(NUMBERS, count("numbers"));
        assertEquals(100, count("numbers", "n=lt.100"));
        assertEquals(1_111, count("numbers", "label=like.n1*"));
        assertEquals(1_900 - 1_000 + 0, count("numbers", "n=gte.1000", "n=lt.1900"));
        assertEquals(3, count("numbers", "n=in.(1,2,3,-1)"));
        assertEquals(1, count("all_types", "c_double=eq.NaN"));
        assertEquals(3, count("all_types", "c_timestamptz=not.null"));
        assertEquals(0, count("empty_table"));
        assertEquals(0, count("all_types", "c_varchar=eq.'; DROP TABLE all_types; --"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // bad value per type, naming the column and quoting the value
        "c_boolean=eq.yes|c_boolean|'yes' is not a BOOLEAN value for column 'c_boolean' (true or false)",
        "c_tinyint=eq.128|c_tinyint|'128' is not a TINYINT value",
        "c_smallint=gt.1.5|c_smallint|'1.5' is not a SMALLINT value",
        "id=eq.2147483648|id|'2147483648' is not a INTEGER value",
        "c_bigint=lt.1e3|c_bigint|'1e3' is not a BIGINT value",
        "c_float=eq.fast|c_float|'fast' is not a FLOAT value",
        "c_double=eq.Inf|c_double|'Inf' is not a DOUBLE value",
        "c_decimal=eq.0.0001|c_decimal|'0.0001' is not a DECIMAL(18,3) value for column 'c_decimal' (at most 15",
        "c_decimal=lt.1e16|c_decimal|'1e16' is not a DECIMAL(18,3) value",
        "c_blob=eq.%%%|c_blob|'%%%' is not a BLOB value for column 'c_blob' (base64)",
        "c_date=eq.2024-02-30|c_date|'2024-02-30' is not a DATE value",
        "c_time=eq.25:00|c_time|'25:00' is not a TIME value",
        "c_timestamp=eq.2024-02-29T24:00|c_timestamp|'2024-02-29T24:00' is not a TIMESTAMP value",
        "c_timestamptz=eq.2024-02-29T12:00|c_timestamptz|'2024-02-29T12:00' is not a TIMESTAMPTZ value",
        "c_uuid=eq.a0eebc99|c_uuid|'a0eebc99' is not a UUID value",
        "c_uuid=in.(a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,x)|c_uuid|'x' is not a UUID value",
        // the grammar
        "c_bigint=5|c_bigint|'5' is not a filter; write column=operator.value",
        "c_bigint=between.1|c_bigint|'between' in 'between.1' is not an operator",
        "c_bigint=like.1*|c_bigint|like applies to VARCHAR columns only",
        "c_uuid=ilike.a*|c_uuid|ilike applies to VARCHAR columns only",
        "c_varchar=like.a\\|c_varchar|ends with a lone backslash",
        "c_varchar=in.()|c_varchar|'in.()' is not a list",
        "c_varchar=is.empty|c_varchar|is takes only null",
        "nope=eq.1|nope|unknown parameter 'nope': it is neither a parameter of this endpoint nor a column",
        "ID=eq.1|ID|unknown parameter 'ID'",
        "order=nope|order|'nope' in order 'nope' is not a column of schema 'all_types'",
        "order=id.sideways|order|'sideways' in order 'id.sideways' is not a direction",
        "order=id,id|order|column 'id' is ordered by twice",
        "limit=-1|limit|limit must be a whole number from 0 to 999999999999999999, got '-1'",
        "limit=ten|limit|got 'ten'",
        "offset=1.5|offset|offset must be a whole number",
        "batch_rows=0|batch_rows|batch_rows must be between 1",
        // injection attempts: names, order, paging and typed values never reach SQL as text
        "c_bigint=eq.1; DROP TABLE all_types; --|c_bigint|'1; DROP TABLE all_types; --' is not a BIGINT value",
        "c_varchar\"; DROP TABLE all_types; --=eq.1|c_varchar\"; DROP TABLE all_types; --|unknown parameter",
        "order=id; DROP TABLE all_types|order|'id; DROP TABLE all_types' in order",
        "order=id\" DESC; DROP TABLE all_types; --|order|is not a column of schema 'all_types'",
        "limit=1; DROP TABLE all_types|limit|got '1; DROP TABLE all_types'",
        "offset=0 OR 1=1|offset|got '0 OR 1=1'",
        "columns=id,\"c_varchar\"|columns|column '\"c_varchar\"' is not in schema 'all_types'"})
    void aBadSelectionIsAPreciseProblem(String pair, String parameter, String detail) {
        assertProblem(ALL_TYPES + query(pair), parameter, detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "limit=1&limit=2|limit|parameter 'limit' is given more than once",
        "offset=1&offset=1|offset|parameter 'offset' is given more than once",
        "order=id&order=id.desc|order|parameter 'order' is given more than once",
        "columns=id&columns=id|columns|parameter 'columns' is given more than once",
        "compression=zstd&compression=zstd|compression|parameter 'compression' is given more than once"})
    void aRepeatedReservedParameterIsAProblem(String rawQuery, String parameter, String detail) {
        assertProblem(ALL_TYPES + "?" + rawQuery, parameter, detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "n=eq.x|n|'x' is not a BIGINT value for column 'n'",
        "limit=1|limit|a count covers every row the filters match, so limit does not apply",
        "offset=1|offset|offset does not apply",
        "order=n|order|order does not apply",
        "columns=n|columns|unknown parameter 'columns'",
        "n\"; DROP TABLE numbers; --=eq.1|n\"; DROP TABLE numbers; --|unknown parameter"})
    void aBadCountIsAPreciseProblem(String pair, String parameter, String detail) {
        assertProblem("/api/v1/records/numbers/count" + query(pair), parameter, detail);
    }

    @Test
    void countOfAnUnknownSchemaIs404() {
        HttpResponse<InputStream> response = client.get("/api/v1/records/nope/count");

        assertEquals(404, response.statusCode());
        assertTrue(client.json(response).get("detail").asText().contains("nope"));
    }

    void assertProblem(String pathAndQuery, String parameter, String detail) {
        HttpResponse<InputStream> response = client.get(pathAndQuery);

        assertEquals(400, response.statusCode(), pathAndQuery);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = client.json(response);
        assertEquals(400, problem.get("status").asInt());
        assertEquals(parameter, problem.get("parameter").asText(), problem.toString());
        assertTrue(problem.get("detail").asText().contains(detail), problem.toString());
        assertTrue(!problem.toString().contains("Exception") && !problem.toString().contains("\tat "),
                "no stack trace in a problem: " + problem);
        tablesUnchanged();
    }

    /** The server keeps serving and no attempt changed a row. */
    void tablesUnchanged() {
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ids("order=id"));
        assertEquals(NUMBERS, count("numbers"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "c_varchar=eq.'; DROP TABLE all_types; --",
        "c_varchar=in.(\"'); DELETE FROM all_types; --\",x)",
        "c_varchar=like.*' OR '1'='1",
        "c_varchar=neq.\" OR 1=1 --",
        "c_blob=eq.JzsgRFJPUCBUQUJMRSBhbGxfdHlwZXM7IC0t"})
    void injectionInAValueIsJustAValue(String pair) {
        List<Integer> matched = sortedIds(pair);

        assertTrue(matched.isEmpty() || pair.contains("neq"), () -> pair + " matched " + matched);
        tablesUnchanged();
    }
}
