package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.ServiceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the bulk reads and inserts in flight: each holds a DuckDB connection, a core and memory for as long as its
 * client takes. One beyond the bound waits up to {@code wait}, then gets a 503 with Retry-After.
 */
public final class BulkAdmission {

    public static final BulkAdmission UNBOUNDED = new BulkAdmission(0, Duration.ZERO);

    private final int limit;
    private final Semaphore permits;
    private final Duration wait;

    /** @param limit bulk operations at once, 0 for no bound */
    public BulkAdmission(int limit, Duration wait) {
        this.limit = limit;
        this.permits = new Semaphore(Math.max(limit, 1), true);
        this.wait = wait;
    }

    /** Runs {@code operation} once a place is free. */
    void run(Endpoint operation, ApiExchange exchange) throws IOException {
        if (limit == 0) {
            operation.handle(exchange);
            return;
        }
        boolean admitted;
        try {
            admitted = permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a bulk operation to end", e);
        }
        if (!admitted) {
            throw new ServiceUnavailableException(limit + " bulk operations are in flight, the most this server"
                    + " runs at once, and none ended within " + wait.toMillis() + " ms; retry shortly",
                    Duration.ofSeconds(1), null);
        }
        try {
            operation.handle(exchange);
        } finally {
            permits.release();
        }
    }

    @Override
    public String toString() {
        return limit == 0 ? "unbounded" : Integer.toString(limit);
    }
}
