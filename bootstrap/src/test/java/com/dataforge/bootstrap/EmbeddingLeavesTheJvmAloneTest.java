package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that embeds Data Forge owns its JVM: starting and closing a server, or mounting one in the
 * application's server, sets none of the system properties that the JDK reads once per JVM (the HTTP server's limits,
 * TCP_NODELAY, the virtual-thread scheduler).
 */
class EmbeddingLeavesTheJvmAloneTest {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

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

    /**
     * The tests' JVM sets TCP_NODELAY on its command line, as the service does; it is taken away here, so that a
     * mount that set it would show.
     */
    @Test
    void mountingInAnApplicationsServerSetsNoJvmWideProperty() throws IOException {
        String nodelay = System.clearProperty(NODELAY);
        try {
            Map<String, String> before = jvmWide();
            HttpServer host = MountTest.hostServer();
            try (DataForgeMount mount = DataForge.builder().inMemoryDatabase().demoRows(0)
                    .schemas(TestDatabase.schemas(directory)).mount(host, "/data")) {
                host.start();
                assertEquals(200, new HttpArrowClient(MountTest.uri(host)).status("/data/health"));
                assertEquals(before, jvmWide());
            } finally {
                host.stop(0);
            }
            assertEquals(before, jvmWide());
        } finally {
            if (nodelay != null) {
                System.setProperty(NODELAY, nodelay);
            }
        }
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
