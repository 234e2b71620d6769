package com.dataforge.infrastructure.duckdb.pool;

/**
 * A borrow held past the leak threshold.
 *
 * @param borrowedHere its stack trace is where the connection was borrowed
 */
record LeakReport(String pool, String thread, long heldMillis, long thresholdMillis, Exception borrowedHere) {
}
