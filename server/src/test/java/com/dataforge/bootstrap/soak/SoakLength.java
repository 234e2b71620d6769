package com.dataforge.bootstrap.soak;

import java.time.Duration;

/**
 * How long the soak runs. By default (CI, {@code ./dataforge test}) each timed scenario runs for 20 s and each counted
 * one does its base count, so the whole suite stays within a few minutes; {@code -Dsoak.minutes=N} (as
 * {@code ./dataforge soak --minutes N} passes it) runs each timed scenario for N minutes and each counted one N times
 * over.
 */
final class SoakLength {

    static final String PROPERTY = "soak.minutes";
    private static final Duration CI_RUN = Duration.ofSeconds(20);

    private SoakLength() {
    }

    /** How long a timed scenario keeps its clients going. */
    static Duration duration() {
        double minutes = minutes();
        return minutes == 0 ? CI_RUN : Duration.ofMillis(Math.round(minutes * 60_000));
    }

    /** {@code base} in CI; {@code base} times the minutes asked for (at least once) in a long run. */
    static int times(int base) {
        return (int) Math.max(base, Math.round(base * minutes()));
    }

    /** What the figures were measured with, for the summary. */
    static String describe() {
        return minutes() == 0 ? "CI length: " + CI_RUN.toSeconds() + " s per timed scenario"
                : "-D" + PROPERTY + "=" + System.getProperty(PROPERTY) + ": " + duration().toSeconds()
                        + " s per timed scenario, counts × " + times(1);
    }

    private static double minutes() {
        String value = System.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            double minutes = Double.parseDouble(value);
            if (minutes > 0 && minutes <= 24 * 60) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be a number of minutes from 0 to 1440, got '"
                + value + "'");
    }
}
