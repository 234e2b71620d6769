package com.dataforge.bootstrap;

import com.dataforge.infrastructure.http.HttpApi;
import com.dataforge.infrastructure.http.Router;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Where a server answers: on a port of its own, or under a base path of the application's own HTTP server. */
sealed interface Placement {

    /** The address clients reach it on, which decides whether it may serve without API keys. */
    InetAddress address();

    /** Where the API's paths begin: empty on a port of its own. */
    String basePath();

    /** Refuses, before the database is touched, a placement that cannot work: a busy port, a bad base path. */
    void requireAvailable();

    HttpApi serve(Router router, Duration shutdownGrace);

    record OwnPort(String host, int port) implements Placement {

        @Override
        public InetAddress address() {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("host '" + host + "' does not resolve", e);
            }
        }

        @Override
        public String basePath() {
            return "";
        }

        @Override
        public void requireAvailable() {
            HttpApi.requireFree(new InetSocketAddress(host, port));
        }

        @Override
        public HttpApi serve(Router router, Duration shutdownGrace) {
            return HttpApi.start(new InetSocketAddress(host, port), router, shutdownGrace);
        }
    }

    record Mounted(HttpServer server, String basePath) implements Placement {

        /** @throws IllegalStateException if the server is not bound yet */
        @Override
        public InetAddress address() {
            InetSocketAddress bound = server.getAddress();
            if (bound == null) {
                throw new IllegalStateException("the server to mount Data Forge in is not bound to an address yet;"
                        + " bind it first (HttpServer.create(address, 0)): its address decides whether Data Forge"
                        + " may serve without API keys");
            }
            return bound.getAddress();
        }

        /** The base path's shape; whether the server has a context there is found when the context is made. */
        @Override
        public void requireAvailable() {
            HttpApi.requireBasePath(basePath);
        }

        @Override
        public HttpApi serve(Router router, Duration shutdownGrace) {
            return HttpApi.mount(server, basePath, router, shutdownGrace);
        }
    }
}
