package com.dataforge.bench;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * The single-record section: {@code GET /api/v1/records/well_production/{key}} by random primary keys from 32
 * clients at once, each on its own keep-alive connection, one request in flight per client. It prints latency
 * percentiles over every request measured, and requests per second.
 */
final class RecordLatencyBenchmark {

    static final int CLIENTS = 32;
    private static final int SAMPLE_EVERY = 97;
    private static final int WARM_UP_PER_CLIENT = 200;

    private final Path schemas;
    private final int requestsPerClient;

    RecordLatencyBenchmark(Path schemas, int requestsPerClient) {
        this.schemas = schemas;
        this.requestsPerClient = requestsPerClient;
    }

    /**
     * Starts a server on {@code database}, loading {@code rows} demo rows if it is empty (not timed), samples keys of
     * stored rows, warms up, then measures.
     */
    void run(Path database, long rows) {
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                .demoRows(rows).start();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<String> keys = sampleKeys(server.baseUri());
            measure(server, keys, clients, WARM_UP_PER_CLIENT);
            long started = System.nanoTime();
            long[] latencies = measure(server, keys, clients, requestsPerClient);
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("%nsingle-record GET by primary key (JSON), %,d rows, %d concurrent keep-alive"
                    + " clients, %,d requests over %,d random keys%n", rows, CLIENTS, latencies.length, keys.size());
            System.out.printf("%12s %10s %10s %10s %10s %10s%n", "requests/s", "p50 ms", "p90 ms", "p99 ms",
                    "p99.9 ms", "max ms");
            System.out.printf("%,12.0f %10.2f %10.2f %10.2f %10.2f %10.2f%n", latencies.length / seconds,
                    percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                    percentile(latencies, 0.999), latencies[latencies.length - 1] / 1e6);
        }
    }

    /**
     * Keys of stored rows spread over the whole table, as URL path segments (field_code,well_code,production_period):
     * the key columns read over bulk-read, every n-th row kept.
     */
    private static List<String> sampleKeys(URI base) {
        URI uri = base.resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE
                + "?columns=field_code,well_code,production_period");
        List<String> keys = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ChunkedBodyChannel body = ChunkedBodyChannel.get(uri);
                ArrowStreamReader reader = new ArrowStreamReader(body, allocator)) {
            long row = 0;
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BigIntVector field = (BigIntVector) root.getVector(0);
                BigIntVector well = (BigIntVector) root.getVector(1);
                TimeStampMicroVector period = (TimeStampMicroVector) root.getVector(2);
                for (int i = 0; i < root.getRowCount(); i++, row++) {
                    if (row % SAMPLE_EVERY == 0) {
                        keys.add(field.get(i) + "," + well.get(i) + "," + URLEncoder.encode(
                                period.getObject(i).toString(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sampling keys from " + uri + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(Benchmark.TABLE + " has no rows to look up");
        }
        return keys;
    }

    private static long[] measure(DataForgeServer server, List<String> keys, ExecutorService clients, int each) {
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            results.add(clients.submit(() -> client(server.baseUri(), keys, each)));
        }
        long[] all = new long[CLIENTS * each];
        int at = 0;
        for (Future<long[]> result : results) {
            try {
                long[] one = result.get();
                System.arraycopy(one, 0, all, at, one.length);
                at += one.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a client failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return all;
    }

    /** One client: {@code count} GETs in a row on one connection; each latency runs from request to body's end. */
    private static long[] client(URI base, List<String> keys, int count) throws IOException {
        long[] latencies = new long[count];
        ByteBuffer drain = ByteBuffer.allocate(16 * 1024);
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()))) {
            ReadableByteChannel kept = keepOpen(socket);
            for (int i = 0; i < count; i++) {
                String key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                ByteBuffer request = StandardCharsets.US_ASCII.encode("GET /api/v1/records/" + Benchmark.TABLE + "/"
                        + key + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAccept: application/json\r\n\r\n");
                long started = System.nanoTime();
                while (request.hasRemaining()) {
                    socket.write(request);
                }
                ChunkedBodyChannel body = ChunkedBodyChannel.response(kept);
                long bytes = 0;
                for (int read = body.read(drain.clear()); read >= 0; read = body.read(drain.clear())) {
                    bytes += read;
                }
                latencies[i] = System.nanoTime() - started;
                if (bytes == 0) {
                    throw new IOException("empty body for key " + key);
                }
            }
        }
        return latencies;
    }

    /** The socket as a channel whose close leaves the connection open for the next request. */
    static ReadableByteChannel keepOpen(SocketChannel socket) {
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return socket.read(dst);
            }

            @Override
            public boolean isOpen() {
                return socket.isOpen();
            }

            @Override
            public void close() {
                // The connection is the client's, kept alive across requests.
            }
        };
    }

    static double percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)] / 1e6;
    }
}
