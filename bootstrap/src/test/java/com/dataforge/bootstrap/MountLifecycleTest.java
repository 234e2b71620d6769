package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mounting and closing: the application's server outlives Data Forge, a request still running at close is ended
 * within the grace period, and a base path or server that cannot work is refused before anything is opened.
 */
class MountLifecycleTest {

    @TempDir
    Path directory;
    Path schemas;
    HttpServer host;

    @BeforeEach
    void startHost() throws IOException {
        schemas = TestDatabase.schemas(directory);
        host = MountTest.hostServer();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.stop(0);
    }

    private DataForge dataForge() {
        return DataForge.builder().inMemoryDatabase().schemas(schemas).demoRows(0);
    }

    @Test
    void closingUnmountsAndLeavesTheApplicationsServerServing() throws Exception {
        DataForgeMount mount = dataForge().mount(host, "/data");
        HttpArrowClient client = new HttpArrowClient(MountTest.uri(host));
        assertEquals(200, client.status("/data/api/v1/schemas"));

        mount.close();

        assertEquals("the host's own root", MountTest.text(client.get("/data/api/v1/schemas")),
                "the context is gone, so the application's catch-all answers");
        assertEquals("hello from the host", MountTest.text(client.get("/hello")));
        TestServer.assertNothingHeld(mount::counters);
        // The same base path can be mounted again, so nothing of the first mount is left in the server.
        try (DataForgeMount again = dataForge().mount(host, "/data")) {
            assertEquals(200, client.status("/data/health"));
        }
    }

    /**
     * A client that stops reading a stream would hold its DuckDB connection until the stall timeout (a minute); the
     * application's server is not ours to stop, so closing cuts the request off itself once the grace is over.
     */
    @Test
    void closingCutsOffAStreamStillRunningAfterTheGracePeriod() throws Exception {
        DataForgeMount mount = dataForge().demoRows(200_000).shutdownGrace(Duration.ofSeconds(1)).mount(host, "/data");
        URI base = URI.create(MountTest.uri(host) + "/data");
        try (StalledBulkRead stalled = new StalledBulkRead(base, "well_production")) {
            Await.until(() -> mount.counters().connectionsInUse() == 1, Duration.ofSeconds(10),
                    "the stalled read holds its connection");

            mount.close();

            assertTrue(stalled.cutOff(), "the stalled read was ended");
            TestServer.assertNothingHeld(mount::counters);
        }
        assertEquals("hello from the host", MountTest.text(new HttpArrowClient(MountTest.uri(host)).get("/hello")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "/data/", "/", "", "/da ta", "/a/../b", "/a//b", "/data?x=1"})
    void aBasePathThatIsNotAPlainPathIsRefused(String basePath) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> dataForge().mount(host, basePath));
        assertTrue(refused.getMessage().startsWith("base path '" + basePath + "' is not a path such as /data"),
                refused.getMessage());
    }

    @Test
    void aBasePathTheApplicationAlreadyServesIsRefused() {
        try (DataForgeMount first = dataForge().mount(host, "/data")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> dataForge().mount(host, "/data"));
            assertEquals("the host's server already has a context at /data/", refused.getMessage());
        }
    }

    @Test
    void aServerOnEveryAddressNeedsKeysOrInsecure() throws IOException {
        HttpServer open = HttpServer.create(new InetSocketAddress(0), 0);
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> dataForge().mount(open, "/data"));
            assertTrue(refused.getMessage().contains("without API keys"), refused.getMessage());
            dataForge().insecure(true).mount(open, "/data").close();
        } finally {
            open.stop(0);
        }
    }

    /** TLS of a mounted API is the application's server's: the builder's would be silently unused. */
    @Test
    void tlsIsRefusedWhenMountedForItIsTheApplicationServersOwn() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> dataForge().tls(SSLContext.getDefault()).mount(host, "/data"));
        assertTrue(refused.getMessage().startsWith("tls(...) and the TLS files apply to a server Data Forge starts on"
                + " its own port"), refused.getMessage());
        // Refused before anything was mounted: the base path is still free.
        dataForge().mount(host, "/data").close();
    }

    @Test
    void anUnboundServerIsRefused() throws IOException {
        HttpServer unbound = HttpServer.create();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> dataForge().mount(unbound, "/data"));
        assertTrue(refused.getMessage().startsWith("the server to mount Data Forge in is not bound"),
                refused.getMessage());
    }
}
