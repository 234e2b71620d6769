package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.infrastructure.admission.Admission;
import com.dataforge.infrastructure.admission.Lane;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the requests of the bulk lane in flight: each holds a DuckDB connection, a core and memory for as long as
 * its client takes. One beyond the bound waits up to {@code wait}, then gets a 503 with Retry-After. The other lanes
 * are admitted at once.
 */
public final class BulkAdmission implements Admission {

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

    @Override
    public Place enter(Lane lane, String caller) throws InterruptedException {
        if (lane != Lane.BULK || limit == 0) {
            return Place.FREE;
        }
        if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new ServiceUnavailableException(limit + " bulk operations are in flight, the most this server"
                    + " runs at once, and none ended within " + wait.toMillis() + " ms; retry shortly",
                    Duration.ofSeconds(1), null);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.getAndSet(false)) {
                permits.release();
            }
        };
    }

    @Override
    public String toString() {
        return limit == 0 ? "unbounded" : Integer.toString(limit);
    }
}
