package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RateLimiter limiter = new RateLimiter(2, 3, now::get);

    @Test
    void letsABurstThroughThenRefillsAtTheRate() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.take("etl"));
        }
        assertEquals(Duration.ofMillis(500), limiter.take("etl"));
        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertEquals(Duration.ofMillis(250), limiter.take("etl"));
        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertEquals(Duration.ZERO, limiter.take("etl"));
        assertEquals(Duration.ofMillis(500), limiter.take("etl"));
    }

    @Test
    void eachCallerHasABucketOfItsOwnThatNeverHoldsMoreThanTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.take("etl");
        }
        assertEquals(Duration.ZERO, limiter.take("10.0.0.7"));
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.take("etl"));
        }
        assertEquals(Duration.ofMillis(500), limiter.take("etl"));
    }

    @Test
    void offLetsEverythingThrough() {
        for (int i = 0; i < 1000; i++) {
            assertEquals(Duration.ZERO, RateLimiter.OFF.take("anyone"));
        }
    }
}
