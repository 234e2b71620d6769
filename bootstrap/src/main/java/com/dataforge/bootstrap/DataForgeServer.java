package com.dataforge.bootstrap;

import java.net.InetSocketAddress;
import java.net.URI;

/** A running server. Closing it stops serving, lets in-flight requests finish, and closes the database. */
public final class DataForgeServer implements AutoCloseable {

    private final Container container;

    DataForgeServer(Container container) {
        this.container = container;
    }

    public InetSocketAddress address() {
        return container.address();
    }

    /** For example {@code http://127.0.0.1:8080}, or {@code https://127.0.0.1:8443} with TLS. */
    public URI baseUri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return URI.create(container.scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + address.getPort());
    }

    /** What the server holds right now; everything but idle connections is zero when no request is running. */
    public ResourceCounters counters() {
        return container.counters();
    }

    /** For the tests' nothing-held check: lanes are not part of the embedding API's counters. */
    int lanePlacesInUse() {
        return container.lanePlacesInUse();
    }

    @Override
    public void close() {
        container.close();
    }
}
