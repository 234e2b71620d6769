package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.RowFilterFixture.ADMIN;
import static com.dataforge.bootstrap.RowFilterFixture.IN_SCOPE;
import static com.dataforge.bootstrap.RowFilterFixture.NUMBERS_ROWS;
import static com.dataforge.bootstrap.RowFilterFixture.SCOPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dataforge.application.read.SelectionLimits;
import com.dataforge.bootstrap.RowFilterFixture.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * A key's row filter on every read path, over real HTTP and a real DuckDB: the key sees its rows and no other, in
 * every format, in counts, totals and schema facts, by key and in listings, whatever filters, paging, order, projection
 * or encoding its request uses; a key with no row filter sees every row. The server allows 3 filters per request,
 * and the key's own 2 do not count against them.
 */
class RowFilterReadTest {

    @TempDir
    static Path directory;
    static RowFilterFixture fixture;
    final BufferAllocator allocator = new RootAllocator();

    @BeforeAll
    static void start() throws IOException {
        fixture = RowFilterFixture.start(directory, new SelectionLimits(3, 5_000, 10_000, 256, 1_000, 32));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fixture.stop();
    }

    @AfterEach
    void nothingHeld() throws InterruptedException {
        allocator.close();
        TestServer.assertNothingHeld(fixture.server);
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/arrow/bulk-read/numbers, application/vnd.apache.arrow.stream",
        "/api/v1/arrow/bulk-read/numbers, application/json",
        "/api/v1/arrow/bulk-read/numbers, application/x-ndjson",
        "/api/v1/arrow/bulk-read/numbers, text/csv",
        "/api/v1/records/numbers, application/json",
        "/api/v1/records/numbers, application/vnd.apache.arrow.stream",
        "/api/v1/records/numbers, text/csv",
        "/api/v1/records/%6Eumbers, application/x-ndjson",
        "/api/v1/arrow/bulk-read/numbers, application/vnd.apache.parquet",
        "/api/v1/records/numbers, application/vnd.apache.parquet"})
    void everyFormatOfEveryListingHoldsOnlyTheKeysRows(String path, String accept) {
        assertEquals(IN_SCOPE, read(SCOPED, path + "?order=n", accept));
        assertEquals(RowFilterFixture.SEEDED, read(ADMIN, path + "?order=n", accept).size());
    }

    /** The n of every row a read returns, decoded from whichever format it came in. */
    List<Long> read(String key, String pathAndQuery, String accept) {
        HttpResponse<InputStream> response = fixture.client.get(pathAndQuery, "X-API-Key", key, "Accept", accept);
        assertEquals(200, response.statusCode());
        List<Long> numbers = new ArrayList<>();
        try (InputStream body = response.body()) {
            switch (accept) {
                case "application/vnd.apache.arrow.stream" -> HttpArrowClient.readAll(body, allocator).rows()
                        .forEach(row -> numbers.add((Long) row.get("n")));
                case "application/json" -> numbers.addAll(RowFilterFixture.numbers(
                        HttpArrowClient.JSON.readTree(body), "n"));
                case "application/vnd.apache.parquet" -> numbers.addAll(parquetNumbers(body.readAllBytes()));
                case "application/x-ndjson" -> {
                    for (String line : new String(body.readAllBytes()).lines().toList()) {
                        numbers.add(HttpArrowClient.JSON.readTree(line).get("n").asLong());
                    }
                }
                default -> {
                    List<List<String>> records = CsvRecords.parse(new String(body.readAllBytes()));
                    int n = records.getFirst().indexOf("n");
                    records.subList(1, records.size()).forEach(record -> numbers.add(Long.parseLong(record.get(n))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return numbers;
    }

    /** The n of every row of a Parquet file, read by DuckDB in a database of its own. */
    private static List<Long> parquetNumbers(byte[] file) throws IOException {
        Path saved = Files.createTempFile("scoped-", ".parquet");
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            Files.write(saved, file);
            return ParquetOverHttpTest.column(other, "SELECT n FROM read_parquet(?)", saved).stream()
                    .map(Long::parseLong).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    /**
     * The request's own filters, paging and order narrow the key's rows and never reach past them, and the total
     * count covers the key's matching rows only. (Values are bound, so SQL in a value is only text.)
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "order=n                                     | 2 4 6 8 10 | 5",
        "n=gte.5&order=n                             | 6 8 10     | 3",
        "n=gt.10&order=n                             | ''         | 0",
        "n=lte.1000&order=n                          | 2 4 6 8 10 | 5",
        "n=gte.-1000&n=lte.1000&label=not.null       | 2 4 6 8 10 | 5",
        "n=in.(1,2,3,12,14,20)&order=n               | 2          | 1",
        "n=neq.4&order=n                             | 2 6 8 10   | 4",
        "label=eq.b&order=n                          | ''         | 0",
        "label=neq.a&order=n                         | ''         | 0",
        "label=in.(a,b)&order=n                      | 2 4 6 8 10 | 5",
        "label=like.*&order=n                        | 2 4 6 8 10 | 5",
        "label=ilike.B&order=n                       | ''         | 0",
        "label=is.null&order=n                       | ''         | 0",
        "%6E=gte.5&order=n                           | 6 8 10     | 3",
        "l%61bel=in.(b%2Ca)&order=n                  | 2 4 6 8 10 | 5",
        "label=eq.a%27%20OR%20%271%27%3D%271&order=n | ''         | 0",
        "label=in.(%22a)%20OR%20(1%3D1%22)&order=n   | ''         | 0",
        "order=n.desc&limit=2                        | 10 8       | 5",
        "order=n&limit=2&offset=3                    | 8 10       | 5",
        "order=n&offset=5                            | ''         | 5",
        "order=square.desc&limit=1                   | 10         | 5",
        "order=label,n&limit=100                     | 2 4 6 8 10 | 5",
        "limit=0                                     | ''         | 5"})
    void aRequestNarrowsTheKeysRowsButNeverWidensThem(String query, String expected, long total) {
        Reply listing = fixture.get(SCOPED, "/api/v1/records/numbers?" + query, "Prefer", "count=exact");

        assertEquals(200, listing.status(), listing::body);
        assertEquals(expected.isEmpty() ? List.of() : Arrays.stream(expected.split(" ")).map(Long::valueOf).toList(),
                RowFilterFixture.numbers(listing.json(), "n"));
        assertEquals(Long.toString(total), listing.header("X-Total-Count"));
        Reply bulk = fixture.get(SCOPED, "/api/v1/arrow/bulk-read/numbers?" + query, "Prefer", "count=exact");
        assertEquals(Long.toString(total), bulk.header("X-Total-Count"));
    }

    /** What PostgREST users might try to widen a filter with is not in the grammar: a 400, never rows. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "or=(n.eq.3,n.eq.12)       | or",
        "and=(n.gte.0)             | and",
        "n=or.3                    | n",
        "n=not.eq.3                | n",
        "n=not.in.(2,4)            | n",
        "label=eq.a&label          | label",
        "n=gte.0&n=lte.99&n=neq.3&n=neq.5 | n"})
    void whatCouldWidenTheFilterIsRefused(String query, String parameter) {
        for (String path : List.of("/api/v1/records/numbers?", "/api/v1/records/numbers/count?")) {
            Reply refused = fixture.get(SCOPED, path + query);

            assertEquals(400, refused.status(), refused::body);
            assertEquals(parameter, refused.json().get("parameter").asText(), refused::body);
        }
    }

    @Test
    void theKeysRowFilterDoesNotCountAgainstTheFiltersARequestMayHave() {
        // The key's 2 filters and the request's 3 make 5 in SQL; the server allows 3 per request.
        assertEquals(List.of(4L, 6L), fixture.listed(SCOPED, "?n=gte.3&n=lte.7&square=neq.0&order=n"));
    }

    @Test
    void columnsThatLeaveTheFilteredColumnsOutStillHoldOnlyTheKeysRows() {
        JsonNode squares = fixture.get(SCOPED, "/api/v1/records/numbers?columns=square&order=n").json();
        JsonNode labels = fixture.get(SCOPED, "/api/v1/records/numbers?columns=label").json();
        JsonNode narrowed = fixture.get(SCOPED, "/api/v1/records/numbers?columns=square&n=gt.6&order=n").json();

        assertEquals(List.of(4L, 16L, 36L, 64L, 100L), RowFilterFixture.numbers(squares, "square"));
        assertEquals("[\"square\"]", fieldNames(squares.get(0)));
        assertEquals(5, labels.size());
        labels.forEach(row -> assertEquals("a", row.get("label").asText()));
        assertEquals(List.of(64L, 100L), RowFilterFixture.numbers(narrowed, "square"));
    }

    private static String fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> names.add("\"" + name + "\""));
        return names.toString();
    }

    @ParameterizedTest
    @CsvSource({"'', 5, 20", "?n=gte.5, 3, 16", "?label=eq.b, 0, 10", "?n=gt.10, 0, 10"})
    void countsCountOnlyTheKeysRows(String query, long scoped, long all) {
        assertEquals(scoped, fixture.get(SCOPED, "/api/v1/records/numbers/count" + query).json().get("count")
                .asLong());
        assertEquals(all, fixture.get(ADMIN, "/api/v1/records/numbers/count" + query).json().get("count").asLong());
    }

    @Test
    void theSchemaDescriptionCountsOnlyTheKeysRows() {
        assertEquals(5, fixture.get(SCOPED, "/api/v1/schemas/numbers").json().get("row_count").asLong());
        assertEquals(20, fixture.get(ADMIN, "/api/v1/schemas/numbers").json().get("row_count").asLong());
    }

    /** A record outside the key's rows is answered exactly as one that does not exist. */
    @ParameterizedTest
    @CsvSource({"3", "12", "999", "%33"})
    void aRecordOutsideTheKeysRowsIsNotFound(String key) {
        Reply outside = fixture.get(SCOPED, "/api/v1/records/numbers/" + key);

        assertEquals(404, outside.status(), outside::body);
        String n = key.equals("%33") ? "3" : key;
        assertEquals("schema 'numbers' has no record with key (n=" + n + ")", outside.json().get("detail").asText());
        if (!n.equals("999")) {
            assertEquals(200, fixture.get(ADMIN, "/api/v1/records/numbers/" + key).status());
        }
    }

    @Test
    void aRecordWithinTheKeysRowsIsRead() {
        Reply record = fixture.get(SCOPED, "/api/v1/records/numbers/4");

        assertEquals(200, record.status(), record::body);
        assertEquals("{\"n\":4,\"square\":16,\"label\":\"a\"}", record.body());
    }

    @Test
    void eachAuditLineCarriesTheKeysRowFilter() throws InterruptedException {
        Logger audit = (Logger) LoggerFactory.getLogger("audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        audit.setLevel(Level.INFO);
        List<String> requests = List.of("rows-audit-1", "rows-audit-2", "rows-audit-3", "rows-audit-4");
        try {
            fixture.get(SCOPED, "/api/v1/records/numbers/count", "X-Request-Id", requests.get(0));
            fixture.get(SCOPED, "/api/v1/records/n%75mbers/3", "X-Request-Id", requests.get(1));
            fixture.get(ADMIN, "/api/v1/records/numbers/count", "X-Request-Id", requests.get(2));
            fixture.get(SCOPED, "/api/v1/records/empty_table", "X-Request-Id", requests.get(3));
            // A line is written once its response has ended, which the client may see a moment before.
            Await.until(() -> audited(lines, requests).size() == requests.size(), Duration.ofSeconds(10),
                    "an audit line for each request");
        } finally {
            audit.detachAppender(lines);
            audit.setLevel(null);
        }

        List<JsonNode> entries = audited(lines, requests);
        assertEquals(NUMBERS_ROWS, entries.get(0).get("row_filter").asText(), entries.get(0)::toString);
        assertEquals(NUMBERS_ROWS, entries.get(1).get("row_filter").asText(), entries.get(1)::toString);
        assertEquals(404, entries.get(1).get("status").asInt());
        assertTrue(entries.get(2).has("row_filter") && entries.get(2).get("row_filter").isNull(),
                entries.get(2)::toString);
        assertTrue(entries.get(3).get("row_filter").isNull(), "a permission without rows: " + entries.get(3));
    }

    /** The audit lines of {@code requests}, in their order. */
    private static List<JsonNode> audited(ListAppender<ILoggingEvent> lines, List<String> requests) {
        List<JsonNode> entries = new ArrayList<>();
        for (String request : requests) {
            for (ILoggingEvent line : List.copyOf(lines.list)) {
                try {
                    JsonNode entry = HttpArrowClient.JSON.readTree(line.getFormattedMessage());
                    if (entry.get("request_id").asText().equals(request)) {
                        entries.add(entry);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return entries;
    }
}
