package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Run;
import com.dataforge.bench.Measurements.Stopwatch;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The formats section: the same rows of well_production read over HTTP as an Arrow stream and as NDJSON, JSON and
 * CSV, each read to its end by a client that decodes it (Arrow's stream reader; Jackson's streaming parser, which
 * tokenizes every value; a quote-aware CSV record scanner). Uncompressed, so the bytes are the formats' own.
 */
final class FormatsBenchmark {

    static final String TITLE = "formats: well_production over HTTP, uncompressed";
    private static final JsonFactory JSON = new JsonFactory();

    private enum Format {
        ARROW("application/vnd.apache.arrow.stream"),
        NDJSON("application/x-ndjson"),
        JSON("application/json"),
        CSV("text/csv");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private final Measurements measurements;
    private final Path schemas;
    private final int batchRows;
    private final long rows;

    FormatsBenchmark(Measurements measurements, Path schemas, int batchRows, long rows) {
        this.measurements = measurements;
        this.schemas = schemas;
        this.batchRows = batchRows;
        this.rows = rows;
    }

    /** Loads the rows into a database of this section's own (not timed), then reads them in every format. */
    List<Result> run(Path database) {
        long started = System.nanoTime();
        try (DataForgeServer server = DataForge.builder().port(0).schemas(schemas).database(database)
                .demoRows(rows).start();
                BufferAllocator allocator = new RootAllocator()) {
            System.out.printf("%nformats: loaded %,d rows in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
            URI uri = server.baseUri().resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE + "?batch_rows="
                    + batchRows);
            List<Trial> trials = new ArrayList<>();
            for (Format format : Format.values()) {
                trials.add(new Trial("HTTP, " + format.mediaType, () -> format == Format.ARROW
                        ? BulkReadBenchmark.fetch(uri, allocator) : fetchText(uri, format)));
            }
            return measurements.measure(trials);
        }
    }

    /** How each format's size compares with Arrow's, for the footnote; {@code results} are in {@link #run}'s order. */
    static String footnote(List<Result> results) {
        StringBuilder text = new StringBuilder("ratio = rows/s relative to Arrow; size relative to Arrow:");
        double arrowBytes = results.getFirst().run().bytes();
        for (int i = 0; i < results.size(); i++) {
            text.append(String.format(" %s %.2f×", Format.values()[i].name().toLowerCase(Locale.ROOT),
                    results.get(i).run().bytes() / arrowBytes));
        }
        return text.append("\nclient: raw socket; JSON and NDJSON tokenized by Jackson's streaming parser, CSV"
                + " records counted by a quote-aware scan;\ncpu s = CPU time of this whole process (DuckDB, server"
                + " and client); spread = (slowest - fastest) / median wall time").toString();
    }

    private static Run fetchText(URI uri, Format format) throws IOException {
        Stopwatch stopwatch = new Stopwatch();
        try (ChunkedBodyChannel channel = ChunkedBodyChannel.get(uri, format.mediaType);
                CountingStream body = new CountingStream(Channels.newInputStream(channel))) {
            long count = format == Format.CSV ? csvRecords(body, stopwatch) - 1 : jsonObjects(body, stopwatch);
            return stopwatch.stop(count, body.count);
        }
    }

    /** Objects at the top level (NDJSON) or inside the top-level array (JSON), every token read. */
    private static long jsonObjects(InputStream body, Stopwatch stopwatch) throws IOException {
        long count = 0;
        int depth = 0;
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    if (token == JsonToken.START_OBJECT && depth <= 1) {
                        stopwatch.batchArrived();
                        count++;
                    }
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        }
        return count;
    }

    /** Records (header included): CRLFs outside quoted fields. */
    private static long csvRecords(InputStream body, Stopwatch stopwatch) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long records = 0;
        boolean quoted = false;
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
            for (int i = 0; i < read; i++) {
                byte b = buffer[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    records++;
                }
            }
            stopwatch.batchArrived();
        }
        return records;
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
