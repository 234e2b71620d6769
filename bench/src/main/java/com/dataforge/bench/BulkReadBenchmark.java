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
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * The bulk-read section: the in-process DuckDB → Arrow export (the ceiling) against the same table through the HTTP
 * endpoint, read fully by an Arrow client.
 */
final class BulkReadBenchmark {

    static final String TITLE = "bulk read: DuckDB table → Arrow";
    static final String FOOTNOTE = "ratio = rows/s relative to (a), the in-process export into a null sink;"
            + "\ncpu s = CPU time of this whole process (DuckDB, server and client) during the run;"
            + " spread = (slowest - fastest) / median wall time of the runs";

    private final Measurements measurements;
    private final Path schemas;
    private final int batchRows;

    BulkReadBenchmark(Measurements measurements, Path schemas, int batchRows) {
        this.measurements = measurements;
        this.schemas = schemas;
        this.batchRows = batchRows;
    }

    /** (a) DuckDB → Arrow export into a null sink, and the same export written as IPC to a null sink. */
    List<Result> inProcess(DuckDbArrowTableReader reader, TableRead read) {
        List<Trial> trials = new ArrayList<>();
        trials.add(new Trial("(a) in-process export, null sink", () -> export(reader, read, null, null)));
        for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
            trials.add(new Trial("    in-process export + IPC " + name(compression),
                    () -> export(reader, read, compression, OutputStream.nullOutputStream())));
        }
        return measurements.measure(trials);
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
     * (b) The same table over HTTP, read fully by Arrow's stream reader. The client is a bare socket
     * ({@link ChunkedBodyChannel}) because it shares this process's cores with the server it measures:
     * with java.net.http the figure came out a fifth lower, with HttpURLConnection four fifths lower.
     */
    List<Result> overHttp(Path database) {
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                .demoRows(0).start();
                BufferAllocator allocator = new RootAllocator()) {
            List<Trial> trials = new ArrayList<>();
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                URI uri = server.baseUri().resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE + "?compression="
                        + name(compression) + "&batch_rows=" + batchRows);
                trials.add(new Trial("(b) HTTP, Arrow client, " + name(compression), () -> fetch(uri, allocator)));
            }
            return measurements.measure(trials);
        }
    }

    /** Reads the Arrow stream at {@code uri} to its end; the bytes are the IPC stream's. */
    static Run fetch(URI uri, BufferAllocator allocator) throws IOException {
        Stopwatch stopwatch = new Stopwatch();
        long count = 0;
        try (ChunkedBodyChannel body = ChunkedBodyChannel.get(uri);
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
