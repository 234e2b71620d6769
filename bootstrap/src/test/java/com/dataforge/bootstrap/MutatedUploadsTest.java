package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.ArrowUploads.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.UploadCorpus.Mutant;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded corpus of broken uploads ({@link UploadCorpus}: truncations in every region of a stream, changed bytes in
 * metadata and bodies, wrong lengths and offsets; uncompressed, ZSTD and LZ4; plain and view columns), each sent to
 * a real server. Every one must get a 4xx problem that says what is wrong without quoting Arrow, and leave the
 * server as it was: no Arrow memory held, no connection lent, the table's row count and checksum unchanged. The
 * rows of every upload are already in the table, so even a mutant that still reads as a valid stream cannot insert
 * anything: DuckDB refuses it as a duplicate key, which takes the failure path through DuckDB too.
 */
public class MutatedUploadsTest {

    static final long SEED = 20_261_201;
    /** Mutations drawn per stream besides its truncations: a few hundred cases in all, well under a minute. */
    static final int CHANGES_PER_STREAM = 110;
    public static final List<String> ARROW_INTERNALS = List.of("Exception", "riter index", "eader index", "refCnt",
            "ArrowBuf", "Expected RecordBatch", "header was", "Unexpected end", "Could not load buffers",
            "not all nodes", "flatbuf");

    @TempDir
    static Path directory;
    static DataForgeServer server;
    static HttpArrowClient client;

    /** One mutant, and the table it is sent to. */
    record Case(String table, String order, Mutant mutant) {

        @Override
        public String toString() {
            return mutant.name();
        }
    }

    @BeforeAll
    static void start() {
        Path database = directory.resolve("mutants.duckdb");
        DataForge settings = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(directory))
                .database(database).maxShortQueries(2).maxBytesPerRead(1 << 20);
        settings.start().close();
        TestDatabase.execute(database,
                "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(60)",
                "INSERT INTO all_types VALUES " + TestDatabase.ALL_TYPES_EXTREMES);
        server = settings.start();
        client = new HttpArrowClient(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyMutatedUploadGetsA4xxAndLeavesTheServerAsItWas() throws InterruptedException {
        List<Case> cases = corpus();
        assertTrue(cases.size() > 500, "corpus of " + cases.size());
        Map<String, String> before = Map.of("numbers", state("numbers", "n"), "all_types", state("all_types", "id"));
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Case upload : cases) {
            HttpResponse<InputStream> response = send(upload);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String problem = problem(response);
            if (problem != null) {
                failures.add(upload + " → " + response.statusCode() + ": " + problem);
            }
            // The problem goes out only once the upload's connection and Arrow memory are released.
            ResourceCounters counters = server.counters();
            if (counters.arrowBytes() != 0 || counters.connectionsInUse() != 0 || counters.connectionWaiters() != 0) {
                failures.add(upload + " left " + counters);
            }
            if (!state(upload.table(), upload.order()).equals(before.get(upload.table()))) {
                failures.add(upload + " changed table " + upload.table());
                before = Map.of("numbers", state("numbers", "n"), "all_types", state("all_types", "id"));
            }
            if (failures.size() >= 20) {
                break;
            }
        }

        assertEquals(List.of(), failures, "statuses " + statuses);
        // The corpus reaches each stage: reading (400), the batch memory limit (413) and DuckDB (409).
        assertTrue(statuses.keySet().containsAll(List.of(400, 409, 413)), statuses.toString());
        try (BufferAllocator allocator = new RootAllocator()) {
            HttpResponse<InputStream> good = client.send(post("/api/v1/arrow/bulk-insert/numbers",
                    ArrowUploads.numbersStream(allocator, IpcCompression.ZSTD, 1000, 2, 5)));
            assertEquals(200, good.statusCode(), client.json(good)::toString);
        }
    }

    /** What is wrong with the answer to a mutant, or null: a 4xx problem in the client's terms is right. */
    static String problem(HttpResponse<InputStream> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode problem = client.json(response);
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            return "not a 4xx: " + problem;
        }
        if (!contentType.equals("application/problem+json") || !problem.hasNonNull("detail")) {
            return "not a problem: " + contentType + " " + problem;
        }
        String detail = problem.get("detail").asText();
        return ARROW_INTERNALS.stream().anyMatch(detail::contains) ? "quotes Arrow's internals: " + detail : null;
    }

    static List<Case> corpus() {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (IpcCompression compression : IpcCompression.values()) {
                for (Mutant mutant : UploadCorpus.of("numbers, " + compression, numbers(allocator, compression),
                        random, CHANGES_PER_STREAM)) {
                    cases.add(new Case("numbers", "n", mutant));
                }
            }
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                for (Mutant mutant : UploadCorpus.of("all_types with views, " + compression,
                        allTypes(allocator, compression), random, CHANGES_PER_STREAM)) {
                    cases.add(new Case("all_types", "id", mutant));
                }
            }
        }
        return cases;
    }

    /** Rows 0 to 59 of numbers, in three batches, with nulls and multi-byte text: all already in the table. */
    static byte[] numbers(BufferAllocator allocator, IpcCompression compression) {
        return ArrowUploads.stream(allocator, ArrowUploads.numbersSchema("n", "square", "label"), compression, 3,
                (root, batch) -> {
                    for (int row = 0; row < 20; row++) {
                        long n = batch * 20L + row;
                        ArrowValues.set(root.getVector("n"), row, n);
                        ArrowValues.set(root.getVector("square"), row, n % 3 == 0 ? null : n * n);
                        ArrowValues.set(root.getVector("label"), row, n % 7 == 0 ? null
                                : n % 2 == 0 ? "ünïcödé ✓ " + n : "u" + n);
                    }
                    root.setRowCount(20);
                });
    }

    /** Rows 1 to 3 of all_types, twice, in two batches, with text and bytes as views (inline and not). */
    static byte[] allTypes(BufferAllocator allocator, IpcCompression compression) {
        Schema schema = new Schema(BulkInsertRoundTripTest.ALL_TYPES.getFields().stream()
                .map(field -> switch (field.getName()) {
                    case "c_varchar" -> field(field.getName(), ArrowType.Utf8View.INSTANCE, true);
                    case "c_blob" -> field(field.getName(), ArrowType.BinaryView.INSTANCE, true);
                    default -> field;
                }).toList());
        return ArrowUploads.rows(allocator, schema, compression, 2, BulkInsertRoundTripTest.ALL_TYPES_ROWS);
    }

    static HttpResponse<InputStream> send(Case upload) {
        return client.send(post("/api/v1/arrow/bulk-insert/" + upload.table(), upload.mutant().body()));
    }

    static HttpRequest post(String path, byte[] body) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** The table's row count and a SHA-256 of all its rows as CSV, in key order. */
    static String state(String table, String order) throws InterruptedException {
        long held = server.counters().arrowBytes();
        long count = client.json(client.get("/api/v1/records/" + table + "/count")).get("count").asLong();
        HttpResponse<InputStream> rows = client.get("/api/v1/records/" + table + "?order=" + order, "Accept",
                "text/csv");
        String checksum;
        try (InputStream body = rows.body()) {
            checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // A read's client has its last byte a moment before the server has put the connection back.
        Await.until(() -> server.counters().connectionsInUse() == 0
                && server.counters().arrowBytes() <= held, Duration.ofSeconds(10), "the reads released everything");
        return count + " rows, sha256 " + checksum;
    }
}
