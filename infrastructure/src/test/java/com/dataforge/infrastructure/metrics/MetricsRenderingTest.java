package com.dataforge.infrastructure.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The registry's text, byte for byte where the format is strict; over HTTP it is parsed in the bootstrap tests. */
class MetricsRenderingTest {

    private final Metrics metrics = new Metrics();

    @Test
    void aCounterWithoutLabelsIsPresentAtZeroAndLabelValuesAreEscaped() {
        metrics.counter("refused_total", "Refusals\nby \\ reason");
        Metrics.Counter byPath = metrics.counter("seen_total", "Seen", "path");
        byPath.add(2, "a\"b\\c\nd");

        assertEquals("""
                # HELP refused_total Refusals\\nby \\\\ reason
                # TYPE refused_total counter
                refused_total 0
                # HELP seen_total Seen
                # TYPE seen_total counter
                seen_total{path="a\\"b\\\\c\\nd"} 2
                """, metrics.render());
    }

    @Test
    void histogramBucketsAreCumulativeAndEndWithInfEqualToTheCount() {
        Metrics.Histogram wait = metrics.histogram("wait_seconds", "Wait", new double[] {0.001, 0.5, 2}, "pool");
        for (double seconds : new double[] {0.0005, 0.001, 0.3, 7}) {
            wait.observe(seconds, "main");
        }

        assertEquals("""
                # HELP wait_seconds Wait
                # TYPE wait_seconds histogram
                wait_seconds_bucket{pool="main",le="0.001"} 2
                wait_seconds_bucket{pool="main",le="0.5"} 3
                wait_seconds_bucket{pool="main",le="2"} 3
                wait_seconds_bucket{pool="main",le="+Inf"} 4
                wait_seconds_sum{pool="main"} 7.3015
                wait_seconds_count{pool="main"} 4
                """, metrics.render());
    }

    @Test
    void gaugesAndCountersKeptElsewhereAreReadAtEachScrape() {
        long[] value = {1};
        metrics.gauge("level", "Level", () -> value[0] / 2.0);
        metrics.counter("done_total", "Done", () -> value[0]);
        value[0] = 5;

        assertTrue(metrics.render().contains("\nlevel 2.5\n"), metrics.render());
        assertTrue(metrics.render().endsWith("\ndone_total 5\n"), metrics.render());
    }

    @Test
    void labelledGaugesReadEachSeriesAtEachScrapeInTheOrderAdded() {
        int[] inUse = {3, 0};
        metrics.gauges("lane_in_use", "In use", "lane").add(() -> inUse[0], "stream").add(() -> inUse[1], "short");
        inUse[1] = 2;

        assertEquals("""
                # HELP lane_in_use In use
                # TYPE lane_in_use gauge
                lane_in_use{lane="stream"} 3
                lane_in_use{lane="short"} 2
                """, metrics.render());
        Metrics.Sampled timeouts = metrics.counters("lane_timeouts_total", "Timeouts", "lane");
        timeouts.add(() -> 1, "stream");
        assertThrows(IllegalArgumentException.class, () -> timeouts.add(() -> 2, "stream"), "a series added twice");
        assertThrows(IllegalArgumentException.class, () -> timeouts.add(() -> 2), "labels missing");
    }

    @Test
    void updatesFromManyThreadsAreAllCounted() {
        Metrics.Counter requests = metrics.counter("requests_total", "Requests", "route");
        Metrics.Histogram duration = metrics.histogram("duration_seconds", "Duration", new double[] {1}, "route");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10_000; i++) {
                String route = "/r" + (i % 4);
                threads.submit(() -> {
                    requests.add(1, route);
                    duration.observe(0.5, route);
                });
            }
        }

        String text = metrics.render();
        for (int r = 0; r < 4; r++) {
            assertTrue(text.contains("requests_total{route=\"/r" + r + "\"} 2500\n"), text);
            assertTrue(text.contains("duration_seconds_bucket{route=\"/r" + r + "\",le=\"1\"} 2500\n"), text);
        }
    }

    @Test
    void refusesWhatWouldMakeTheScrapeUnparsable() {
        metrics.counter("taken_total", "Taken");

        assertThrows(IllegalArgumentException.class, () -> metrics.counter("taken_total", "Again"));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("no-dashes", "Bad name"));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("ok_total", "Bad label", "le"));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("ok_total", "Bad label", "1st"));
        assertThrows(IllegalArgumentException.class,
                () -> metrics.histogram("h", "Unsorted", new double[] {1, 0.5}));
        Metrics.Counter byRoute = metrics.counter("routes_total", "Routes", "route");
        assertThrows(IllegalArgumentException.class, () -> byRoute.add(1, "a", "b"), "wrong number of labels");
    }
}
