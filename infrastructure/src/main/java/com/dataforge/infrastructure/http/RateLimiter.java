package com.dataforge.infrastructure.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (a key's name, or the client's address when anonymous): {@code burst} requests at
 * once, refilled at {@code perSecond}. A caller past it waits the returned time, told by a 429 with Retry-After.
 */
public final class RateLimiter {

    /** Every request passes. */
    public static final RateLimiter OFF = new RateLimiter(0, 0, System::nanoTime);

    /** Beyond this many callers, idle ones (their buckets full again) are forgotten. */
    private static final int MAX_TRACKED = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst, LongSupplier clock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
    }

    /**
     * @param perSecond sustained requests per second per caller, 0 for no limit
     * @param burst the most requests at once; at least 1
     */
    public static RateLimiter of(double perSecond, int burst) {
        if (perSecond <= 0) {
            return OFF;
        }
        if (burst < 1) {
            throw new IllegalArgumentException("a rate limit's burst must be at least 1, got " + burst);
        }
        return new RateLimiter(perSecond, burst, System::nanoTime);
    }

    boolean enabled() {
        return perNano > 0;
    }

    /** @return zero if {@code caller} may go now, else how long until it may */
    Duration take(String caller) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        long now = clock.getAsLong();
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(caller, c -> new Bucket(now)).take(now);
    }

    @Override
    public String toString() {
        return enabled() ? String.format("%.3g/s burst %.0f", perNano * 1e9, burst) : "off";
    }

    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        synchronized Duration take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
