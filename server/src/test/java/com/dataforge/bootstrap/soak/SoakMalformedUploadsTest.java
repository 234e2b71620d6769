package com.dataforge.bootstrap.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.ArrowUploads;
import com.dataforge.bootstrap.HttpArrowClient;
import com.dataforge.bootstrap.MutatedUploadsTest;
import com.dataforge.bootstrap.UploadCorpus;
import com.dataforge.bootstrap.UploadCorpus.Mutant;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: 1,000 malformed uploads against a server with the defaults, made from well-formed Arrow streams by
 * {@link UploadCorpus} (the stream cut inside every region of every message, bytes changed in metadata and bodies,
 * lengths, offsets, types and codecs set just off, negative or huge) and by what a well-formed stream can still get
 * wrong: columns of the wrong types, keys already in the table, a key twice in one upload. Every one must be answered
 * a 4xx problem with a detail in the client's terms (no Arrow internals), none a 5xx, none later than its deadline;
 * after each the server holds no connection and no Arrow memory, and the table's row count and checksum never change.
 */
@ExtendWith(SoakSummary.class)
class SoakMalformedUploadsTest {

    static final String SCENARIO = "4. malformed uploads";
    static final long SEED = 10_004;
    static final int FIRST_ROWS = 60;
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The table is read back after this many uploads, and at the end. */
    static final int CHECK_EVERY = 100;

    @TempDir
    Path directory;

    /** Any 4xx may be right (the problem's detail is checked apart); 2xx and 5xx never are. */
    final Outcomes outcomes = new Outcomes(IntStream.range(400, 500).boxed().collect(Collectors.toSet()));
    final Latencies latencies = new Latencies();

    @Test
    void everyMalformedUploadIsA4xxProblemAndTheTableNeverChanges() throws Exception {
        int target = SoakLength.times(1000);
        try (SoakServer server = SoakServer.start(directory, 0); BufferAllocator allocator = new RootAllocator()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> seeded = http.send(upload(server, ArrowUploads.numbersStream(allocator,
                    IpcCompression.NONE, 0, 1, FIRST_ROWS)), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, seeded.statusCode(), new String(seeded.body()));
            TableDigest before = TableDigest.read(server.client, "/api/v1/arrow/bulk-read/numbers");
            server.awaitNothingHeld(Duration.ofSeconds(10));

            List<Mutant> corpus = corpus(originals(allocator), target);
            List<String> changedTable = new ArrayList<>();
            List<String> leftHeld = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Mutant mutant = corpus.get(i);
                send(http, server, mutant);
                Map<String, Double> metrics = server.metrics();
                if (metrics.get(SoakServer.ARROW_BYTES) != 0 || metrics.get(SoakServer.POOL_ACTIVE) != 0) {
                    leftHeld.add(mutant + ": Arrow bytes " + metrics.get(SoakServer.ARROW_BYTES) + ", connections "
                            + metrics.get(SoakServer.POOL_ACTIVE));
                }
                if ((i + 1) % CHECK_EVERY == 0 || i == corpus.size() - 1) {
                    TableDigest now = TableDigest.read(server.client, "/api/v1/arrow/bulk-read/numbers");
                    if (!now.equals(before)) {
                        changedTable.add("after uploads " + (i + 1 - CHECK_EVERY) + "–" + i + ": " + now);
                        before = now;
                    }
                    // The reader has the read's last byte a moment before the server has released its connection
                    // and batch: wait for that, or the next upload would be blamed for them.
                    server.awaitNothingHeld(Duration.ofSeconds(10));
                }
            }
            TableDigest after = TableDigest.read(server.client, "/api/v1/arrow/bulk-read/numbers");
            long count = server.client.json(server.client.get("/api/v1/records/numbers/count")).get("count").asLong();

            SoakSummary.add(SCENARIO, "uploads", String.format("%,d: %s", corpus.size(), kinds(corpus)));
            SoakSummary.add(SCENARIO, "answers by status", outcomes.byStatus());
            SoakSummary.add(SCENARIO, "answer times", latencies.all());
            SoakSummary.add(SCENARIO, "held after each", leftHeld.isEmpty() ? "nothing (Arrow bytes 0, connections 0)"
                    : leftHeld.size() + " left something: " + leftHeld.getFirst());
            SoakSummary.add(SCENARIO, "table after", String.format("%s; count %,d; %s", after, count,
                    changedTable.isEmpty() ? "unchanged" : "CHANGED " + changedTable));

            assertEquals(List.of(), outcomes.unexpected(), () -> outcomes.byStatus() + "; the server's errors:\n"
                    + server.process.output().lines().filter(line -> line.contains("ERROR")).limit(5).toList());
            assertEquals(List.of(), leftHeld, "nothing held after an upload was refused");
            assertEquals(List.of(), changedTable, "the table never changed");
            assertEquals(FIRST_ROWS, after.rows());
            assertEquals(FIRST_ROWS, count);
            assertTrue(outcomes.count(400) > 0 && outcomes.count(409) > 0, "the corpus reaches the reader (400) and"
                    + " DuckDB (409): " + outcomes.byStatus());
        }
    }

    /** Sends one upload and counts its answer: only a 4xx problem with a detail in the client's terms is right. */
    private void send(HttpClient http, SoakServer server, Mutant mutant) throws InterruptedException {
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(upload(server, mutant.body()),
                    HttpResponse.BodyHandlers.ofByteArray());
            latencies.record("upload", System.nanoTime() - started);
            int status = response.statusCode();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode problem = HttpArrowClient.JSON.readTree(response.body());
            String detail = problem.path("detail").asText("");
            outcomes.answered(mutant.name(), status, response.headers().firstValue("Retry-After").orElse(null),
                    problem.toString());
            if (status >= 400 && status < 500 && (!contentType.equals("application/problem+json") || detail.isBlank()
                    || MutatedUploadsTest.ARROW_INTERNALS.stream().anyMatch(detail::contains))) {
                outcomes.failed(mutant.name(), status + " is not a problem in the client's terms: " + contentType
                        + " " + problem);
            }
        } catch (IOException e) {
            outcomes.failed(mutant.name(), "no answer within " + DEADLINE.toSeconds() + " s: " + e);
        }
    }

    /**
     * Well-formed streams that are all refused whole, so that a mutant that still parses cannot insert anything
     * either: rows already in the table (uncompressed, zstd, lz4), a key twice in one upload, columns of the wrong
     * types.
     */
    private static Map<String, byte[]> originals(BufferAllocator allocator) {
        Map<String, byte[]> originals = new LinkedHashMap<>();
        for (IpcCompression compression : IpcCompression.values()) {
            originals.put("rows already in the table, " + compression,
                    ArrowUploads.numbersStream(allocator, compression, 0, 3, FIRST_ROWS / 3));
        }
        List<List<Object>> twice = LongStream.range(1000, 1010).mapToObj(n -> List.<Object>of(n, n * n, "t" + n))
                .toList();
        for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.LZ4)) {
            originals.put("a key twice in one upload, " + compression, ArrowUploads.rows(allocator,
                    ArrowUploads.numbersSchema("n", "square", "label"), compression, 2, twice));
        }
        Schema wrongTypes = new Schema(List.of(ArrowUploads.field("n", ArrowType.Utf8.INSTANCE, false),
                ArrowUploads.field("square", ArrowType.Bool.INSTANCE, true),
                ArrowUploads.field("label", new ArrowType.Int(64, true), true)));
        List<List<Object>> wrong = LongStream.range(2000, 2020).mapToObj(n -> List.<Object>of("key " + n, n % 2 == 0,
                n)).toList();
        for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
            originals.put("columns of the wrong types, " + compression, ArrowUploads.rows(allocator, wrongTypes,
                    compression, 2, wrong));
        }
        return originals;
    }

    /**
     * Each original as it is, every truncation of each, and as many of their other mutations (drawn with a fixed
     * seed) as make {@code target} uploads; a long run draws again, with new random bytes, until it has enough.
     */
    private static List<Mutant> corpus(Map<String, byte[]> originals, int target) {
        List<Mutant> corpus = new ArrayList<>();
        originals.forEach((name, bytes) -> corpus.add(new Mutant(name + ": as it is", bytes)));
        int truncations = originals.entrySet().stream().mapToInt(original -> UploadCorpus.of(original.getKey(),
                original.getValue(), new Random(SEED), 0).size()).sum();
        int changes = Math.ceilDiv(Math.max(0, target - corpus.size() - truncations), originals.size());
        Random random = new Random(SEED);
        for (int draw = 1; corpus.size() < target; draw++) {
            String suffix = draw == 1 ? "" : " (draw " + draw + ")";
            originals.forEach((name, bytes) -> corpus.addAll(UploadCorpus.of(name + suffix, bytes, random, changes)));
        }
        return corpus.subList(0, target);
    }

    /** How many uploads of each kind: as they are, cut short, changed. */
    private static String kinds(List<Mutant> corpus) {
        long intact = corpus.stream().filter(m -> m.name().endsWith(": as it is")).count();
        long cut = corpus.stream().filter(m -> m.name().contains(": cut inside ")).count();
        return String.format("%d well-formed but refused whole (keys already there, a key twice, wrong column types),"
                + " %d cut inside a region, %d with bytes, lengths, offsets, types or codecs changed", intact, cut,
                corpus.size() - intact - cut);
    }

    private static HttpRequest upload(SoakServer server, byte[] body) {
        return HttpRequest.newBuilder(server.client.uri("/api/v1/arrow/bulk-insert/numbers")).timeout(DEADLINE)
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
