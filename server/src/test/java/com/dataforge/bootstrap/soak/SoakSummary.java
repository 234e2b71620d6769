package com.dataforge.bootstrap.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The figures of every soak scenario that ran, printed as one Markdown table once all tests of the run have ended
 * (and written to the module's {@code target/soak-summary.md}). A scenario class registers this extension and adds
 * its figures with {@link #add}; the table is printed when JUnit closes the root context's store, after the last
 * test class.
 */
public final class SoakSummary implements BeforeAllCallback {

    /** In the module's target/, wherever the tests run (Surefire gives the module's folder as basedir). */
    static final Path FILE = Path.of(System.getProperty("basedir", "."), "target", "soak-summary.md");
    private static final List<String[]> ROWS = new ArrayList<>();
    private static final String LOAD_AT_START = loadAverage();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SoakSummary.class, key -> (AutoCloseable) SoakSummary::print);
    }

    /** One figure of a scenario, in the order the scenario measured it. */
    static void add(String scenario, String figure, Object value) {
        synchronized (ROWS) {
            ROWS.add(new String[] {scenario, figure, String.valueOf(value)});
        }
        write();
    }

    private static void print() {
        System.out.println();
        System.out.println(table());
        write();
        System.out.println("(also in " + FILE.toAbsolutePath() + ")");
    }

    private static void write() {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, table(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + FILE.toAbsolutePath(), e);
        }
    }

    private static String table() {
        StringBuilder text = new StringBuilder("## Soak summary, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n")
                .append(SoakLength.describe()).append("; ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; load average at start ").append(LOAD_AT_START).append(", at end ").append(loadAverage())
                .append("\n\n| scenario | figure | value |\n| --- | --- | --- |\n");
        String last = null;
        synchronized (ROWS) {
            for (String[] row : ROWS) {
                text.append("| ").append(row[0].equals(last) ? "" : row[0]).append(" | ").append(row[1]).append(" | ")
                        .append(row[2].replace("|", "\\|")).append(" |\n");
                last = row[0];
            }
        }
        return text.toString();
    }

    /** The 1-minute load average, which says how busy the machine was besides the suite (Linux only). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
