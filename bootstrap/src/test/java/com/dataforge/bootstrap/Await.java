package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting, bounded, for something another thread or the server does a moment after the client sees its answer. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every 20 ms and fails the test, naming {@code what}, once {@code limit} has passed. */
    public static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
