package com.dataforge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What every section of the benchmark shares: timing a run, taking the median of several, and printing a table of
 * figures relative to the section's first row. The machines are shared and noisy, so each figure is the median of
 * several runs after one warm-up, and only ratios within one table are meant to be compared.
 */
final class Measurements {

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long rows;
    private final int runs;

    /**
     * @param rows the rows every run must report, so that a short read or insert cannot pass for a fast one
     * @param runs the runs measured after the warm-up
     */
    Measurements(long rows, int runs) {
        this.rows = rows;
        this.runs = runs;
    }

    /** One run of what is measured; it starts its {@link Stopwatch} after any set-up that is not to be timed. */
    @FunctionalInterface
    interface Attempt {
        Run run() throws Exception;
    }

    record Trial(String name, Attempt attempt) {
    }

    /**
     * Runs each trial once to warm up, then all of them in turn, {@code runs} rounds, and keeps each trial's run of
     * median wall time. Taking turns, rather than all runs of one trial and then the next, spreads a slow spell of
     * the shared machine over every trial instead of letting it sink one.
     */
    List<Result> measure(List<Trial> trials) {
        List<List<Run>> measured = new ArrayList<>();
        for (Trial trial : trials) {
            once(trial);
            measured.add(new ArrayList<>());
        }
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < trials.size(); i++) {
                measured.get(i).add(once(trials.get(i)));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            List<Run> sorted = measured.get(i).stream().sorted(Comparator.comparingLong(Run::nanos)).toList();
            Run median = sorted.get(sorted.size() / 2);
            results.add(new Result(trials.get(i).name(), median,
                    (double) (sorted.getLast().nanos() - sorted.getFirst().nanos()) / median.nanos(),
                    List.copyOf(measured.get(i))));
        }
        return results;
    }

    private Run once(Trial trial) {
        Run run;
        try {
            run = trial.attempt().run();
        } catch (Exception e) {
            throw new IllegalStateException(trial.name() + " failed: " + e.getMessage(), e);
        }
        if (run.rows() != rows) {
            throw new IllegalStateException(trial.name() + " handled " + run.rows() + " rows, expected " + rows);
        }
        return run;
    }

    /** CPU time of this whole process so far. */
    static long processCpuNanos() {
        return PROCESS.getProcessCpuTime();
    }

    /** Prints the results as a table whose ratio column is rows/s relative to the first result. */
    static void print(String title, List<Result> results, String footnote) {
        double baseline = results.getFirst().run().rowsPerSecond();
        System.out.printf("%n%s%n%-44s %12s %10s %10s %14s %8s %8s %8s%n", title, "path", "rows/s", "MB/s", "MB",
                "first batch ms", "cpu s", "spread", "ratio");
        for (Result result : results) {
            Run run = result.run();
            System.out.printf("%-44s %,12.0f %10s %10s %14s %8.2f %7.0f%% %8.2f%n", result.name(),
                    run.rowsPerSecond(),
                    run.bytes() == 0 ? "-" : String.format("%.0f", run.bytes() / 1e6 / (run.nanos() / 1e9)),
                    run.bytes() == 0 ? "-" : String.format("%.0f", run.bytes() / 1e6),
                    run.firstBatchNanos() < 0 ? "-" : String.format("%.1f", run.firstBatchNanos() / 1e6),
                    run.cpuNanos() / 1e9, result.spread() * 100, run.rowsPerSecond() / baseline);
        }
        System.out.println(footnote);
    }

    /**
     * Wall and process CPU time from its creation to {@link #stop}. CPU time is the whole process's (DuckDB, server
     * and client share it), which is what shows whether a path is faster or merely busier. The CPU time of the thread
     * that created it is kept apart: where that thread is the benchmark's client, the rest is the server's.
     */
    static final class Stopwatch {
        private final long started = System.nanoTime();
        private final long cpuStarted = PROCESS.getProcessCpuTime();
        private final long threadCpuStarted = THREADS.getCurrentThreadCpuTime();
        private long firstBatch = -1;

        /** Records the time to the first batch; later calls change nothing. */
        void batchArrived() {
            if (firstBatch < 0) {
                firstBatch = System.nanoTime() - started;
            }
        }

        Run stop(long rows, long bytes) {
            return new Run(rows, bytes, System.nanoTime() - started, firstBatch,
                    PROCESS.getProcessCpuTime() - cpuStarted, THREADS.getCurrentThreadCpuTime() - threadCpuStarted);
        }
    }

    /**
     * @param bytes the Arrow IPC bytes that went through, 0 when none did
     * @param firstBatchNanos the time to the first batch, -1 where there is no such moment to observe
     * @param cpuNanos CPU time of the whole process
     * @param threadCpuNanos CPU time of the thread that timed the run (the client, where there is one)
     */
    record Run(long rows, long bytes, long nanos, long firstBatchNanos, long cpuNanos, long threadCpuNanos) {
        double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }

    /**
     * @param run the run of median wall time
     * @param spread the slowest run's wall time less the fastest's, relative to the median's: how far to trust it
     * @param rounds every measured run, in the order of the rounds, for ratios of runs made one after the other
     */
    record Result(String name, Run run, double spread, List<Run> rounds) {

        /**
         * The median, over the rounds, of {@code baseline}'s wall time in a round over this result's in the same
         * round: a ratio of two runs made seconds apart, which a slow spell of the shared machine moves less than
         * the ratio of two medians that may come from different rounds.
         */
        double pairedRatio(Result baseline) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < rounds.size(); round++) {
                ratios.add((double) baseline.rounds.get(round).nanos() / rounds.get(round).nanos());
            }
            ratios.sort(Comparator.naturalOrder());
            return ratios.get(ratios.size() / 2);
        }
    }
}
