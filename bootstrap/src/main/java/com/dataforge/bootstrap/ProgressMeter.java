package com.dataforge.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.duckdb.QueryProgress;

/**
 * The counters a transfer keeps as it goes, read by another thread: DuckDB's own progress through the files for an
 * import, rows and bytes sent or written for the rest.
 */
final class ProgressMeter {

    private final AtomicLong rows = new AtomicLong();
    /** The furthest DuckDB has reported: each statement (a file, then the commit's count) starts its own at 0. */
    private final AtomicLong furthestRows = new AtomicLong();
    private volatile double furthestFraction = -1;
    private final AtomicLong bytesSent = new AtomicLong(-1);
    private volatile Supplier<QueryProgress> reading;
    private volatile long totalBytes;
    private volatile Path writing;

    /**
     * An import reads files of {@code totalBytes} in all: DuckDB's query progress through them (null while it has
     * none) is the import's.
     */
    void reading(Supplier<QueryProgress> progress, long totalBytes) {
        this.totalBytes = totalBytes;
        reading = progress;
    }

    /** An import reads files of {@code totalBytes} in all, of which only the rows read tell the progress. */
    void reading(long totalBytes) {
        reading(() -> null, totalBytes);
    }

    /** An export writes this file: its size is the bytes written. */
    void writingTo(Path file) {
        writing = file;
    }

    void addRows(long count) {
        rows.addAndGet(count);
    }

    void bytesSent(long bytes) {
        bytesSent.set(bytes);
    }

    TransferProgress snapshot() {
        Supplier<QueryProgress> source = reading;
        if (source != null) {
            QueryProgress progress = source.get();
            double fraction = progress == null || progress.getPercentage() < 0 ? -1
                    : Math.min(1, progress.getPercentage() / 100);
            fraction = Math.max(fraction, furthestFraction);
            furthestFraction = fraction;
            long read = Math.max(rows.get(), furthestRows.accumulateAndGet(
                    progress == null ? 0 : progress.getRowsProcessed(), Math::max));
            long bytes = bytesSent.get() >= 0 ? bytesSent.get()
                    : fraction < 0 ? 0 : (long) (fraction * totalBytes);
            return new TransferProgress(read, bytes, totalBytes, fraction);
        }
        Path file = writing;
        long written = 0;
        if (file != null) {
            try {
                written = Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                // Moved into place meanwhile: the result will say its size.
            }
        }
        return new TransferProgress(rows.get(), written, 0, -1);
    }
}
