package com.dataforge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.bootstrap.TransferProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress bar's and the summary's text, from figures given, without a terminal. */
class ProgressLineTest {

    @Test
    void aKnownFractionShowsTheBarThePercentageAndTheTimeLeft() {
        assertEquals("[######..................]  25%  1,000,000 rows  3.0 MB of 12.0 MB  500,000 rows/s  0:06 left",
                ProgressLine.bar(new TransferProgress(1_000_000, 3_000_000, 12_000_000, 0.25), Duration.ofSeconds(2)));
    }

    @Test
    void anUnknownFractionShowsRowsBytesAndRateOnly() {
        assertEquals("2,500,000 rows  1.50 GB  2.50 M rows/s",
                ProgressLine.bar(new TransferProgress(2_500_000, 1_500_000_000L, 0, -1), Duration.ofSeconds(1)));
    }

    @Test
    void nothingReadYetShowsNoBytesAndNoRate() {
        assertEquals("0 rows",
                ProgressLine.bar(new TransferProgress(0, 0, 1_000_000, -1), Duration.ofMillis(300)));
    }

    @Test
    void theSummaryGivesRowsBytesSecondsAndRate() {
        assertEquals("5,000,000 rows, 301.2 MB, 4.0 s, 1.25 M rows/s",
                ProgressLine.summary(5_000_000, 301_200_000, Duration.ofSeconds(4)));
    }
}
