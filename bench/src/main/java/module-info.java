/**
 * {@code ./dataforge bench}: measures the HTTP read and insert paths against their in-process ceilings. Built and
 * tested with the rest, but no shipped artifact contains it.
 */
module dataforge.bench {
    requires dataforge.bootstrap;
    requires dataforge.infrastructure;
    // Server CPU time per run (com.sun.management.OperatingSystemMXBean).
    requires jdk.management;
    // The in-process insert hands an Arrow reader to DuckDB through the C stream interface.
    requires org.apache.arrow.c;
    // The text-format client tokenizes JSON with Jackson's streaming parser.
    requires com.fasterxml.jackson.core;
    // The read section's ceiling: the JDK's HTTP server alone, streaming from memory.
    requires jdk.httpserver;
}
