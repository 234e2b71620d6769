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

    /** Sets {@code fromOptions}, then the defaults not already set; call before any server or virtual thread. */
    public static void apply(Map<String, String> fromOptions) {
        fromOptions.forEach(System::setProperty);
        // Small responses (problems, records) would otherwise wait for Nagle's algorithm.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // A call into DuckDB (native code) pins the carrier thread of the virtual thread making it. More carriers
        // than cores keep concurrent queries from starving the HTTP request threads.
        setIfAbsent("jdk.virtualThreadScheduler.parallelism",
                Integer.toString(Math.max(8, 2 * Runtime.getRuntime().availableProcessors())));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
