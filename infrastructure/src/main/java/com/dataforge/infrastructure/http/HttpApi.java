package com.dataforge.infrastructure.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: one virtual thread per exchange, every path handed to the {@link Router}; HTTPS only when it is
 * given TLS. (The JDK's HTTPS server does each connection's handshake on that connection's exchange thread.)
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlightRequests inFlight;
    private final Duration shutdownGrace;

    private HttpApi(HttpServer server, ExecutorService executor, InFlightRequests inFlight, Duration shutdownGrace) {
        this.server = server;
        this.executor = executor;
        this.inFlight = inFlight;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Binds and starts serving.
     *
     * @param shutdownGrace how long {@link #close()} lets in-flight exchanges finish
     * @param https TLS for every connection; empty serves plain HTTP
     */
    public static HttpApi start(InetSocketAddress address, Router router, Duration shutdownGrace,
            Optional<HttpsConfigurator> https) {
        // Read once by the JDK when its first server is created: small Arrow frames must not wait for Nagle.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server;
            if (https.isPresent()) {
                HttpsServer tls = HttpsServer.create(address, 0);
                tls.setHttpsConfigurator(https.get());
                server = tls;
            } else {
                server = HttpServer.create(address, 0);
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", router);
            server.start();
            return new HttpApi(server, executor, router.inFlight(), shutdownGrace);
        } catch (IOException e) {
            throw cannotListen(address, e);
        }
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

    /** {@code https} or {@code http}. */
    public String scheme() {
        return server instanceof HttpsServer ? "https" : "http";
    }

    /**
     * Stops accepting connections, waits up to the grace period for the requests in flight, then closes every
     * connection.
     */
    @Override
    public void close() {
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
}
