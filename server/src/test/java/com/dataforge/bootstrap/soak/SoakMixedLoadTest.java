package com.dataforge.bootstrap.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.ArrowUploads;
import com.dataforge.bootstrap.HttpArrowClient;
import com.dataforge.bootstrap.RawHttp;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: 32 readers of whole-table streams (Arrow uncompressed and zstd, the JSON record listing) from 8 client
 * addresses, 4 bulk inserters uploading distinct keys and 2 record writers (POST, PATCH, DELETE), all at once against
 * one server with the default lanes, for a fixed time. Every answer must be a success or one of the designed
 * refusals (429/503, each with Retry-After), every 200 read complete, and at the end the table must hold exactly what
 * was acknowledged: the first rows, every bulk insert answered 200 and every record written, less every row deleted,
 * checked by count and by reading every key and label back.
 */
@ExtendWith(SoakSummary.class)
class SoakMixedLoadTest {

    static final String SCENARIO = "1. mixed load";
    static final long READ_ROWS = 200_000;
    static final int READERS = 32;
    /** The default --max-streams-per-client: readers share an address this many at a time. */
    static final int READERS_PER_ADDRESS = 4;
    static final int INSERTERS = 4;
    static final int WRITERS = 2;
    static final long FIRST_ROWS = 100_000;
    static final int UPLOAD_ROWS = 20_000;
    /** Each inserter's keys start at a multiple of this, each record writer's past all of them: none overlap. */
    static final long KEY_SPACE = 100_000_000L;
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final List<StreamFormat> FORMATS = List.of(StreamFormat.ARROW, StreamFormat.ARROW_ZSTD,
            StreamFormat.JSON_LISTING);

    @TempDir
    Path directory;

    final NumbersLedger ledger = new NumbersLedger();
    final Outcomes reads = new Outcomes(Set.of(200));
    final Outcomes inserts = new Outcomes(Set.of(200));
    final Outcomes writes = new Outcomes(Set.of(201, 204));
    final Map<String, LongAdder> completeReads = new ConcurrentHashMap<>();
    final LongAdder bytesRead = new LongAdder();
    final Latencies writeTimes = new Latencies();
    final ShortRequests shortRequests = new ShortRequests();

    @Test
    void readersInsertersAndWritersGetOnlyDesignedRefusalsAndEveryAcknowledgedWriteIsInTheTable() throws Exception {
        Duration duration = SoakLength.duration();
        try (SoakServer server = SoakServer.start(directory, READ_ROWS);
                BufferAllocator allocator = new RootAllocator()) {
            byte[] first = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 0, 10, (int) FIRST_ROWS / 10);
            JsonNode seeded = server.client.json(server.client.send(upload(server, first)));
            assertEquals(FIRST_ROWS, seeded.get("rows_inserted").asLong(), seeded::toString);
            ledger.inserted(0, FIRST_ROWS);
            ShortRequests.warmUp(server);

            long end = System.nanoTime() + duration.toNanos();
            ExecutorService clients = ClientThreads.start(SCENARIO);
            List<Future<?>> running = new ArrayList<>();
            for (int reader = 0; reader < READERS; reader++) {
                int id = reader;
                running.add(clients.submit(() -> read(server.from(11 + id / READERS_PER_ADDRESS), id, end,
                        allocator)));
            }
            for (int inserter = 0; inserter < INSERTERS; inserter++) {
                int id = inserter;
                running.add(clients.submit(() -> insert(server, id, end, allocator)));
            }
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                running.add(clients.submit(() -> write(server, id, end)));
            }
            running.add(clients.submit(() -> shortRequests.askUntil(server, end)));
            clients.shutdown();
            assertTrue(clients.awaitTermination(duration.plus(DEADLINE).plusMinutes(1).toSeconds(), TimeUnit.SECONDS),
                    "every client ended within its deadlines");
            for (Future<?> client : running) {
                client.get();
            }
            Duration released = server.awaitNothingHeld(Duration.ofSeconds(60));

            SoakSummary.add(SCENARIO, "clients", READERS + " stream readers (" + READERS / READERS_PER_ADDRESS
                    + " addresses), " + INSERTERS + " bulk inserters, " + WRITERS + " record writers, for "
                    + duration.toSeconds() + " s; default lanes (16 streams, 4 per client, 8 short) and carriers"
                    + " (max(8, 2 × cores))");
            SoakSummary.add(SCENARIO, "reads by status", reads.byStatus());
            SoakSummary.add(SCENARIO, "complete reads (" + READ_ROWS / 1000 + "k rows each)",
                    FORMATS.stream().map(f -> f.label + " " + completeReads.getOrDefault(f.label, new LongAdder())
                            .sum()).toList() + String.format(", %,.0f MB in all", bytesRead.sum() / 1e6));
            SoakSummary.add(SCENARIO, "bulk inserts by status", inserts.byStatus() + String.format(
                    "; %,d rows acknowledged", ledger.acknowledgedBulkRows() - FIRST_ROWS));
            SoakSummary.add(SCENARIO, "record writes by status", writes.byStatus());
            SoakSummary.add(SCENARIO, "record writes, as their clients timed them", writeTimes.all());
            SoakSummary.add(SCENARIO, "record writes, as the server timed them", server.serverTimes(
                    path -> path.matches("/api/v1/records/numbers(/[0-9]+)?")).all());
            SoakSummary.add(SCENARIO, "short requests (record, count, schema, /ready), as their client timed them",
                    shortRequests.latencies.all() + "; " + shortRequests.answers.byStatus());
            SoakSummary.add(SCENARIO, "the same, as the server timed them", ShortRequests.serverTimes(server));
            SoakSummary.add(SCENARIO, "resources held after the run", "none, " + released.toMillis() + " ms after");

            assertEquals(List.of(), reads.unexpected(), "reads: " + reads.byStatus());
            assertEquals(List.of(), inserts.unexpected(), "bulk inserts: " + inserts.byStatus());
            assertEquals(List.of(), writes.unexpected(), "record writes: " + writes.byStatus());
            assertEquals(List.of(), shortRequests.answers.unexpected(), "short requests: "
                    + shortRequests.answers.byStatus());
            // Bulk inserts are not asked to succeed: on a busy machine all of their few tries (each refusal waits out
            // the acquire timeout, then the Retry-After) may rightly find the stream lane full.
            assertTrue(reads.count(200) > 0 && writes.count(201) > 0, "readers and writers got some work done: "
                    + reads.byStatus() + "; " + writes.byStatus());

            long count = server.client.json(server.client.get("/api/v1/records/numbers/count")).get("count")
                    .asLong();
            List<String> differences = ledger.differences(
                    server.client.get("/api/v1/arrow/bulk-read/numbers?columns=n,label").body(), allocator);
            SoakSummary.add(SCENARIO, "table at the end", String.format("%,d rows counted, %,d acknowledged; keys and"
                    + " labels read back: %s", count, ledger.rows(), differences.isEmpty() ? "exact" : differences));
            assertEquals(ledger.rows(), count, "the count is every acknowledged row");
            assertEquals(List.of(), differences, "reading every key back");
        }
    }

    private void read(RawHttp http, int reader, long end, BufferAllocator root) {
        try (BufferAllocator allocator = root.newChildAllocator("reader " + reader, 0, Long.MAX_VALUE)) {
            for (int i = 0; System.nanoTime() < end; i++) {
                StreamFormat format = FORMATS.get((reader + i) % FORMATS.size());
                String request = format.label + " by reader " + reader;
                try (RawHttp.Streamed response = http.open("GET", format.target("well_production"), new byte[0],
                        format.headers())) {
                    if (response.status() != 200) {
                        refused(reads, request, response.status(), response.header("Retry-After"),
                                response.body().readAllBytes(), end);
                        continue;
                    }
                    long rows = format.countRows(response.body(), allocator);
                    bytesRead.add(response.bodyBytes());
                    reads.answered(request, 200, null, "");
                    if (rows == READ_ROWS) {
                        completeReads.computeIfAbsent(format.label, k -> new LongAdder()).increment();
                    } else {
                        reads.failed(request, "200 with " + rows + " rows of " + READ_ROWS);
                    }
                } catch (IOException | RuntimeException e) {
                    reads.failed(request, e.toString());
                }
            }
        }
    }

    private void insert(SoakServer server, int inserter, long end, BufferAllocator allocator) {
        HttpClient http = HttpClient.newBuilder().localAddress(SoakServer.loopback(21 + inserter)).build();
        for (int upload = 0; System.nanoTime() < end; upload++) {
            long from = KEY_SPACE * (inserter + 1) + (long) upload * UPLOAD_ROWS;
            IpcCompression compression = IpcCompression.values()[upload % IpcCompression.values().length];
            String request = "bulk insert of " + from + "… (" + compression + ") by inserter " + inserter;
            try {
                byte[] body = ArrowUploads.numbersStream(allocator, compression, from, 4, UPLOAD_ROWS / 4);
                HttpResponse<byte[]> response = http.send(upload(server, body), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    refused(inserts, request, response.statusCode(),
                            response.headers().firstValue("Retry-After").orElse(null), response.body(), end);
                    continue;
                }
                inserts.answered(request, 200, null, "");
                long inserted = HttpArrowClient.JSON.readTree(response.body()).get("rows_inserted").asLong();
                if (inserted == UPLOAD_ROWS) {
                    ledger.inserted(from, from + UPLOAD_ROWS);
                } else {
                    inserts.failed(request, "200 with rows_inserted " + inserted);
                }
            } catch (IOException | RuntimeException e) {
                inserts.failed(request, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Creates records in its own key range, relabels each, deletes every third one it made two steps before and every
     * fifth step one of the first rows (those n ≡ writer mod WRITERS).
     */
    private void write(SoakServer server, int writer, long end) {
        HttpClient http = HttpClient.newHttpClient();
        long base = KEY_SPACE * (INSERTERS + 1 + writer);
        for (int step = 0; System.nanoTime() < end; step++) {
            long n = base + step;
            try {
                if (send(http, server, "POST", "/api/v1/records/numbers",
                        "{\"n\": " + n + ", \"square\": " + n * n + ", \"label\": \"c" + n + "\"}", end) == 201) {
                    ledger.labelled(n, "c" + n);
                    if (send(http, server, "PATCH", "/api/v1/records/numbers/" + n, "{\"label\": \"p" + n + "\"}",
                            end) == 204) {
                        ledger.labelled(n, "p" + n);
                    }
                }
                if (step % 3 == 2 && ledger.expected(n - 2) != null
                        && send(http, server, "DELETE", "/api/v1/records/numbers/" + (n - 2), null, end) == 204) {
                    ledger.deleted(n - 2);
                }
                long firstRow = (long) step / 5 * WRITERS + writer;
                if (step % 5 == 4 && firstRow < FIRST_ROWS
                        && send(http, server, "DELETE", "/api/v1/records/numbers/" + firstRow, null, end) == 204) {
                    ledger.deleted(firstRow);
                }
            } catch (IOException | RuntimeException e) {
                writes.failed("record writer " + writer + " at n = " + n, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int send(HttpClient http, SoakServer server, String method, String path, String json, long end)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.client.uri(path)).timeout(DEADLINE);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        writeTimes.record(method, System.nanoTime() - started);
        String what = method + " " + path;
        if (response.statusCode() == 429 || response.statusCode() == 503) {
            refused(writes, what, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body(), end);
        } else {
            writes.answered(what, response.statusCode(), null, new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.statusCode();
    }

    /** Counts a refusal and waits as it asks (Retry-After), as a well-behaved client does, but not past the run. */
    private static void refused(Outcomes outcomes, String request, int status, String retryAfter, byte[] body,
            long end) {
        outcomes.answered(request, status, retryAfter, new String(body, StandardCharsets.UTF_8));
        if (retryAfter != null && retryAfter.matches("[0-9]{1,4}")) {
            long pause = Math.min(TimeUnit.SECONDS.toNanos(Long.parseLong(retryAfter)), end - System.nanoTime());
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static HttpRequest upload(SoakServer server, byte[] body) {
        return HttpRequest.newBuilder(server.client.uri("/api/v1/arrow/bulk-insert/numbers")).timeout(DEADLINE)
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
