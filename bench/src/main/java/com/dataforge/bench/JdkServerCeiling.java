package com.dataforge.bench;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ceiling of the HTTP server Data Forge runs on: {@code com.sun.net.httpserver}, set up as Data Forge sets it up
 * (virtual-thread executor, TCP_NODELAY from the JVM-wide settings, a chunked response), streaming an uncompressed
 * Arrow IPC stream of the table's size from memory: no DuckDB, no Arrow writer. The stream is the table's own
 * schema message, its first batch repeated and its last batch, so it has the rows of the real read and close to its
 * bytes, and the benchmark's client reads it exactly as it reads Data Forge's.
 */
final class JdkServerCeiling implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Sample sample;

    private JdkServerCeiling(HttpServer server, ExecutorService executor, Sample sample) {
        this.server = server;
        this.executor = executor;
        this.sample = sample;
    }

    /**
     * The parts of a table's uncompressed IPC stream the ceiling repeats.
     *
     * @param batches how many record batches the real stream has; all but the last are sent as {@code first}
     */
    record Sample(byte[] schema, byte[] first, byte[] last, byte[] end, long batches, long bytes) {
    }

    /** Exports the table once and keeps its schema message, first and last batch, and end-of-stream marker. */
    static Sample sample(DuckDbArrowTableReader reader, TableRead read) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ArrowBatches batches = reader.open(read);
                ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(batches.root(), sink, IpcCompression.NONE)) {
            writer.start();
            byte[] schema = take(sink);
            byte[] first = null;
            byte[] last = null;
            long count = 0;
            while (batches.next()) {
                writer.writeBatch();
                last = take(sink);
                if (first == null) {
                    first = last;
                }
                count++;
            }
            writer.end();
            if (first == null) {
                throw new IllegalStateException("the table is empty: nothing to measure the server's ceiling with");
            }
            byte[] end = take(sink);
            long bytes = schema.length + (count - 1) * first.length + last.length + end.length;
            return new Sample(schema, first, last, end, count, bytes);
        }
    }

    private static byte[] take(ByteArrayOutputStream sink) {
        byte[] bytes = sink.toByteArray();
        sink.reset();
        return bytes;
    }

    static JdkServerCeiling start(Sample sample) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.apache.arrow.stream");
                exchange.sendResponseHeaders(200, 0);
                // Whole batches per write: the JDK's chunked stream cuts any write into 4 KiB chunks itself, so
                // smaller writes would only add calls.
                OutputStream body = exchange.getResponseBody();
                body.write(sample.schema());
                for (long i = 1; i < sample.batches(); i++) {
                    body.write(sample.first());
                }
                body.write(sample.last());
                body.write(sample.end());
            }
        });
        server.start();
        return new JdkServerCeiling(server, executor, sample);
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/ceiling");
    }

    Sample sample() {
        return sample;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
