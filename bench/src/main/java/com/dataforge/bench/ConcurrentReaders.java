package com.dataforge.bench;

import com.dataforge.bench.ChunkedBodyChannel.UnexpectedStatus;
import com.dataforge.bench.Measurements.Run;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Aggregate bulk-read throughput of several readers at once, each reading {@code ?limit=readerRows} from a server with
 * its default limits. The server queues what its stream lane cannot admit and answers 503 past the stream wait
 * (--stream-wait-s), or at once past the per-client share; both are counted, not hidden. Readers come either all from one loopback address (one client to the server) or each from an address
 * of its own in 127.0.0.0/8 (as many clients as readers).
 */
final class ConcurrentReaders {

    static final String FOOTNOTE = "rows/s = rows of the complete reads / wall time from the first request to the last"
            + " reader's end; cpu s/M = CPU of this process (server and clients) per million rows read;"
            + "\n503 = refused reads (per-client share, or no stream place within --stream-wait-s, or the waiting bound)";

    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI base;
    private final long readerRows;
    private final int batchRows;

    ConcurrentReaders(URI base, long readerRows, int batchRows) {
        this.base = base;
        this.readerRows = readerRows;
        this.batchRows = batchRows;
    }

    /**
     * @param rows rows of the reads that completed
     * @param refused readers answered 503
     * @param failed readers that failed otherwise
     */
    record Figures(int readers, boolean ownAddresses, long rows, long nanos, long cpuNanos, int refused, int failed,
            String firstFailure) {
        double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }

        /** Process CPU (server and clients) per million rows read: whether more readers cost more per row. */
        double cpuSecondsPerMillionRows() {
            return rows == 0 ? 0 : cpuNanos / 1e9 / (rows / 1e6);
        }
    }

    Figures run(int readers, boolean ownAddresses) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Run>> reads = new ArrayList<>();
        long began;
        try (ExecutorService threads = Executors.newFixedThreadPool(readers);
                BufferAllocator allocator = new RootAllocator()) {
            for (int i = 0; i < readers; i++) {
                URI uri = window();
                InetAddress source = ownAddresses ? address(i) : null;
                reads.add(threads.submit(() -> {
                    start.await();
                    return BulkReadBenchmark.fetch(uri,
                            () -> ChunkedBodyChannel.get(uri, "application/vnd.apache.arrow.stream", source),
                            allocator);
                }));
            }
            began = System.nanoTime();
            long cpuBegan = Measurements.processCpuNanos();
            start.countDown();
            long rows = 0;
            int refused = 0;
            int failed = 0;
            String firstFailure = "";
            for (Future<Run> read : reads) {
                try {
                    Run run = read.get();
                    if (run.rows() != readerRows) {
                        throw new IllegalStateException("a reader got " + run.rows() + " rows, expected " + readerRows);
                    }
                    rows += run.rows();
                } catch (ExecutionException e) {
                    if (status(e.getCause()) == 503) {
                        refused++;
                    } else {
                        failed++;
                    }
                    if (firstFailure.isEmpty()) {
                        firstFailure = String.valueOf(e.getCause().getMessage());
                    }
                }
            }
            return new Figures(readers, ownAddresses, rows, System.nanoTime() - began,
                    Measurements.processCpuNanos() - cpuBegan, refused, failed, firstFailure);
        }
    }

    /**
     * The first {@code readerRows} rows, the same for every reader: an offset would add DuckDB's skipping of the rows
     * before it, which is not what this measures.
     */
    private URI window() {
        return base.resolve("/api/v1/arrow/bulk-read/" + Benchmark.TABLE + "?limit=" + readerRows + "&batch_rows="
                + batchRows);
    }

    /** 127.0.0.2, 127.0.0.3, ...: loopback addresses the server tells apart, as it would separate machines. */
    private static InetAddress address(int i) {
        return InetAddress.ofLiteral("127.0." + ((i + 2) >> 8) + "." + ((i + 2) & 0xff));
    }

    private static int status(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnexpectedStatus unexpected) {
                return unexpected.status();
            }
        }
        return -1;
    }

    void print(List<Figures> figures) {
        System.out.printf("%nconcurrent bulk readers, %,d rows each, server defaults%n"
                + "%-8s %-10s %12s %8s %10s %6s %6s%n", readerRows, "readers", "addresses", "rows/s", "wall s", "cpu s/M", "503", "other");
        for (Figures f : figures) {
            System.out.printf("%-8d %-10s %,12.0f %8.2f %10.3f %6d %6d%s%n", f.readers(),
                    f.ownAddresses() ? "one each" : "all one", f.rowsPerSecond(), f.nanos() / 1e9,
                    f.cpuSecondsPerMillionRows(), f.refused(), f.failed(),
                    f.firstFailure().isEmpty() ? "" : "  first refusal: " + abbreviate(f.firstFailure()));
        }
        System.out.println(FOOTNOTE);
    }

    /** The problem's detail, which says which limit refused the read, or else the message's start. */
    private static String abbreviate(String message) {
        Matcher detail = DETAIL.matcher(message);
        String line = detail.find() ? detail.group(1) : message.replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
