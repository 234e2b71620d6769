package com.dataforge.server;

import com.dataforge.bootstrap.TransferProgress;
import java.time.Duration;
import java.util.Locale;

/**
 * The text of a transfer's progress bar and of its summary line: rows, bytes, percentage, rate and time left as far
 * as they are known. Pure formatting, so it is tested without a terminal.
 */
final class ProgressLine {

    private static final int BAR_WIDTH = 24;

    private ProgressLine() {
    }

    /** {@code [#########...............]  37%  1,834,000 rows  112.0 MB of 301.2 MB  1.21 M rows/s  0:03 left}. */
    static String bar(TransferProgress progress, Duration elapsed) {
        StringBuilder line = new StringBuilder();
        double fraction = progress.fraction();
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%  ", Math.round(fraction * 100)));
        }
        line.append(String.format(Locale.ROOT, "%,d rows", progress.rows()));
        // Bytes only once known: an Arrow import counts rows alone.
        if (progress.bytes() > 0) {
            line.append("  ").append(bytes(progress.bytes()));
            if (progress.totalBytes() > 0) {
                line.append(" of ").append(bytes(progress.totalBytes()));
            }
        }
        double seconds = elapsed.toNanos() / 1e9;
        if (seconds > 0 && progress.rows() > 0) {
            line.append("  ").append(rate(progress.rows() / seconds));
        }
        if (fraction > 0.01 && fraction < 1) {
            long left = Math.round(seconds * (1 - fraction) / fraction);
            line.append(String.format(Locale.ROOT, "  %d:%02d left", left / 60, left % 60));
        }
        return line.toString();
    }

    /** {@code 5,000,000 rows, 301.2 MB, 4.1 s, 1.22 M rows/s}. */
    static String summary(long rows, long bytes, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return String.format(Locale.ROOT, "%,d rows, %s, %.1f s, %s", rows, bytes(bytes), seconds,
                rate(seconds > 0 ? rows / seconds : 0));
    }

    static String bytes(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return bytes < 1_000_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static String rate(double rowsPerSecond) {
        return rowsPerSecond >= 1e6 ? String.format(Locale.ROOT, "%.2f M rows/s", rowsPerSecond / 1e6)
                : String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond);
    }
}
