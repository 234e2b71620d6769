package com.dataforge.bootstrap.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.Await;
import com.dataforge.bootstrap.PacedInputStream;
import com.dataforge.bootstrap.RawHttp;
import com.dataforge.bootstrap.StalledBulkRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: 8 slow readers (about 1 MB/s each, paced) and 8 stalled readers (they stop reading and keep the socket
 * open) fill the stream lane of a server with the default lanes and a short stall timeout, while one client issues
 * short requests one after another: a record by key, a filtered count, a schema, {@code /ready}. The short requests
 * must keep their p99 under 250 ms and {@code /ready} must answer 200 every time; the stalled readers must be cut off
 * by the stall timeout within the run, and no slow reader may be.
 */
@ExtendWith(SoakSummary.class)
class SoakSlowAndStalledReadersTest {

    static final String SCENARIO = "2. slow and stalled readers";
    static final long ROWS = 300_000;
    static final int SLOW = 8;
    static final int STALLED = 8;
    /** The default --max-streams-per-client: each address carries this many readers. */
    static final int PER_ADDRESS = 4;
    /** A reader at 1 MB/s leaves a server write blocked about 2 s at most (lanes.md): well inside this. */
    static final int STALL_TIMEOUT_S = 5;
    static final double P99_LIMIT_MS = 250;
    /** 64 KiB, then 62.5 ms of pause: 1 MiB/s at most. */
    static final int CHUNK = 64 * 1024;
    static final Duration PAUSE = Duration.ofNanos(62_500_000);

    @TempDir
    Path directory;

    final ShortRequests shortRequests = new ShortRequests();
    final Outcomes slowReads = new Outcomes(Set.of(200));
    final LongAdder slowBytes = new LongAdder();

    @Test
    void shortRequestsStayFastAndReadyAnswersWhileSlowReadersReadAndStalledOnesAreCutOff() throws Exception {
        Duration duration = SoakLength.duration();
        try (SoakServer server = SoakServer.start(directory, ROWS, "--stall-timeout-s",
                Integer.toString(STALL_TIMEOUT_S))) {
            ShortRequests.warmUp(server);
            long end = System.nanoTime() + duration.toNanos();
            List<StalledBulkRead> stalled = new ArrayList<>();
            ExecutorService clients = ClientThreads.start(SCENARIO);
            List<Future<?>> running = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(new StalledBulkRead(server.process.address(), "well_production",
                            SoakServer.loopback(41 + i / PER_ADDRESS)));
                }
                for (int i = 0; i < SLOW; i++) {
                    int id = i;
                    running.add(clients.submit(() -> readSlowly(server.from(31 + id / PER_ADDRESS), id, end)));
                }
                running.add(clients.submit(() -> shortRequests.askUntil(server, end)));

                Await.until(() -> server.metrics().get(SoakServer.STALLED_CUT_OFF) >= STALLED,
                        duration.plusSeconds(30), "the stalled readers cut off by the stall timeout");
                Duration cutAfter = Duration.ofNanos(System.nanoTime() - opened);
                clients.shutdown();
                assertTrue(clients.awaitTermination(duration.plusMinutes(2).toSeconds(), TimeUnit.SECONDS),
                        "every client ended within its deadlines");
                for (Future<?> client : running) {
                    client.get();
                }
                int closed = 0;
                for (StalledBulkRead read : stalled) {
                    closed += read.cutOff() ? 1 : 0;
                }
                double cutOff = server.metrics().get(SoakServer.STALLED_CUT_OFF);
                Duration released = server.awaitNothingHeld(Duration.ofSeconds(30));

                SoakSummary.add(SCENARIO, "clients", SLOW + " readers at ≤ 1 MiB/s, " + STALLED + " stalled readers,"
                        + " 1 client of short requests one after another, for " + duration.toSeconds()
                        + " s; --stall-timeout-s " + STALL_TIMEOUT_S + ", other lanes default");
                Latencies latencies = shortRequests.latencies;
                for (String kind : latencies.kinds()) {
                    SoakSummary.add(SCENARIO, kind, latencies.of(kind));
                }
                SoakSummary.add(SCENARIO, "all short requests", latencies.all() + "; "
                        + shortRequests.answers.byStatus());
                SoakSummary.add(SCENARIO, "the same, as the server timed them", ShortRequests.serverTimes(server));
                SoakSummary.add(SCENARIO, "slow readers", String.format("%,.1f MB read, %.2f MB/s each on average,"
                        + " none cut off; %s", slowBytes.sum() / 1e6, slowBytes.sum() / 1e6 / SLOW
                        / duration.toSeconds(), slowReads.byStatus()));
                SoakSummary.add(SCENARIO, "stalled readers", String.format("%d of %d cut off (%s = %.0f), all %d"
                        + " within %.1f s of opening", closed, STALLED, SoakServer.STALLED_CUT_OFF, cutOff, STALLED,
                        cutAfter.toMillis() / 1e3));
                SoakSummary.add(SCENARIO, "resources held after the run", "none, " + released.toMillis()
                        + " ms after");

                assertEquals(List.of(), shortRequests.answers.unexpected(), "every short request and /ready answered 200");
                assertEquals(List.of(), slowReads.unexpected(), "no slow reader was refused or cut off");
                assertEquals(STALLED, cutOff, "exactly the stalled readers were cut off, no slow one");
                assertEquals(STALLED, closed, "every stalled reader's connection was closed by the server");
                double p99 = latencies.all().millis(99);
                assertTrue(p99 < P99_LIMIT_MS, "short requests' p99 is " + p99 + " ms: " + latencies.all());
            } finally {
                clients.shutdownNow();
                for (StalledBulkRead read : stalled) {
                    read.close();
                }
            }
        }
    }

    /** Reads whole-table streams at about 1 MiB/s until the end of the run, then hangs up. */
    private void readSlowly(RawHttp http, int reader, long end) {
        byte[] buffer = new byte[CHUNK];
        while (System.nanoTime() < end) {
            String request = "slow reader " + reader;
            try (RawHttp.Streamed response = http.open("GET", "/api/v1/arrow/bulk-read/well_production",
                    new byte[0])) {
                slowReads.answered(request, response.status(), response.header("Retry-After"), "");
                if (response.status() != 200) {
                    return;
                }
                InputStream body = new PacedInputStream(response.body(), CHUNK, PAUSE);
                for (int n = body.read(buffer); n >= 0 && System.nanoTime() < end; n = body.read(buffer)) {
                    slowBytes.add(n);
                }
            } catch (IOException | RuntimeException e) {
                slowReads.failed(request, "cut off after " + slowBytes.sum() + " bytes of all slow readers: " + e);
                return;
            }
        }
    }
}
