package com.dataforge.infrastructure.duckdb.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void aZeroThresholdIsTheNullObjectThatWatchesNothingAndStartsNoThread() {
        LeakDetection off = LeakDetection.of("off", Duration.ZERO, report -> {
            throw new AssertionError("reported " + report);
        });

        assertSame(LeakDetection.OFF, off);
        assertSame(LeakDetection.Watch.NONE, off.watch());
        assertTrue(housekeepers("off").isEmpty(), "a housekeeping thread was started: " + housekeepers("off"));
        off.close();
    }

    @Test
    void aWatchReturnedInTimeIsNeverReportedAndOneHeldPastTheThresholdIsReportedOnce() throws Exception {
        BlockingQueue<LeakReport> reports = new LinkedBlockingQueue<>();
        LeakDetection on = LeakDetection.of("on", Duration.ofMillis(50), reports::add);
        try {
            LeakDetection.Watch returnedInTime = on.watch();
            returnedInTime.returned();
            LeakDetection.Watch held = on.watch();

            LeakReport report = reports.poll(30, TimeUnit.SECONDS);
            assertTrue(report != null, "no leak reported");
            assertEquals("on", report.pool());
            assertTrue(report.heldMillis() >= 50, "held " + report.heldMillis());
            held.returned();
            // The returned watch's timer was cancelled: it would have fired before the held one's.
            assertTrue(reports.isEmpty(), "unexpected reports " + reports);
            assertNotSame(LeakDetection.Watch.NONE, held);
        } finally {
            on.close();
        }
        assertSame(LeakDetection.Watch.NONE, on.watch(), "a closed detection still watched");
    }

    private static List<Thread> housekeepers(String pool) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("pool-" + pool + "-housekeeper")).toList();
    }
}
