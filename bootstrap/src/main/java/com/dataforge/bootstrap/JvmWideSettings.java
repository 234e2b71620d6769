package com.dataforge.bootstrap;

import java.util.Map;

/**
 * System properties that the JDK reads once per JVM, which only a process that owns its JVM may set: the limits of
 * the JDK's HTTP server from the options ({@link ServeOptions#jvmWideProperties()}), TCP_NODELAY for it, and enough
 * carrier threads for virtual threads that DuckDB pins. The standalone service and the benchmark call this first
 * thing; nothing in the library does, so an application that embeds Data Forge keeps its own JVM settings. A
 * property already given on the command line ({@code -D}) is kept, except those the options set.
 */
public final class JvmWideSettings {

    private JvmWideSettings() {
    }

    /**
     * Sets {@code fromOptions}, then the defaults not already set; call before any server or virtual thread.
     *
     * @param server the server this JVM will run, whose lanes say how many queries may be inside DuckDB at once
     */
    public static void apply(Map<String, String> fromOptions, DataForge server) {
        fromOptions.forEach(System::setProperty);
        // Small responses (problems, records) would otherwise wait for Nagle's algorithm.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        setIfAbsent("jdk.virtualThreadScheduler.parallelism",
                Integer.toString(carriers(server, Runtime.getRuntime().availableProcessors())));
    }

    /**
     * A call into DuckDB (native code) pins the carrier thread of the virtual thread making it, and virtual threads
     * are not time-sliced: with fewer carriers than queries that may run at once, fast streams held every carrier and
     * short requests waited seconds (measured by the soak suite: 8 carriers, 16 streams). One carrier per query the
     * lanes admit (and the readiness check), plus as many as before for the request threads, keeps some free.
     */
    static int carriers(DataForge server, int cores) {
        int queriesAtOnce = Math.max(0, server.maxStreams) + Math.max(0, server.maxShortQueries) + 1;
        return queriesAtOnce + Math.max(8, 2 * cores);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
