package com.dataforge.bootstrap.soak;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every answer of a scenario counted by status, and every one the design does not allow kept with what was asked:
 * a status outside the allowed set, a 429 or 503 without a Retry-After in seconds, a body cut short or wrong, a
 * connection failure.
 */
final class Outcomes {

    private static final Set<Integer> REFUSALS = Set.of(429, 503);
    private static final int KEPT = 20;

    private final Set<Integer> allowed;
    private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final LongAdder unexpectedCount = new LongAdder();

    /** @param successes the statuses a request of the scenario may succeed with; 429 and 503 are always allowed */
    Outcomes(Set<Integer> successes) {
        this.allowed = Set.copyOf(successes);
    }

    /** Counts an answer; {@code detail} (e.g. a problem's text) is kept if the answer is not one the design allows. */
    void answered(String request, int status, String retryAfter, String detail) {
        count(String.valueOf(status));
        if (REFUSALS.contains(status)) {
            if (retryAfter == null || !retryAfter.matches("[0-9]+")) {
                unexpected(request + " → " + status + " without a Retry-After in seconds (" + retryAfter + "): "
                        + detail);
            }
        } else if (!allowed.contains(status)) {
            unexpected(request + " → " + status + ": " + detail);
        }
    }

    /** A request that got no complete answer: the connection failed, or a 200's body was cut short or wrong. */
    void failed(String request, String what) {
        count("failed");
        unexpected(request + " → " + what);
    }

    long count(int status) {
        LongAdder count = counts.get(String.valueOf(status));
        return count == null ? 0 : count.sum();
    }

    /** e.g. {@code 200 × 1520, 503 × 12} */
    String byStatus() {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((status, count) -> sums.put(status, count.sum()));
        return sums.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The first answers the design does not allow, and how many there were in all; empty if none. */
    List<String> unexpected() {
        long all = unexpectedCount.sum();
        List<String> kept = List.copyOf(unexpected);
        return all > kept.size() ? Stream.concat(kept.stream(),
                Stream.of("… " + (all - kept.size()) + " more")).toList() : kept;
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void unexpected(String what) {
        unexpectedCount.increment();
        if (unexpected.size() < KEPT) {
            unexpected.add(what);
        }
    }
}
