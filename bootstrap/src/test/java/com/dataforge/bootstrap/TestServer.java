package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for a test class: on an ephemeral loopback port, over a real DuckDB file in a directory of its own
 * that holds the test schema files. Registered on a static field it serves the whole class; on an instance field,
 * one test, started by the extension or by the test itself ({@link #start(Settings)}) when each test needs other
 * settings. After every test it checks that the server holds nothing ({@link #assertNothingHeld}) and that the
 * test closed what it read with {@link #allocator()}; a server that serves one test is closed then, a class's after
 * its last test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.started().seed("INSERT INTO numbers VALUES (1, 1, 'one')");
 * }</pre>
 */
public final class TestServer implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** The server's settings, from the defaults this fixture gives and its directory (for key or certificate files). */
    @FunctionalInterface
    public interface Settings {
        DataForge apply(DataForge defaults, Path directory) throws IOException;
    }

    private final boolean startsByItself;
    private final Settings settings;
    private final Map<String, String> extraSchemas = new LinkedHashMap<>();
    private final List<String> seed = new ArrayList<>();
    /** The client side's Arrow memory: read tables are the test's to close, so none may be left after a test. */
    private final BufferAllocator clientMemory = new RootAllocator();
    private SSLContext trust;
    private boolean perClass;
    private Path directory;
    private DataForgeServer server;
    private HttpArrowClient client;

    private TestServer(boolean startsByItself, Settings settings) {
        this.startsByItself = startsByItself;
        this.settings = settings;
    }

    /** Started before the tests, with the defaults: demo rows off, port 0, the test schemas, a database file. */
    public static TestServer started() {
        return started((defaults, directory) -> defaults);
    }

    /** Started before the tests, with the defaults changed by {@code settings}. */
    public static TestServer started(Settings settings) {
        return new TestServer(true, settings);
    }

    /** Started by each test with the settings it needs ({@link #start(Settings)}); only on an instance field. */
    public static TestServer startedByEachTest() {
        return new TestServer(false, (defaults, directory) -> defaults);
    }

    /**
     * Rows put in by SQL, independent of the endpoints under test: the server is started once to create the tables
     * from the schema files, closed, the statements run on its file, and then started again to serve.
     */
    public TestServer seed(String... statements) {
        seed.addAll(List.of(statements));
        return this;
    }

    /** A schema file beside the test schemas, named {@code fileName}. */
    public TestServer schema(String fileName, String json) {
        extraSchemas.put(fileName, json);
        return this;
    }

    /** The client trusts this TLS context (for a server given a certificate of the tests' own). */
    public TestServer clientTrusting(SSLContext context) {
        trust = context;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            assertEquals(0, clientMemory.getAllocatedMemory(), "the test's client still holds Arrow memory");
            if (server != null) {
                assertNothingHeld(server);
            }
        } finally {
            if (!perClass) {
                close();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server of this test with the defaults changed by {@code changes}. */
    public DataForgeServer start(Settings changes) {
        if (server != null) {
            throw new IllegalStateException("this test's server has been started already");
        }
        try {
            launch(changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    public DataForgeServer server() {
        return server;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public URI baseUri() {
        return server.baseUri();
    }

    public ResourceCounters counters() {
        return server.counters();
    }

    /** A client of this fixture's server, whichever is running when it sends; may be taken before it starts. */
    public HttpArrowClient client() {
        if (client == null) {
            client = new HttpArrowClient(this::baseUri, trust == null ? HttpClient.newHttpClient()
                    : HttpClient.newBuilder().sslContext(trust).build());
        }
        return client;
    }

    /** An allocator for what the test reads: it must have given back every byte when the test ends. */
    public BufferAllocator allocator() {
        return clientMemory;
    }

    /** The schema files' directory: the test schemas and those {@link #schema} added. */
    public Path schemas() {
        return directory.resolve("schemas");
    }

    /** This server's own directory: {@code schemas/} and the database file are in it. */
    public Path directory() {
        return directory;
    }

    /** The database file the server has open. */
    public Path database() {
        return directory.resolve("test.duckdb");
    }

    /** {@link #assertNothingHeld(DataForgeServer)} for this fixture's server. */
    public void assertNothingHeld() throws InterruptedException {
        assertNothingHeld(server);
    }

    /**
     * Every connection back in its pool, every lane place given back and no Arrow memory held. The client has a
     * response's last byte a moment before the server's handler has closed the read behind it, so the server is
     * given time to settle.
     */
    public static void assertNothingHeld(DataForgeServer server) throws InterruptedException {
        Await.until(() -> server.lanePlacesInUse() == 0, Duration.ofSeconds(10), "lane places given back");
        assertNothingHeld(server::counters);
    }

    /** The same for a server whose lanes are not the test's to see (a mount): connections and Arrow memory. */
    public static void assertNothingHeld(Supplier<ResourceCounters> counters) throws InterruptedException {
        Await.until(() -> counters.get().connectionsInUse() == 0, Duration.ofSeconds(10),
                "connections returned after the request");
        assertEquals(0, counters.get().arrowBytes(), "Arrow memory still held after the request");
    }

    private void open() throws IOException {
        directory = Files.createTempDirectory("dataforge-test");
        Path schemas = TestDatabase.schemas(directory);
        for (Map.Entry<String, String> schema : extraSchemas.entrySet()) {
            Files.writeString(schemas.resolve(schema.getKey()), schema.getValue());
        }
        if (startsByItself) {
            launch(settings);
        }
    }

    private void launch(Settings changes) throws IOException {
        DataForge configured = changes.apply(DataForge.builder().demoRows(0).port(0)
                .schemas(schemas()).database(database()), directory);
        if (!seed.isEmpty()) {
            configured.start().close();
            TestDatabase.execute(database(), seed.toArray(String[]::new));
        }
        server = configured.start();
    }

    private void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            clientMemory.close();
            deleteDirectory();
        }
    }

    private void deleteDirectory() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the test server's directory " + directory, e);
        } finally {
            directory = null;
        }
    }
}
