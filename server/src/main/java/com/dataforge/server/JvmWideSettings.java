package com.dataforge.server;

import java.util.Map;

/**
 * System properties that the JDK reads once per JVM, which only a process that owns its JVM may set: the limits of
 * the JDK's HTTP server from the options, TCP_NODELAY for it, and enough carrier threads for virtual threads that
 * DuckDB pins. A property already given on the command line ({@code -D}) is kept, except those the options set.
 */
final class JvmWideSettings {

    private JvmWideSettings() {
    }

    static void apply(Map<String, String> fromOptions) {
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
