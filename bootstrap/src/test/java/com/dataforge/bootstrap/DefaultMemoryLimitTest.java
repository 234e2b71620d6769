package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DefaultMemoryLimitTest {

    @Test
    void halfOfPhysicalMemoryInWholeMebibytes() {
        assertEquals("12288MiB", DefaultMemoryLimit.of(24L << 30));
        assertEquals("12006MiB", DefaultMemoryLimit.of(25_180_000_000L));
    }

    @Test
    void neverZeroWhichDuckDbWouldTakeAsNoMemoryAtAll() {
        assertEquals("1MiB", DefaultMemoryLimit.of(1L << 20));
    }
}
