package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Run;
import com.dataforge.bench.Measurements.Stopwatch;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.duckdb.DuckDbArrowTableReader;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * The bulk-read section: the in-process DuckDB → Arrow export (the ceiling) against the same table through the HTTP
 * endpoint, read fully by an Arrow client, and against the JDK HTTP server's own ceiling; then concurrent readers.
 */
final class BulkReadBenchmark {

    static final String TITLE = "bulk read: DuckDB table → Arrow";
    static final String FOOTNOTE = "ratio = rows/s relative to (a), the in-process export into a null sink;"
            + "\ncpu s = CPU time of this whole process (DuckDB, server and client) during the run;"
            + " spread = (slowest - fastest) / median wall time of the runs;"
            + "\n(c) = com.sun.net.httpserver as Data Forge sets it up, sending an Arrow stream of the same rows and"
            + " about the same bytes from memory, read by the same client";
    static final String IN_PROCESS_NONE = "    in-process export + IPC none";
    static final String IN_PROCESS_ZSTD = "    in-process export + IPC zstd";
    static final String HTTP_NONE = "(b) HTTP, Arrow client, none";
    static final String HTTP_ZSTD = "(b) HTTP, Arrow client, zstd";
    static final String JDK_SERVER = "(c) JDK HTTP server alone, from memory";
    /** Readers at once in the concurrency table, each reading this many rows (or the table, if smaller). */
    private static final List<Integer> CONCURRENT_READERS = List.of(1, 4, 16, 32);
    private static final long READER_ROWS = 1_000_000;

    private final Measurements measurements;
    private final Path schemas;
    private final int batchRows;

    BulkReadBenchmark(Measurements measurements, Path schemas, int batchRows) {
        this.measurements = measurements;
        this.schemas = schemas;
        this.batchRows = batchRows;
    }

    /**
     * (a) DuckDB → Arrow export into a null sink, and the same export written as IPC to a null sink; (b) the same
     * table over HTTP from a server on the same database, read fully by Arrow's stream reader; (c) the JDK's server
     * alone. All in one set of rounds, so that a slow spell of the shared machine falls on all of them alike. The
     * client of (b) and (c) is a bare socket ({@link ChunkedBodyChannel}) because it shares this process's cores with
     * the server it measures: with java.net.http the figure came out a fifth lower, with HttpURLConnection four
     * fifths lower.
     */
    List<Result> run(DuckDbDatabase database, DuckDbArrowTableReader reader, TableRead read) throws IOException {
        JdkServerCeiling.Sample sample = JdkServerCeiling.sample(reader, read);
        try (Connection connection = database.connectionFactory().open();
                DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(connection)
                        .demoRows(0).start();
                JdkServerCeiling ceiling = JdkServerCeiling.start(sample);
                BufferAllocator allocator = new RootAllocator()) {
            List<Trial> trials = new ArrayList<>();
            trials.add(new Trial("(a) in-process export, null sink", () -> export(reader, read, null, null)));
            trials.add(new Trial(IN_PROCESS_NONE,
                    () -> export(reader, read, IpcCompression.NONE, OutputStream.nullOutputStream())));
            trials.add(new Trial(IN_PROCESS_ZSTD,
                    () -> export(reader, read, IpcCompression.ZSTD, OutputStream.nullOutputStream())));
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                URI uri = server.baseUri().resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE + "?compression="
                        + name(compression) + "&batch_rows=" + batchRows);
                trials.add(new Trial(compression == IpcCompression.NONE ? HTTP_NONE : HTTP_ZSTD,
                        () -> fetch(uri, allocator)));
            }
            trials.add(new Trial(JDK_SERVER, () -> fetch(ceiling.uri(), allocator)));
            return measurements.measure(trials);
        } catch (SQLException e) {
            throw new IOException("cannot open a connection for the benchmark's server: " + e.getMessage(), e);
        }
    }

    /** Exports the table, written as an IPC stream to {@code sink} unless {@code compression} is null. */
    static Run export(DuckDbArrowTableReader reader, TableRead read, IpcCompression compression, OutputStream sink)
            throws IOException {
        Stopwatch stopwatch = new Stopwatch();
        long count = 0;
        try (ArrowBatches batches = reader.open(read);
                ArrowIpcStreamWriter writer = compression == null ? null
                        : new ArrowIpcStreamWriter(batches.root(), sink, compression)) {
            if (writer != null) {
                writer.start();
            }
            while (batches.next()) {
                stopwatch.batchArrived();
                count += batches.root().getRowCount();
                if (writer != null) {
                    writer.writeBatch();
                }
            }
            if (writer != null) {
                writer.end();
            }
            return stopwatch.stop(count, writer == null ? 0 : writer.bytesWritten());
        }
    }

    /**
     * What the table's figures mean against the ceilings: the serial bound (in-process export + IPC, then the JDK
     * server moving the bytes, one after the other), the ZSTD read against the in-process ZSTD export, and the
     * server's CPU seconds per million rows (over HTTP: the process's CPU less the client thread's).
     */
    static void printCeilings(List<Result> results, long rows) {
        Run exportNone = find(results, IN_PROCESS_NONE).run();
        Run exportZstd = find(results, IN_PROCESS_ZSTD).run();
        Run httpNone = find(results, HTTP_NONE).run();
        Run httpZstd = find(results, HTTP_ZSTD).run();
        Run jdk = find(results, JDK_SERVER).run();
        double serialBound = exportNone.seconds() + jdk.seconds();
        double millions = rows / 1e6;
        System.out.printf("%nceilings (median runs above; targets from issue 12)%n");
        System.out.printf("  serial bound = in-process export + IPC none %.2f s + JDK server alone %.2f s = %.2f s;"
                + " Data Forge none %.2f s = %.2f of the serial bound (target >= 0.9)%n", exportNone.seconds(),
                jdk.seconds(), serialBound, httpNone.seconds(), serialBound / httpNone.seconds());
        double serialCpu = (exportNone.cpuNanos() + jdk.cpuNanos()) / 1e9;
        System.out.printf("  the same in CPU s of the process, which the machine's load changes less: export + IPC none"
                + " %.2f + JDK server alone with its client %.2f = %.2f; Data Forge none with its client %.2f = %.2f"
                + " of it%n", exportNone.cpuNanos() / 1e9, jdk.cpuNanos() / 1e9, serialCpu, httpNone.cpuNanos() / 1e9,
                serialCpu / (httpNone.cpuNanos() / 1e9));
        System.out.printf("  ZSTD over HTTP %.2f s / in-process ZSTD export %.2f s = %.2f of it (target >= 0.9);"
                + " in server CPU s: in-process %.2f / HTTP %.2f = %.2f (the client's decompression excluded)%n",
                httpZstd.seconds(), exportZstd.seconds(), exportZstd.seconds() / httpZstd.seconds(),
                exportZstd.cpuNanos() / 1e9, serverCpu(httpZstd), exportZstd.cpuNanos() / 1e9 / serverCpu(httpZstd));
        System.out.printf("  the same ratio taken round by round (each HTTP run against the in-process run of its"
                + " round), median of the rounds: %.2f%n",
                find(results, HTTP_ZSTD).pairedRatio(find(results, IN_PROCESS_ZSTD)));
        System.out.printf("  server CPU s per M rows: in-process none %.3f, zstd %.3f; HTTP none %.3f, zstd %.3f;"
                + " JDK server alone %.3f (client thread excluded)%n",
                exportNone.cpuNanos() / 1e9 / millions, exportZstd.cpuNanos() / 1e9 / millions,
                serverCpu(httpNone) / millions, serverCpu(httpZstd) / millions, serverCpu(jdk) / millions);
        System.out.printf("  load average now %s%n", loadAverage());
    }

    private static double serverCpu(Run overHttp) {
        return (overHttp.cpuNanos() - overHttp.threadCpuNanos()) / 1e9;
    }

    private static Result find(List<Result> results, String name) {
        return results.stream().filter(result -> result.name().equals(name)).findFirst().orElseThrow();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }

    /**
     * 1, 4, 16 and 32 readers at once against a server with the default limits, first each from an address of its
     * own, then all from one address (where the per-client share applies to all of them together).
     */
    void concurrency(Path database, long tableRows) throws IOException {
        long readerRows = Math.min(READER_ROWS, tableRows);
        List<ConcurrentReaders.Figures> figures = new ArrayList<>();
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                .demoRows(0).start()) {
            ConcurrentReaders readers = new ConcurrentReaders(server.baseUri(), readerRows, batchRows);
            readers.run(1, true);
            for (boolean ownAddresses : List.of(true, false)) {
                for (int count : CONCURRENT_READERS) {
                    figures.add(readers.run(count, ownAddresses));
                }
            }
            readers.print(figures);
            System.out.printf("load average now %s%n", loadAverage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while concurrent readers ran", e);
        }
    }

    /** Reads the Arrow stream at {@code uri} to its end; the bytes are the IPC stream's. */
    static Run fetch(URI uri, BufferAllocator allocator) throws IOException {
        return fetch(uri, () -> ChunkedBodyChannel.get(uri), allocator);
    }

    /** Opens the body of a GET, connecting included, so that the connection is part of what is timed. */
    @FunctionalInterface
    interface BodyOpener {
        ChunkedBodyChannel open() throws IOException;
    }

    /** Reads the Arrow stream that {@code open} gets from {@code uri} to its end. */
    static Run fetch(URI uri, BodyOpener open, BufferAllocator allocator) throws IOException {
        Stopwatch stopwatch = new Stopwatch();
        long count = 0;
        try (ChunkedBodyChannel body = open.open();
                ArrowStreamReader reader = new ArrowStreamReader(body, allocator, ArrowCompressionFactory.INSTANCE)) {
            while (reader.loadNextBatch()) {
                stopwatch.batchArrived();
                count += reader.getVectorSchemaRoot().getRowCount();
            }
            // Arrow stops reading at its end-of-stream marker; only the end of the HTTP body after it shows that the
            // server finished the response instead of aborting it.
            if (body.read(ByteBuffer.allocate(1)) != -1) {
                throw new IOException(uri + " sent bytes after the Arrow end-of-stream marker");
            }
            return stopwatch.stop(count, reader.bytesRead());
        }
    }

    static String name(IpcCompression compression) {
        return compression.name().toLowerCase();
    }
}
