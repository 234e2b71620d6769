package com.dataforge.bootstrap.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request times by kind of request, for percentiles at the end of a scenario. */
final class Latencies {

    private final Map<String, List<Long>> nanosByKind = new LinkedHashMap<>();

    synchronized void record(String kind, long nanos) {
        nanosByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
    }

    synchronized List<String> kinds() {
        return List.copyOf(nanosByKind.keySet());
    }

    /** Of one kind of request. */
    synchronized Summary of(String kind) {
        return new Summary(nanosByKind.getOrDefault(kind, List.of()));
    }

    /** Of every request. */
    synchronized Summary all() {
        return new Summary(nanosByKind.values().stream().flatMap(List::stream).toList());
    }

    /** Nearest-rank percentiles of some request times. */
    static final class Summary {
        private final List<Long> sorted;

        Summary(List<Long> nanos) {
            sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
        }

        int count() {
            return sorted.size();
        }

        /** @param percent 50 for the median, 99 for p99 */
        double millis(double percent) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percent / 100 * sorted.size());
            return sorted.get(Math.max(0, rank - 1)) / 1e6;
        }

        double maxMillis() {
            return sorted.isEmpty() ? Double.NaN : sorted.getLast() / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%,d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms", count(), millis(50), millis(99),
                    maxMillis());
        }
    }
}
