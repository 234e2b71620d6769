package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 from bulk-insert is a promise that the rows are durable: they must survive {@code kill -9} of the server
 * and a restart on the same file, and a rejected upload must leave nothing behind for the restart to find. Real
 * child processes, because only a separate process can be killed without its shutdown hook checkpointing.
 */
class BulkInsertDurabilityTest {

    private static final String NUMBERS = "/api/v1/arrow/bulk-insert/numbers";

    @TempDir
    Path directory;
    final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void release() {
        allocator.close();
    }

    @Test
    void acknowledgedUploadsSurviveKillNineAndRejectedOnesLeaveNothing() throws Exception {
        Path database = directory.resolve("durable.duckdb");
        String[] serve = {"--port", "0", "--db", database.toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "0"};

        try (ServerProcess first = ServerProcess.start(serve)) {
            HttpArrowClient client = new HttpArrowClient(first.address());
            assertInserted(40_000, client, post(client, NUMBERS, numbers(IpcCompression.NONE, 0, 4, 10_000)));

            // New keys, then a batch repeating existing ones: the statement fails after 10,000 rows are already in
            // the transaction, which must roll back all of them.
            byte[] halfNew = ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("n", "square", "label"),
                    IpcCompression.NONE, 2, (root, batch) -> ArrowUploads.numbers(root, batch == 0 ? 1_000_000 : 0,
                            batch == 0 ? 10_000 : 10));
            HttpResponse<InputStream> rejected = post(client, NUMBERS, halfNew);
            JsonNode problem = client.json(rejected);
            assertEquals(409, rejected.statusCode(), problem::toString);

            // Larger than a few DuckDB row groups (122,880 rows): DuckDB writes such an insert straight into the
            // database file before the commit and logs only a reference to its blocks, a second path to recover.
            assertInserted(250_000, client, post(client, NUMBERS, numbers(IpcCompression.LZ4, 50_000, 5, 50_000)));

            // The last thing before the kill is a 200, so nothing but the commit stands between it and the kill.
            assertInserted(10_000, client, post(client, NUMBERS, numbers(IpcCompression.ZSTD, 40_000, 2, 5_000)));
            first.kill();
            assertFalse(first.output().contains("stopped"), "no graceful shutdown ran:\n" + first.output());
        }
        // DuckDB names its write-ahead log after the file. That it is still there proves nothing checkpointed the
        // commits into the database file: the restart must replay the log to find them.
        Path wal = Path.of(database + ".wal");
        assertTrue(Files.exists(wal) && Files.size(wal) > 0, "the commits are only in the write-ahead log " + wal);

        try (ServerProcess second = ServerProcess.start(serve)) {
            HttpArrowClient client = new HttpArrowClient(second.address());
            HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers");
            assertEquals(200, response.statusCode());
            ArrowTable table = HttpArrowClient.readAll(response.body(), allocator);

            int acknowledged = 300_000;
            assertEquals(acknowledged, table.rows().size(), "exactly the acknowledged rows, none of the rejected");
            boolean[] seen = new boolean[acknowledged];
            for (Map<String, Object> row : table.rows()) {
                long n = (Long) row.get("n");
                assertTrue(n >= 0 && n < acknowledged, () -> "a row of the rejected upload came back: " + row);
                assertFalse(seen[(int) n], () -> "n = " + n + " twice");
                seen[(int) n] = true;
                assertEquals(n * n, row.get("square"), row::toString);
                assertEquals("u" + n, row.get("label").toString(), row::toString);
            }
            assertEquals(acknowledged,
                    client.json(client.get("/api/v1/schemas/numbers")).get("row_count").asLong());
            assertEquals(ServerProcess.SIGTERM_EXIT, second.stop(), second::output);
        }
    }

    private static void assertInserted(long rows, HttpArrowClient client, HttpResponse<InputStream> response) {
        JsonNode body = client.json(response);
        assertEquals(200, response.statusCode(), body::toString);
        assertEquals(rows, body.get("rows_inserted").asLong(), body::toString);
    }

    private static HttpResponse<InputStream> post(HttpArrowClient client, String path, byte[] body) {
        return client.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private byte[] numbers(IpcCompression compression, long from, int batches, int rowsPerBatch) {
        return ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("n", "square", "label"), compression,
                batches, (root, batch) -> ArrowUploads.numbers(root, from + (long) batch * rowsPerBatch, rowsPerBatch));
    }
}
