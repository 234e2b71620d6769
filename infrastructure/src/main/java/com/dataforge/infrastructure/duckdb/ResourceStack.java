package com.dataforge.infrastructure.duckdb;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources opened one after another and closed in reverse order, each close attempted even if an earlier one
 * failed. DuckDB's Arrow bridge needs exactly that order: reader, result set, connection, allocator.
 */
final class ResourceStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceStack.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    <T extends AutoCloseable> T push(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                // An allocator closed with bytes outstanding lands here: that is a leak in our code, worth an ERROR.
                LOG.error("closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
