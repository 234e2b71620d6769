package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Uploads over real HTTP into a real DuckDB file, read back through bulk-read with Arrow's stream reader. */
class BulkInsertEndToEndTest {

    static final String NUMBERS = "/api/v1/arrow/bulk-insert/numbers";

    // Each test gets its own database file and server, so each starts from empty tables.
    @RegisterExtension
    final TestServer server = TestServer.started();
    final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    ArrowTable numberRows() {
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers");
        assertEquals(200, response.statusCode());
        return HttpArrowClient.readAll(response.body(), allocator);
    }

    HttpResponse<InputStream> post(String pathAndQuery, byte[] body) {
        return client.send(HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    byte[] numbers(IpcCompression compression, long from, int batches, int rowsPerBatch) {
        return ArrowUploads.numbersStream(allocator, compression, from, batches, rowsPerBatch);
    }

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void uploadedRowsAreReadBackInEveryCompression(IpcCompression compression) {
        HttpResponse<InputStream> response = post(NUMBERS, numbers(compression, 0, 3, 1000));
        JsonNode body = client.json(response);
        assertEquals(200, response.statusCode(), body::toString);
        assertEquals("numbers", body.get("schema").asText());
        assertEquals(3000, body.get("rows_inserted").asLong());
        assertEquals(0, body.get("rows_updated").asLong());
        assertEquals(0, body.get("rows_ignored").asLong());

        ArrowTable table = numberRows();
        assertEquals(3000, table.rows().size());
        Map<String, Object> row = table.rows().stream().filter(r -> r.get("n").equals(2999L)).findFirst().orElseThrow();
        assertEquals(2999L * 2999L, row.get("square"));
        assertEquals("u2999", row.get("label").toString());
    }

    @Test
    void aDuplicateKeyIsAConflictAndInsertsNothing() {
        assertEquals(200, post(NUMBERS, numbers(IpcCompression.NONE, 0, 1, 10)).statusCode());
        HttpResponse<InputStream> response = post(NUMBERS, numbers(IpcCompression.NONE, 5, 2, 10));
        JsonNode problem = client.json(response);
        assertEquals(409, response.statusCode(), problem::toString);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(10, numberRows().rows().size(), "the failed upload inserted nothing");
    }

    @Test
    void ignoreSkipsExistingKeysAndUpdateOverwritesThem() {
        assertEquals(200, post(NUMBERS, numbers(IpcCompression.NONE, 0, 1, 10)).statusCode());

        JsonNode ignored = client.json(post(NUMBERS + "?on_conflict=ignore", numbers(IpcCompression.NONE, 5, 1, 10)));
        assertEquals(5, ignored.get("rows_inserted").asLong(), ignored::toString);
        assertEquals(5, ignored.get("rows_ignored").asLong(), ignored::toString);

        byte[] relabelled = ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("label", "n"),
                IpcCompression.ZSTD, 1, (root, batch) -> {
                    ArrowUploads.numbers(root, 10, 10);
                });
        JsonNode updated = client.json(post(NUMBERS + "?on_conflict=update", relabelled));
        assertEquals(5, updated.get("rows_inserted").asLong(), updated::toString);
        assertEquals(5, updated.get("rows_updated").asLong(), updated::toString);

        ArrowTable table = numberRows();
        assertEquals(20, table.rows().size());
        Map<String, Object> kept = table.rows().stream().filter(r -> r.get("n").equals(12L)).findFirst().orElseThrow();
        assertEquals(144L, kept.get("square"), "update leaves the columns it was not sent alone");
        Map<String, Object> added = table.rows().stream().filter(r -> r.get("n").equals(17L)).findFirst().orElseThrow();
        assertEquals(null, added.get("square"), "a column missing from the upload is NULL in new rows");
    }
}
