package com.dataforge.bootstrap;

/**
 * Data Forge mounted in the application's own HTTP server. Closing it takes its paths out of that server, lets the
 * requests in flight finish (for up to the shutdown grace, then cuts them off), gives back every connection and
 * closes the database it opened, or its own connections to the application's database; the application's server,
 * connection and database stay open.
 */
public final class DataForgeMount implements AutoCloseable {

    private final Container container;
    private final String basePath;

    DataForgeMount(Container container, String basePath) {
        this.container = container;
        this.basePath = basePath;
    }

    /** Where Data Forge's paths begin, e.g. {@code /data}. */
    public String basePath() {
        return basePath;
    }

    /** What Data Forge holds right now; everything but idle connections is zero when no request is running. */
    public ResourceCounters counters() {
        return container.counters();
    }

    @Override
    public void close() {
        container.close();
    }
}
