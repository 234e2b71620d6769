package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record body at the default size limit, of records so small that, held as parsed objects (a map, a boxed number
 * and typed values each), they would take several hundred MB: a server with a 64 MiB heap creates them all, since it
 * holds the body's bytes and one Arrow batch at a time. A child process, for its heap of its own.
 */
class RecordBodyMemoryTest {

    static final int DEFAULT_MAX_RECORD_BODY_BYTES = 16 << 20;

    @TempDir
    Path directory;

    @Test
    void aBodyOfMoreThanAMillionRecordsFitsASmallHeap() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(DEFAULT_MAX_RECORD_BODY_BYTES);
        body.write('[');
        int records = 0;
        while (true) {
            byte[] record = ((records == 0 ? "" : ",") + "{\"n\":" + records + "}").getBytes(StandardCharsets.UTF_8);
            if (body.size() + record.length + 1 > DEFAULT_MAX_RECORD_BODY_BYTES) {
                break;
            }
            body.write(record, 0, record.length);
            records++;
        }
        body.write(']');
        assertTrue(records > 1_000_000, records + " records");

        try (ServerProcess server = ServerProcess.start(Map.of("JDK_JAVA_OPTIONS", "-Xmx64m"), "--port", "0",
                "--db", directory.resolve("memory.duckdb").toString(), "--schemas",
                TestDatabase.schemas(directory).toString(), "--demo-rows", "0")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                    client.uri("/api/v1/records/numbers")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());

            JsonNode created = client.json(response);
            assertEquals(201, response.statusCode(), () -> created + "\n" + server.output());
            assertEquals(records, created.get("rows_inserted").asLong());
            assertEquals(records, client.json(client.get("/api/v1/records/numbers/count")).get("count").asLong());
        }
    }
}
