package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, failing the test on anything the format does not
 * allow: a sample outside the family its {@code # TYPE} line declared, a family declared twice, a malformed or
 * repeated label, a histogram whose buckets are not cumulative or do not end with {@code +Inf} equal to
 * {@code _count}.
 */
public final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{.*\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
            + "|NaN|[+-]Inf");

    private PrometheusText() {
    }

    /** GET /metrics from {@code client}'s server, checked and parsed as {@link #parse} does. */
    public static Map<String, Double> scrape(HttpArrowClient client) {
        HttpResponse<InputStream> response = client.get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        try (InputStream body = response.body()) {
            return parse(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every sample's value by its name and labels as written, e.g. {@code x_total{route="/a"}} */
    public static Map<String, Double> parse(String text) {
        assertTrue(text.endsWith("\n"), "the text ends with a line feed");
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        String family = null;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            if (help.matches()) {
                assertFalse(types.containsKey(help.group(1)), "HELP after the family's TYPE: " + line);
                continue;
            }
            if (type.matches()) {
                assertNull(types.put(type.group(1), type.group(2)), "a second TYPE line: " + line);
                family = type.group(1);
                continue;
            }
            assertFalse(line.startsWith("#") && line.matches("# (HELP|TYPE) .*"), "malformed: " + line);
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: '" + line + "'");
            assertNotNull(family, "a sample before any TYPE line: " + line);
            String name = sample.group(1);
            String suffix = name.startsWith(family) ? name.substring(family.length()) : null;
            boolean histogram = types.get(family).equals("histogram");
            assertTrue(histogram ? List.of("_bucket", "_sum", "_count").contains(suffix) : "".equals(suffix),
                    "'" + name + "' is not a sample of the " + types.get(family) + " " + family);
            String labels = sample.group(2) == null ? "" : sample.group(2);
            Map<String, String> labelValues = labels(labels, line);
            assertTrue(FLOAT.matcher(sample.group(3)).matches(), "not a number: " + line);
            double value = Double.parseDouble(sample.group(3).replace("Inf", "Infinity"));
            assertNull(samples.put(name + labels, value), "a repeated sample: " + line);
            if (histogram) {
                String le = labelValues.remove("le");
                Histogram series = histograms.computeIfAbsent(family + labelValues, k -> new Histogram());
                switch (suffix) {
                    case "_bucket" -> series.bucket(le, value, line);
                    case "_sum" -> series.sum = value;
                    default -> series.count = value;
                }
            }
        }
        histograms.forEach((series, histogram) -> histogram.check(series));
        return samples;
    }

    private static Map<String, String> labels(String labels, String line) {
        Map<String, String> values = new LinkedHashMap<>();
        if (labels.isEmpty()) {
            return values;
        }
        Matcher label = LABEL.matcher(labels);
        int at = 1;
        while (at < labels.length() - 1) {
            assertTrue(label.find(at) && label.start() == at, "malformed labels: " + line);
            assertNull(values.put(label.group(1), label.group(2)), "a repeated label: " + line);
            at = label.end();
            if (labels.charAt(at) == ',') {
                at++;
            }
        }
        return values;
    }

    private static final class Histogram {
        final List<Double> bounds = new ArrayList<>();
        double lastBucket = -1;
        Double sum;
        Double count;

        void bucket(String le, double value, String line) {
            assertNotNull(le, "a bucket without le: " + line);
            assertTrue(value >= lastBucket, "buckets are cumulative: " + line);
            double bound = Double.parseDouble(le.replace("Inf", "Infinity"));
            assertTrue(bounds.isEmpty() || bound > bounds.getLast(), "bucket bounds increase: " + line);
            bounds.add(bound);
            lastBucket = value;
        }

        void check(String series) {
            assertFalse(bounds.isEmpty(), "no buckets: " + series);
            assertEquals(Double.POSITIVE_INFINITY, bounds.getLast(), "the last bucket is +Inf: " + series);
            assertNotNull(sum, "no _sum: " + series);
            assertEquals(count, lastBucket, "+Inf bucket equals _count: " + series);
        }
    }
}
