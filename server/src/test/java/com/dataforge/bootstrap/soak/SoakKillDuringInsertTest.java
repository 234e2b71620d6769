package com.dataforge.bootstrap.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.ArrowUploads;
import com.dataforge.bootstrap.Await;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: {@code kill -9} of the server while a bulk insert of a million rows is under way, at several points:
 * with 30% and 70% of the body sent (the insert is reading it into DuckDB as it arrives), with all of it sent but no
 * answer yet (DuckDB finishing or committing), and right after its 200. After each restart on the same file the
 * table must hold the rows it held before plus none or all of the killed upload, nothing in between, checked by a
 * full read's row count and checksum (a sum of row hashes, so "before plus the upload" is the sum of the two
 * digests). An upload answered 200 before the kill must be all there.
 */
@ExtendWith(SoakSummary.class)
class SoakKillDuringInsertTest {

    static final String SCENARIO = "5. kill -9 during a bulk insert";
    static final long FIRST_ROWS = 100_000;
    static final int BATCHES = 10;
    static final int BATCH_ROWS = 100_000;
    /** When the server is killed: once this share of the upload's body is sent, or once its answer has come. */
    enum KillPoint {
        SENT_30("30% of the body sent", 0.3),
        SENT_70("70% of the body sent", 0.7),
        ALL_SENT("all of the body sent, no answer read", 1),
        ANSWERED("its answer read", 1);

        final String label;
        final double share;

        KillPoint(String label, double share) {
            this.label = label;
            this.share = share;
        }
    }
    static final String FULL_READ = "/api/v1/arrow/bulk-read/numbers";
    static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @Test
    void aServerKilledDuringABulkInsertHoldsNoneOrAllOfItAfterRestart() throws Exception {
        int rounds = SoakLength.times(KillPoint.values().length);
        List<String> outcomes = new ArrayList<>();
        List<Long> restarts = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            TableDigest committed;
            try (SoakServer server = SoakServer.start(directory, 0)) {
                byte[] first = ArrowUploads.numbersStream(allocator, IpcCompression.NONE, 0, 1, (int) FIRST_ROWS);
                JsonNode seeded = server.client.json(server.client.send(HttpRequest.newBuilder(
                        server.client.uri("/api/v1/arrow/bulk-insert/numbers")).timeout(DEADLINE)
                        .header("Content-Type", "application/vnd.apache.arrow.stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(first)).build()));
                assertEquals(FIRST_ROWS, seeded.get("rows_inserted").asLong(), seeded::toString);
                committed = TableDigest.read(server.client, FULL_READ);
            }
            for (int round = 0; round < rounds; round++) {
                KillPoint killAt = KillPoint.values()[round % KillPoint.values().length];
                byte[] upload = ArrowUploads.numbersStream(allocator, IpcCompression.NONE,
                        FIRST_ROWS + (long) round * BATCHES * BATCH_ROWS, BATCHES, BATCH_ROWS);
                TableDigest uploaded = TableDigest.of(new ByteArrayInputStream(upload), allocator);

                Killed killed;
                try (SoakServer server = SoakServer.start(directory, 0)) {
                    killed = uploadAndKill(server, upload, killAt);
                }
                long started = System.nanoTime();
                try (SoakServer restarted = SoakServer.start(directory, 0)) {
                    restarts.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    TableDigest after = TableDigest.read(restarted.client, FULL_READ);
                    String found = after.equals(committed) ? "none" : after.equals(committed.plus(uploaded)) ? "all"
                            : "PART: " + after + ", before " + committed + ", upload " + uploaded;
                    outcomes.add(killed + " → " + found);
                    assertTrue(found.equals("none") || found.equals("all"), "round " + round + ": " + outcomes);
                    assertTrue(killed.status != 200 || found.equals("all"),
                            "an upload answered 200 before the kill is all there: " + outcomes);
                    committed = after;
                }
            }
            SoakSummary.add(SCENARIO, "uploads killed", String.format("%d, each %,d rows (%,d batches) into a table"
                    + " of %,d+ rows", rounds, BATCHES * BATCH_ROWS, BATCHES, FIRST_ROWS));
            for (int i = 0; i < outcomes.size(); i++) {
                SoakSummary.add(SCENARIO, "round " + (i + 1), outcomes.get(i));
            }
            SoakSummary.add(SCENARIO, "restart after kill -9 (ms, to listening)", restarts);
            SoakSummary.add(SCENARIO, "table at the end", committed);
        }
    }

    /** How far an upload got when its server was killed. */
    record Killed(KillPoint point, boolean insertInFlight, int status) {
        @Override
        public String toString() {
            return "killed with " + point.label + (status > 0 ? ", answered " + status
                    : insertInFlight ? ", insert in flight (stream lane in use)" : ", no insert in flight");
        }
    }

    /**
     * Sends the upload over a plain socket, counting what has been written, and kills the server at {@code killAt}.
     */
    private static Killed uploadAndKill(SoakServer server, byte[] upload, KillPoint killAt) throws Exception {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        Thread uploader = Thread.ofPlatform().daemon().start(() -> {
            try (Socket socket = new Socket(server.address.getAddress(), server.address.getPort())) {
                socket.setSoTimeout((int) DEADLINE.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/arrow/bulk-insert/numbers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: application/vnd.apache.arrow.stream\r\nContent-Length: " + upload.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < upload.length; at += 64 * 1024) {
                    int length = Math.min(64 * 1024, upload.length - at);
                    out.write(upload, at, length);
                    sent.addAndGet(length);
                }
                out.flush();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                answer.complete(status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1);
            } catch (IOException e) {
                answer.complete(-1);
            }
        });
        long target = (long) Math.ceil(upload.length * killAt.share);
        Await.until(() -> killAt == KillPoint.ANSWERED ? answer.isDone()
                : sent.get() >= target || answer.isDone(), DEADLINE, "the upload at: " + killAt.label);
        boolean inFlight = server.metrics().get(SoakServer.STREAM_IN_USE) >= 1;
        server.kill();
        uploader.join(DEADLINE.toMillis());
        // A 200 read before the connection died came before the kill: the rows must all be there.
        int status = answer.getNow(-1);
        if (killAt.share < 1) {
            assertTrue(inFlight && status != 200, "the kill came while the insert read its body");
        } else if (killAt == KillPoint.ANSWERED) {
            assertEquals(200, status, "the upload was answered before the kill");
        }
        return new Killed(killAt, inFlight, status);
    }
}
