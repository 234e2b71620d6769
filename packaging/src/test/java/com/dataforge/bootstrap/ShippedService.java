package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What every shipped form of the service must do once started from an empty directory: serve the demo table as a
 * ZSTD-compressed Arrow stream, take a ZSTD-compressed Arrow upload into the other bundled example and serve it back,
 * then stop on SIGTERM after draining and checkpointing.
 */
final class ShippedService {

    /** Arrow's values as plain Java ones ({@code Text} as String), so rows compare with maps of literals. */
    private static final BiFunction<FieldVector, Integer, Object> PLAIN = ArrowValues::get;

    private ShippedService() {
    }

    /** Starts {@code launch}, checks it serves {@code demoRows} rows and takes an upload, stops it; its output. */
    static String readUploadAndStop(ProcessBuilder launch, long demoRows) {
        try (ServerProcess server = ServerProcess.start(launch);
                BufferAllocator allocator = new RootAllocator()) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            HttpResponse<InputStream> demo = client.get("/api/v1/arrow/bulk-read/well_production?compression=zstd"
                    + "&columns=field_code,well_code,well_name&order=well_code,production_period");
            assertEquals(200, demo.statusCode(), server::output);
            ArrowTable wells = HttpArrowClient.readAll(demo.body(), allocator, PLAIN);
            assertEquals(demoRows, wells.rows().size());
            assertEquals(Map.of("field_code", 1L, "well_code", 1L, "well_name", "Well 1"), wells.rows().getFirst());
            // The demo loader gives each well 120 months and each field 50 wells.
            long lastWell = (demoRows - 1) / 120 + 1;
            assertEquals(Map.of("field_code", (lastWell - 1) / 50 + 1, "well_code", lastWell,
                    "well_name", "Well " + lastWell), wells.rows().getLast());

            Schema aliases = new Schema(List.of(ArrowUploads.field("field_code", new ArrowType.Int(64, true), false),
                    ArrowUploads.field("field_name", ArrowType.Utf8.INSTANCE, true)));
            byte[] upload = ArrowUploads.stream(allocator, aliases, IpcCompression.ZSTD, 1, (root, batch) -> {
                ArrowValues.set(root.getVector(0), 0, 9L);
                ArrowValues.set(root.getVector(1), 0, "South, Upper");
                ArrowValues.set(root.getVector(0), 1, 7L);
                ArrowValues.set(root.getVector(1), 1, "North");
                root.setRowCount(2);
            });
            HttpResponse<InputStream> inserted = client.send(HttpRequest.newBuilder(
                    client.uri("/api/v1/arrow/bulk-insert/fields_aliases"))
                    .header("Content-Type", "application/vnd.apache.arrow.stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build());
            assertEquals(200, inserted.statusCode(), server::output);
            assertEquals(2, client.json(inserted).get("rows_inserted").asLong());
            HttpResponse<InputStream> back = client.get("/api/v1/arrow/bulk-read/fields_aliases?order=field_code");
            assertEquals(List.of(Map.of("field_code", 7L, "field_name", "North"),
                    Map.of("field_code", 9L, "field_name", "South, Upper")),
                    HttpArrowClient.readAll(back.body(), allocator, PLAIN).rows());

            // The JVM runs the shutdown hook (drain, checkpoint), then exits as a process ended by SIGTERM does.
            assertEquals(ServerProcess.SIGTERM_EXIT, server.stop(), server::output);
            return server.output();
        }
    }
}
