package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that embeds Data Forge owns its JVM: starting and closing a server sets none of the system
 * properties that the JDK reads once per JVM (the HTTP server's limits, the virtual-thread scheduler).
 */
class EmbeddingLeavesTheJvmAloneTest {

    @TempDir
    Path directory;

    @Test
    void startingAServerSetsNoJvmWideProperty() {
        Map<String, String> before = jvmWide();
        try (DataForgeServer server = DataForge.builder().port(0).inMemoryDatabase().demoRows(0)
                .schemas(TestDatabase.schemas(directory)).start()) {
            assertEquals(before, jvmWide());
        }
        assertEquals(before, jvmWide());
    }

    private static Map<String, String> jvmWide() {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith("sun.net.httpserver.") || name.startsWith("jdk.virtualThreadScheduler.")) {
                properties.put(name, value.toString());
            }
        });
        return properties;
    }
}
