package com.dataforge.infrastructure.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: a server of its own, one virtual thread per exchange, every path handed to the {@link Router}; or
 * a context mounted in another application's server, every path under its base path handed to the router.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** One or more segments of characters that need no encoding in a path, none of them "." or "..". */
    private static final Pattern BASE_PATH = Pattern.compile("(/(?!\\.\\.?(?:/|$))[A-Za-z0-9._~-]+)+");

    private final HttpServer server;
    /** Null for a server of its own, which owns its executor. */
    private final HttpContext mounted;
    private final ExecutorService executor;
    private final Router router;
    private final Duration shutdownGrace;

    private HttpApi(HttpServer server, HttpContext mounted, ExecutorService executor, Router router,
            Duration shutdownGrace) {
        this.server = server;
        this.mounted = mounted;
        this.executor = executor;
        this.router = router;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Binds and starts serving.
     *
     * @param shutdownGrace how long {@link #close()} lets in-flight exchanges finish
     */
    public static HttpApi start(InetSocketAddress address, Router router, Duration shutdownGrace) {
        // Read once by the JDK when its first server is created: small Arrow frames must not wait for Nagle.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server = HttpServer.create(address, 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", router);
            server.start();
            return new HttpApi(server, null, executor, router, shutdownGrace);
        } catch (IOException e) {
            throw cannotListen(address, e);
        }
    }

    /**
     * Serves under {@code basePath} of an application's own server, which stays the application's: its executor
     * runs the exchanges, its JVM-wide settings are left alone, and {@link #close()} removes only this context.
     *
     * @param basePath where the API's paths begin, e.g. {@code /data}: {@code /data/api/v1/schemas}, {@code
     *     /data/health}; other paths of the server, {@code /database} included, stay the application's
     * @param shutdownGrace how long {@link #close()} lets in-flight exchanges finish before cutting them off
     * @throws IllegalArgumentException if {@code basePath} is not a plain path or the server has a context there
     */
    public static HttpApi mount(HttpServer host, String basePath, Router router, Duration shutdownGrace) {
        requireBasePath(basePath);
        HttpContext context;
        try {
            // With the slash, the context takes /data/... only: the JDK matches contexts by string prefix.
            context = host.createContext(basePath + "/", warnOnceWithoutExecutor(host, basePath, router));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the host's server already has a context at " + basePath + "/", e);
        }
        return new HttpApi(host, context, null, router, shutdownGrace);
    }

    /**
     * Refuses a base path that {@link #mount} would not take, so that start-up can refuse it before it opens or
     * changes anything else.
     *
     * @throws IllegalArgumentException saying what a base path must be
     */
    public static void requireBasePath(String basePath) {
        if (!BASE_PATH.matcher(basePath).matches()) {
            throw new IllegalArgumentException("base path '" + basePath + "' is not a path such as /data: give one or"
                    + " more segments, each a '/' and letters, digits or -._~, with no '/' at the end");
        }
    }

    /**
     * A server without an executor runs every exchange on its one dispatcher thread, where a single stream would
     * hold up every request of the application; said once, at the first request, when the executor is settled.
     */
    private static HttpHandler warnOnceWithoutExecutor(HttpServer host, String basePath, Router router) {
        AtomicBoolean checked = new AtomicBoolean();
        return exchange -> {
            if (!checked.getAndSet(true) && host.getExecutor() == null) {
                LOG.warn("the server Data Forge is mounted in at {} has no executor, so one stream holds up every"
                        + " request of that server; give it one before it starts, e.g."
                        + " server.setExecutor(Executors.newVirtualThreadPerTaskExecutor())", basePath);
            }
            router.handle(exchange);
        };
    }

    /**
     * Binds {@code address} for a moment and lets it go, so that start-up can refuse a busy port before it opens or
     * changes anything else. (Another process could still take the port before {@link #start}, which then fails the
     * same way.) With port 0 this checks only the address.
     *
     * @throws UncheckedIOException in one line: the port and address, what is wrong, and what to do
     */
    public static void requireFree(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new UncheckedIOException("cannot listen on " + address.getHostString() + ": the host does not"
                    + " resolve; give --host (DATAFORGE_HOST) an address of this machine",
                    new UnknownHostException(address.getHostString()));
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(address);
        } catch (IOException e) {
            throw cannotListen(address, e);
        }
    }

    private static UncheckedIOException cannotListen(InetSocketAddress address, IOException failure) {
        String port = "port " + address.getPort() + " on " + address.getHostString();
        String reason = failure.getMessage() == null ? "" : failure.getMessage();
        if (reason.contains("in use")) {
            return new UncheckedIOException(port + " is in use by another process; stop it, or give --port"
                    + " (DATAFORGE_PORT) another port (0 picks a free one)", failure);
        }
        if (reason.contains("assign requested address")) {
            return new UncheckedIOException("cannot listen on " + port + ": " + address.getHostString() + " is not"
                    + " an address of this machine; give --host (DATAFORGE_HOST) one of its addresses, or 0.0.0.0"
                    + " for all", failure);
        }
        return new UncheckedIOException("cannot listen on " + port + ": " + reason, failure);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * A server of its own stops accepting connections, waits up to the grace period for the requests in flight,
     * then closes every connection. A mounted one takes its context out of the application's server, so that no
     * new request reaches it, waits the same, then cuts off what is left; the application's server keeps serving.
     */
    @Override
    public void close() {
        InFlightRequests inFlight = router.inFlight();
        if (mounted != null) {
            unmount(inFlight);
            return;
        }
        LOG.info("http server stopping in_flight={} grace_s={}", inFlight.count(), shutdownGrace.toSeconds());
        // stop() closes the listener at once, then waits for the JDK's count of exchanges, which never drops for an
        // aborted one; interrupting it as soon as our own count is zero ends that wait early.
        Thread stopping = Thread.ofPlatform().name("http-stop").start(
                () -> server.stop((int) Math.min(Integer.MAX_VALUE, Math.max(1, shutdownGrace.toSeconds()))));
        try {
            if (!inFlight.awaitNone(shutdownGrace)) {
                LOG.warn("{} requests still running after the {} s grace period; closing their connections",
                        inFlight.count(), shutdownGrace.toSeconds());
            }
            stopping.interrupt();
            stopping.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private void unmount(InFlightRequests inFlight) {
        LOG.info("unmounting from {} in_flight={} grace_s={}", mounted.getPath(), inFlight.count(),
                shutdownGrace.toSeconds());
        server.removeContext(mounted);
        try {
            if (!inFlight.awaitNone(shutdownGrace)) {
                int cut = router.cutOffInFlight("Data Forge was closed by its application, and this request was"
                        + " still running after the " + shutdownGrace.toSeconds() + " s grace period");
                LOG.warn("{} requests still running after the {} s grace period; cutting them off at their next"
                        + " write or read", cut, shutdownGrace.toSeconds());
                // A request that was cut unwinds at its next socket call and gives back what it holds.
                if (!inFlight.awaitNone(shutdownGrace)) {
                    LOG.warn("{} requests are still in DuckDB; their connections close as each returns",
                            inFlight.count());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
