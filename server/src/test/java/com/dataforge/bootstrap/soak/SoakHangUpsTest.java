package com.dataforge.bootstrap.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: 200 clients that hang up mid-stream, in every streamed format (Arrow uncompressed, zstd and lz4, the
 * JSON record listing, CSV), at a random byte of the body, half with an orderly close and half with a reset, 8 at a
 * time from 8 addresses. Afterwards no DuckDB connection, lane place or Arrow memory may be held (by /metrics and
 * /ready), and a full read must be exact: the same row count and checksum as before the hang-ups.
 */
@ExtendWith(SoakSummary.class)
class SoakHangUpsTest {

    static final String SCENARIO = "3. hang-ups";
    static final long ROWS = 200_000;
    static final int WORKERS = 8;
    static final List<StreamFormat> FORMATS = List.of(StreamFormat.ARROW, StreamFormat.ARROW_ZSTD,
            StreamFormat.ARROW_LZ4, StreamFormat.JSON_LISTING, StreamFormat.CSV);
    /** Hang-ups come at a byte of the body below this: from before the first batch to several batches in. */
    static final int MAX_CUT = 2 << 20;
    static final long SEED = 10_003;
    static final String FULL_READ = "/api/v1/arrow/bulk-read/well_production";

    @TempDir
    Path directory;

    final Outcomes outcomes = new Outcomes(Set.of(200));
    final Map<String, LongAdder> hangUps = new ConcurrentHashMap<>();

    @Test
    void clientsHangingUpMidStreamLeaveNothingHeldAndTheTableExact() throws Exception {
        int total = SoakLength.times(200);
        try (SoakServer server = SoakServer.start(directory, ROWS)) {
            TableDigest before = TableDigest.read(server.client, FULL_READ);
            assertEquals(ROWS, before.rows());

            ExecutorService clients = ClientThreads.start(SCENARIO);
            List<Future<?>> running = new ArrayList<>();
            for (int worker = 0; worker < WORKERS; worker++) {
                int id = worker;
                int share = total / WORKERS + (worker < total % WORKERS ? 1 : 0);
                running.add(clients.submit(() -> hangUp(server.from(51 + id), id, share)));
            }
            clients.shutdown();
            assertTrue(clients.awaitTermination(10, TimeUnit.MINUTES), "every client ended within its deadlines");
            for (Future<?> client : running) {
                client.get();
            }
            Duration released = server.awaitNothingHeld(Duration.ofSeconds(30));
            TableDigest after = TableDigest.read(server.client, FULL_READ);

            SoakSummary.add(SCENARIO, "hang-ups", String.format("%,d (%s), at a random byte below %d MiB, half"
                    + " close and half reset, %d clients at a time", hangUps.values().stream()
                            .mapToLong(LongAdder::sum).sum(), FORMATS.stream().map(f -> f.label + " "
                                    + hangUps.getOrDefault(f.label, new LongAdder()).sum()).toList(),
                    MAX_CUT >> 20, WORKERS));
            SoakSummary.add(SCENARIO, "requests by status", outcomes.byStatus());
            SoakSummary.add(SCENARIO, "held after the last hang-up", "connections 0, lane places 0, Arrow bytes 0,"
                    + " within " + released.toMillis() + " ms");
            SoakSummary.add(SCENARIO, "full read after", after + (after.equals(before) ? ", as before" : ", BEFORE: "
                    + before));

            assertEquals(List.of(), outcomes.unexpected(), outcomes.byStatus());
            assertEquals(total, hangUps.values().stream().mapToLong(LongAdder::sum).sum(), "every client hung up");
            assertEquals(before, after, "a full read after the hang-ups is exact");
        }
    }

    private void hangUp(RawHttp http, int worker, int count) {
        Random random = new Random(SEED + worker);
        byte[] buffer = new byte[64 * 1024];
        for (int done = 0, i = 0; done < count; i++) {
            StreamFormat format = FORMATS.get((worker + i) % FORMATS.size());
            int cut = random.nextInt(MAX_CUT);
            boolean reset = random.nextBoolean();
            String request = format.label + " cut at byte " + cut + (reset ? " with a reset" : "");
            try (RawHttp.Streamed response = http.open("GET", format.target("well_production"), new byte[0],
                    format.headers())) {
                if (response.status() != 200) {
                    outcomes.answered(request, response.status(), response.header("Retry-After"),
                            new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                    continue;
                }
                outcomes.answered(request, 200, null, "");
                InputStream body = response.body();
                for (int read = 0; read < cut; ) {
                    int n = body.read(buffer, 0, Math.min(buffer.length, cut - read));
                    if (n < 0) {
                        outcomes.failed(request, "the body ended at byte " + read + ", before the cut");
                        break;
                    }
                    read += n;
                }
                if (reset) {
                    response.reset();
                }
                hangUps.computeIfAbsent(format.label, k -> new LongAdder()).increment();
                done++;
            } catch (IOException | RuntimeException e) {
                outcomes.failed(request, e.toString());
                return;
            }
        }
    }
}
