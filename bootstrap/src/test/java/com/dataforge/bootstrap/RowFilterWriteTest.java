package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.RowFilterFixture.ADMIN;
import static com.dataforge.bootstrap.RowFilterFixture.ALL_TYPES_ROWS;
import static com.dataforge.bootstrap.RowFilterFixture.NUMBERS_ROWS;
import static com.dataforge.bootstrap.RowFilterFixture.SCOPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.SelectionLimits;
import com.dataforge.bootstrap.RowFilterFixture.Reply;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key's row filter on every write path, over real HTTP and a real DuckDB: a record outside the key's rows cannot be
 * changed or deleted and is a 404, as if it did not exist; a write that would create a row outside them, or move one
 * out of them, is a 403 naming the column, and writes nothing; an upsert cannot overwrite a stored row outside them.
 */
class RowFilterWriteTest {

    @TempDir
    Path directory;
    RowFilterFixture fixture;
    List<String> before;
    final BufferAllocator allocator = new RootAllocator();

    @BeforeEach
    void start() throws IOException {
        fixture = RowFilterFixture.start(directory, SelectionLimits.DEFAULTS);
        before = fixture.table();
    }

    @AfterEach
    void stop() throws InterruptedException {
        allocator.close();
        fixture.stop();
    }

    /** Stored records the key may not see, whatever the write: 3 has label b, 12 is past n=lte.10. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT    | 3  | {\"square\": 1, \"label\": \"a\"}",
        "PATCH  | 3  | {\"label\": \"a\"}",
        "PATCH  | 3  | {}",
        "DELETE | 3  | ",
        "PUT    | 12 | {\"label\": \"a\"}",
        "PATCH  | 12 | {\"square\": 0}",
        "DELETE | 12 | ",
        "DELETE | 999 | "})
    void aRecordOutsideTheKeysRowsIsNotFoundAndStaysAsItIs(String method, String key, String body) {
        Reply refused = fixture.send(SCOPED, method, "/api/v1/records/numbers/" + key, body);

        assertEquals(404, refused.status(), refused::body);
        assertEquals("schema 'numbers' has no record with key (n=" + key + ")", refused.json().get("detail").asText());
        assertEquals(before, fixture.table());
    }

    @Test
    void recordsWithinTheKeysRowsAreWrittenAsUsual() {
        assertEquals(204, fixture.send(SCOPED, "PATCH", "/api/v1/records/numbers/4", "{\"square\": 17}").status());
        assertEquals(204, fixture.send(SCOPED, "PUT", "/api/v1/records/numbers/8", "{\"label\": \"a\"}").status());
        assertEquals(204, fixture.send(SCOPED, "DELETE", "/api/v1/records/numbers/6", null).status());
        assertEquals(201, fixture.send(SCOPED, "POST", "/api/v1/records/numbers", "{\"n\": 0, \"label\": \"a\"}")
                .status());

        List<String> expected = new ArrayList<>(before);
        expected.set(3, "4:17:a");
        expected.set(7, "8:null:a");
        expected.remove(5);
        expected.addFirst("0:null:a");
        assertEquals(expected, fixture.table());
        assertEquals(List.of(0L, 2L, 4L, 8L, 10L), fixture.listed(SCOPED, "?order=n"));
    }

    /**
     * Values that would take the record out of the key's rows: 403 naming the column, decided by the values alone,
     * so an existing record and a missing one are refused alike and the refusal tells nothing of either.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PATCH | /api/v1/records/numbers/4   | {\"label\": \"b\"}                   | label",
        "PATCH | /api/v1/records/numbers/4   | {\"label\": null}                    | label",
        "PUT   | /api/v1/records/numbers/4   | {\"square\": 16}                     | label",
        "PATCH | /api/v1/records/numbers/12  | {\"label\": \"b\"}                   | label",
        "PATCH | /api/v1/records/numbers/999 | {\"label\": \"b\"}                   | label",
        "POST  | /api/v1/records/numbers     | {\"n\": 30, \"label\": \"a\"}        | n",
        "POST  | /api/v1/records/numbers     | {\"n\": 0, \"label\": \"b\"}         | label",
        "POST  | /api/v1/records/numbers     | {\"n\": 0}                           | label",
        "POST  | /api/v1/records/numbers     | [{\"n\": 0, \"label\": \"a\"}, {\"n\": -1, \"label\": \"b\"}] | label",
        "POST  | /api/v1/records/numbers     | [{\"n\": 0, \"label\": \"a\"}, {\"n\": 11, \"label\": \"a\"}] | n"})
    void aWriteThatWouldPutARowOutsideTheKeysRowsIsForbiddenNamingTheColumn(String method, String path, String body,
            String column) {
        Reply refused = fixture.send(SCOPED, method, path, body);

        assertEquals(403, refused.status(), refused::body);
        assertEquals(column, refused.json().get("parameter").asText(), refused::body);
        assertTrue(refused.json().get("detail").asText().contains("column '" + column + "'")
                && refused.json().get("detail").asText().contains(NUMBERS_ROWS), refused::body);
        assertEquals(before, fixture.table());
    }

    @Test
    void aBulkInsertWithinTheKeysRowsGoesIn() {
        Reply inserted = upload("", List.of(row(-1, "a"), row(-2, "a")));

        assertEquals(200, inserted.status(), inserted::body);
        assertEquals(List.of(-2L, -1L, 2L, 4L, 6L, 8L, 10L), fixture.listed(SCOPED, "?order=n"));
    }

    /** One row outside the key's rows anywhere in the upload, and nothing of it is inserted. */
    @ParameterizedTest
    @CsvSource({"-3 a 31 a, n", "-3 a -4 b, label", "-3 a -4 null, label", "11 a, n"})
    void aBulkInsertWithARowOutsideTheKeysRowsIsForbiddenAndInsertsNothing(String rows, String column) {
        String[] items = rows.split(" ");
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < items.length; i += 2) {
            values.add(row(Long.parseLong(items[i]), items[i + 1].equals("null") ? null : items[i + 1]));
        }

        Reply refused = upload("", values);

        assertEquals(403, refused.status(), refused::body);
        assertEquals(column, refused.json().get("parameter").asText(), refused::body);
        assertEquals(before, fixture.table());
    }

    /** A CSV body is held to the key's rows as an Arrow upload is: within them it goes in, past them nothing does. */
    @Test
    void aCsvUploadIsHeldToTheKeysRows() {
        Reply inserted = post("/api/v1/arrow/bulk-insert/numbers", "text/csv", "n,label\n-1,a\n-2,a\n".getBytes());
        assertEquals(200, inserted.status(), inserted::body);
        List<String> within = fixture.table();

        Reply refused = post("/api/v1/arrow/bulk-insert/numbers", "text/csv", "n,label\n-3,a\n-4,b\n".getBytes());
        assertEquals(403, refused.status(), refused::body);
        assertEquals("label", refused.json().get("parameter").asText(), refused::body);
        assertTrue(refused.json().get("detail").asText().contains("the request body"), refused::body);
        assertEquals(within, fixture.table());
    }

    @Test
    void aBulkInsertWithoutAFilteredColumnIsForbiddenForItWouldBeNull() {
        byte[] body = ArrowUploads.rows(allocator, ArrowUploads.numbersSchema("n", "square"),
                List.of(List.of(-5L, 25L)));

        Reply refused = post("/api/v1/arrow/bulk-insert/numbers", body);

        assertEquals(403, refused.status(), refused::body);
        assertEquals("label", refused.json().get("parameter").asText(), refused::body);
        assertEquals(before, fixture.table());
    }

    /** 3 is stored with label b, outside the key's rows: an upsert of it would take it over. */
    @Test
    void anUpsertCannotOverwriteAStoredRowOutsideTheKeysRows() {
        Reply refused = upload("?on_conflict=update", List.of(row(-1, "a"), row(3, "a")));
        assertEquals(409, refused.status(), refused::body);
        assertTrue(refused.json().get("detail").asText().contains("on_conflict=update"), refused::body);
        assertEquals(before, fixture.table());

        Reply updated = upload("?on_conflict=update", List.of(row(-1, "a"), row(4, "a")));
        assertEquals(200, updated.status(), updated::body);
        assertEquals(1, updated.json().get("rows_inserted").asLong(), updated::body);
        assertEquals(1, updated.json().get("rows_updated").asLong(), updated::body);

        Reply ignored = upload("?on_conflict=ignore", List.of(row(3, "a")));
        assertEquals(200, ignored.status(), ignored::body);
        assertEquals(1, ignored.json().get("rows_ignored").asLong(), ignored::body);
        assertEquals("3:9:b", fixture.table().get(3));
    }

    /**
     * The check sees each value as it will be stored: a nanosecond timestamp just under the key's bound rounds up to
     * it on the way in, and is refused; the same instant in microseconds is inside.
     */
    @Test
    void aValueIsCheckedAsItWillBeStored() {
        assertEquals("c_timestamp=lt.2024-01-01T00:00:00", ALL_TYPES_ROWS);
        Schema nanos = new Schema(List.of(ArrowUploads.field("id", new ArrowType.Int(32, true), false),
                ArrowUploads.field("c_timestamp", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), true)));
        LocalDateTime justUnder = LocalDateTime.parse("2023-12-31T23:59:59.9999996");

        Reply refused = post("/api/v1/arrow/bulk-insert/all_types", ArrowUploads.rows(allocator, nanos,
                List.of(List.of(1, justUnder))));
        Reply inserted = post("/api/v1/arrow/bulk-insert/all_types", ArrowUploads.rows(allocator, nanos,
                List.of(List.of(2, justUnder.minusNanos(600)))));

        assertEquals(403, refused.status(), refused::body);
        assertEquals("c_timestamp", refused.json().get("parameter").asText());
        assertEquals(200, inserted.status(), inserted::body);
        assertEquals("2023-12-31T23:59:59.999999", fixture.get(SCOPED, "/api/v1/records/all_types/2").json()
                .get("c_timestamp").asText());
        assertEquals(404, fixture.get(ADMIN, "/api/v1/records/all_types/1").status());
    }

    /** A permission written as an object without rows allows every row, like the plain string. */
    @Test
    void aPermissionWithoutRowsAllowsEveryRow() {
        Reply created = fixture.send(SCOPED, "POST", "/api/v1/records/empty_table",
                "[{\"id\": 1, \"label\": \"x\"}, {\"id\": 2}]");

        assertEquals(201, created.status(), created::body);
        assertEquals(2, fixture.get(SCOPED, "/api/v1/records/empty_table").json().size());
    }

    static List<Object> row(long n, String label) {
        return Arrays.asList(n, n * n, label);
    }

    private Reply upload(String query, List<List<Object>> rows) {
        return post("/api/v1/arrow/bulk-insert/numbers" + query, ArrowUploads.rows(allocator,
                ArrowUploads.numbersSchema("n", "square", "label"), IpcCompression.NONE, 1, rows));
    }

    private Reply post(String path, byte[] arrow) {
        return post(path, "application/vnd.apache.arrow.stream", arrow);
    }

    private Reply post(String path, String contentType, byte[] content) {
        HttpResponse<InputStream> response = fixture.client.send(HttpRequest.newBuilder(fixture.client.uri(path))
                .header("X-API-Key", SCOPED).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
        try (InputStream body = response.body()) {
            return new Reply(response.statusCode(), response.headers(), new String(body.readAllBytes()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
