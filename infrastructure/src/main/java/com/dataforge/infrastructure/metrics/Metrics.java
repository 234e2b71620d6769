package com.dataforge.infrastructure.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A small registry rendered in the Prometheus text format 0.0.4: counters and histograms with labels, cheap to
 * update from many threads at once (adders, no locks), and gauges read only when scraped.
 */
public final class Metrics {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final List<Family> families = new CopyOnWriteArrayList<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, labelNames));
    }

    /**
     * A counter kept elsewhere (e.g. under a pool's lock) and read when scraped; it must only grow.
     */
    public void counter(String name, String help, LongSupplier value) {
        counters(name, help).add(value::getAsLong);
    }

    /** Counters kept elsewhere and read when scraped, one per combination of label values; each must only grow. */
    public Sampled counters(String name, String help, String... labelNames) {
        return register(new Sampled(name, help, "counter", labelNames));
    }

    /** @param buckets upper bounds, strictly increasing; {@code +Inf} is added */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        for (int i = 0; i < buckets.length; i++) {
            if (!Double.isFinite(buckets[i]) || i > 0 && buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException(name + ": bucket bounds must be finite and strictly increasing");
            }
        }
        return register(new Histogram(name, help, buckets, labelNames));
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        gauges(name, help).add(value);
    }

    /** Gauges read when scraped, one per combination of label values. */
    public Sampled gauges(String name, String help, String... labelNames) {
        return register(new Sampled(name, help, "gauge", labelNames));
    }

    /** Every family, in registration order. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (Family family : families) {
            text.append("# HELP ").append(family.name).append(' ').append(family.help.replace("\\", "\\\\")
                    .replace("\n", "\\n")).append('\n');
            text.append("# TYPE ").append(family.name).append(' ').append(family.type).append('\n');
            family.render(text);
        }
        return text.toString();
    }

    /** Rejects what would make the whole scrape unparsable: a bad or repeated name. */
    private synchronized <F extends Family> F register(F family) {
        if (!METRIC_NAME.matcher(family.name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: '" + family.name + "'");
        }
        for (String label : family.labelNames) {
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                throw new IllegalArgumentException(family.name + ": label name '" + label + "' is not allowed");
            }
        }
        if (families.stream().anyMatch(registered -> registered.name.equals(family.name))) {
            throw new IllegalArgumentException("metric '" + family.name + "' is registered twice");
        }
        families.add(family);
        return family;
    }

    private abstract static class Family {
        final String name;
        final String help;
        final String type;
        final String[] labelNames;

        Family(String name, String help, String type, String[] labelNames) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.labelNames = labelNames.clone();
        }

        abstract void render(StringBuilder text);

        String labels(List<String> values, String extra) {
            if (values.isEmpty() && extra.isEmpty()) {
                return "";
            }
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < labelNames.length; i++) {
                pairs.add(labelNames[i] + "=\"" + escape(values.get(i)) + "\"");
            }
            if (!extra.isEmpty()) {
                pairs.add(extra);
            }
            return "{" + String.join(",", pairs) + "}";
        }

        List<String> key(String[] values) {
            if (values.length != labelNames.length) {
                throw new IllegalArgumentException(name + " takes labels " + List.of(labelNames));
            }
            return List.of(values);
        }
    }

    /** Values kept elsewhere and read when scraped (gauges, or counters that only grow), one per label values. */
    public static final class Sampled extends Family {
        private final Map<List<String>, DoubleSupplier> values = Collections.synchronizedMap(new LinkedHashMap<>());

        Sampled(String name, String help, String type, String[] labelNames) {
            super(name, help, type, labelNames);
        }

        /** Adds the series of these label values, read from {@code value} at each scrape. */
        public Sampled add(DoubleSupplier value, String... labelValues) {
            if (values.putIfAbsent(key(labelValues), value) != null) {
                throw new IllegalArgumentException(name + ": series " + List.of(labelValues) + " added twice");
            }
            return this;
        }

        @Override
        void render(StringBuilder text) {
            synchronized (values) {
                values.forEach((labels, value) -> sample(text, name, labels(labels, ""), value.getAsDouble()));
            }
        }
    }

        /** A count that only goes up, per combination of label values. */
    public static final class Counter extends Family {
        private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

        Counter(String name, String help, String[] labelNames) {
            super(name, help, "counter", labelNames);
        }

        public void add(long amount, String... labelValues) {
            values.computeIfAbsent(key(labelValues), k -> new LongAdder()).add(amount);
        }

        @Override
        void render(StringBuilder text) {
            if (labelNames.length == 0 && values.isEmpty()) {
                sample(text, name, "", 0);
            }
            values.forEach((labels, value) -> sample(text, name, labels(labels, ""), value.sum()));
        }
    }

    /** Observations counted into cumulative buckets, per combination of label values. */
    public static final class Histogram extends Family {
        private final double[] bounds;
        private final Map<List<String>, Series> values = new ConcurrentHashMap<>();

        Histogram(String name, String help, double[] bounds, String[] labelNames) {
            super(name, help, "histogram", labelNames);
            this.bounds = bounds.clone();
        }

        public void observe(double value, String... labelValues) {
            Series series = values.computeIfAbsent(key(labelValues), k -> new Series(bounds.length));
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    series.buckets[i].increment();
                    break;
                }
            }
            series.sum.add(value);
            series.count.increment();
        }

        @Override
        void render(StringBuilder text) {
            values.forEach((labels, series) -> {
                // Read the count first: a bucket then never exceeds it, even while observations arrive.
                long count = series.count.sum();
                long cumulative = 0;
                for (int i = 0; i < bounds.length; i++) {
                    cumulative += series.buckets[i].sum();
                    sample(text, name + "_bucket", labels(labels, "le=\"" + number(bounds[i]) + "\""),
                            Math.min(cumulative, count));
                }
                sample(text, name + "_bucket", labels(labels, "le=\"+Inf\""), count);
                sample(text, name + "_sum", labels(labels, ""), series.sum.sum());
                sample(text, name + "_count", labels(labels, ""), count);
            });
        }

        private static final class Series {
            final LongAdder[] buckets;
            final DoubleAdder sum = new DoubleAdder();
            final LongAdder count = new LongAdder();

            Series(int size) {
                buckets = new LongAdder[size];
                for (int i = 0; i < size; i++) {
                    buckets[i] = new LongAdder();
                }
            }
        }
    }

    static void sample(StringBuilder text, String name, String labels, double value) {
        text.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf")
                : String.format(Locale.ROOT, "%s", value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
