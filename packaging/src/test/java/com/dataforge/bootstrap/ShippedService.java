package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What every shipped form of the service must do once started from an empty directory: serve the demo table as an
 * Arrow stream uncompressed, ZSTD- and LZ4-compressed, take a ZSTD- and an LZ4-compressed Arrow upload into the other
 * bundled example and serve them back, then stop on SIGTERM after draining and checkpointing.
 */
final class ShippedService {

    /** Arrow's values as plain Java ones ({@code Text} as String), so rows compare with maps of literals. */
    private static final BiFunction<FieldVector, Integer, Object> PLAIN = ArrowValues::get;

    private ShippedService() {
    }

    /** Starts {@code launch}, checks it serves {@code demoRows} rows and takes uploads, stops it; its output. */
    static String readUploadAndStop(ProcessBuilder launch, long demoRows) {
        try (ServerProcess server = ServerProcess.start(launch);
                BufferAllocator allocator = new RootAllocator()) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            // The same rows in each compression; ZSTD (zstd-jni) and LZ4 (lz4-java) run native code in the service.
            Map<IpcCompression, byte[]> demo = new EnumMap<>(IpcCompression.class);
            for (IpcCompression compression : IpcCompression.values()) {
                HttpResponse<InputStream> read = client.get("/api/v1/arrow/bulk-read/well_production?compression="
                        + compression.name().toLowerCase(Locale.ROOT)
                        + "&columns=field_code,well_code,well_name&order=well_code,production_period");
                assertEquals(200, read.statusCode(), server::output);
                demo.put(compression, bytes(read));
            }
            ArrowTable wells = read(demo.get(IpcCompression.NONE), allocator);
            assertEquals(demoRows, wells.rows().size());
            assertEquals(Map.of("field_code", 1L, "well_code", 1L, "well_name", "Well 1"), wells.rows().getFirst());
            // The demo loader gives each well 120 months and each field 50 wells.
            long lastWell = (demoRows - 1) / 120 + 1;
            assertEquals(Map.of("field_code", (lastWell - 1) / 50 + 1, "well_code", lastWell,
                    "well_name", "Well " + lastWell), wells.rows().getLast());
            for (IpcCompression compression : List.of(IpcCompression.ZSTD, IpcCompression.LZ4)) {
                assertEquals(wells.rows(), read(demo.get(compression), allocator).rows(), compression::name);
                assertTrue(demo.get(compression).length < demo.get(IpcCompression.NONE).length / 2,
                        () -> compression + " shrinks the stream: " + demo.get(compression).length + " of "
                                + demo.get(IpcCompression.NONE).length + " bytes");
            }

            // One upload in each compression.
            Schema aliases = new Schema(List.of(ArrowUploads.field("field_code", new ArrowType.Int(64, true), false),
                    ArrowUploads.field("field_name", ArrowType.Utf8.INSTANCE, true)));
            insert(client, server, ArrowUploads.rows(allocator, aliases, IpcCompression.ZSTD, 1,
                    List.of(List.<Object>of(9L, "South, Upper"), List.<Object>of(7L, "North"))), 2);
            insert(client, server, ArrowUploads.rows(allocator, aliases, IpcCompression.LZ4, 1,
                    List.of(List.<Object>of(8L, "Middle"))), 1);
            HttpResponse<InputStream> back = client.get("/api/v1/arrow/bulk-read/fields_aliases?order=field_code");
            assertEquals(List.of(Map.of("field_code", 7L, "field_name", "North"),
                    Map.of("field_code", 8L, "field_name", "Middle"),
                    Map.of("field_code", 9L, "field_name", "South, Upper")),
                    HttpArrowClient.readAll(back.body(), allocator, PLAIN).rows());

            // The JVM runs the shutdown hook (drain, checkpoint), then exits as a process ended by SIGTERM does.
            assertEquals(ServerProcess.SIGTERM_EXIT, server.stop(), server::output);
            return server.output();
        }
    }

    private static void insert(HttpArrowClient client, ServerProcess server, byte[] upload, long rows) {
        HttpResponse<InputStream> inserted = client.send(HttpRequest.newBuilder(
                client.uri("/api/v1/arrow/bulk-insert/fields_aliases"))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build());
        assertEquals(200, inserted.statusCode(), server::output);
        assertEquals(rows, client.json(inserted).get("rows_inserted").asLong());
    }

    private static ArrowTable read(byte[] stream, BufferAllocator allocator) {
        return HttpArrowClient.readAll(new ByteArrayInputStream(stream), allocator, PLAIN);
    }

    private static byte[] bytes(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
