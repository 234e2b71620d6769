package com.dataforge.bootstrap;

import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.metrics.Metrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import org.apache.arrow.memory.BufferAllocator;

/** The gauges read at each scrape (the pool, Arrow memory, the JVM) and the pool's acquire-wait histogram. */
final class ServerGauges {

    private static final double[] ACQUIRE_WAIT_SECONDS = {0.0001, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30};

    private ServerGauges() {
    }

    static void register(Metrics metrics, ConnectionPool pool, BufferAllocator allocator) {
        metrics.gauge("dataforge_pool_size", "Most DuckDB connections the pool lends at once",
                () -> pool.stats().maxSize());
        metrics.gauge("dataforge_pool_active", "DuckDB connections lent out now", () -> pool.stats().active());
        metrics.gauge("dataforge_pool_idle", "Open DuckDB connections waiting to be lent", () -> pool.stats().idle());
        metrics.gauge("dataforge_pool_waiting", "Requests waiting for a DuckDB connection",
                () -> pool.stats().waiting());
        metrics.counter("dataforge_pool_acquired_total", "Connections lent since start",
                () -> pool.stats().totalAcquired());
        metrics.counter("dataforge_pool_acquire_timeouts_total", "Borrows that gave up after the acquire timeout",
                () -> pool.stats().totalTimeouts());
        Metrics.Histogram acquireWait = metrics.histogram("dataforge_pool_acquire_wait_seconds", "How long borrows"
                + " waited for a DuckDB connection", ACQUIRE_WAIT_SECONDS);
        pool.observeAcquireWait(nanos -> acquireWait.observe(nanos / 1e9));
        metrics.gauge("dataforge_pool_acquire_wait_max_seconds", "The longest wait for a connection since start",
                () -> pool.stats().acquireWaitNanosMax() / 1e9);
        metrics.gauge("dataforge_arrow_allocated_bytes", "Arrow memory held by reads and uploads in flight",
                allocator::getAllocatedMemory);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        metrics.gauge("jvm_memory_heap_used_bytes", "Java heap in use", () -> memory.getHeapMemoryUsage().getUsed());
        metrics.gauge("jvm_memory_heap_committed_bytes", "Java heap committed",
                () -> memory.getHeapMemoryUsage().getCommitted());
        metrics.gauge("jvm_memory_heap_max_bytes", "Java heap limit (-Xmx)",
                () -> memory.getHeapMemoryUsage().getMax());
        metrics.gauge("jvm_memory_nonheap_used_bytes", "Non-heap memory in use (metaspace, code cache)",
                () -> memory.getNonHeapMemoryUsage().getUsed());
        metrics.gauge("jvm_memory_nonheap_committed_bytes", "Non-heap memory committed",
                () -> memory.getNonHeapMemoryUsage().getCommitted());
        metrics.gauge("jvm_memory_nonheap_max_bytes", "Non-heap memory limit; -1 when the JVM sets none",
                () -> memory.getNonHeapMemoryUsage().getMax());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        metrics.gauge("jvm_threads_live", "Live platform threads; virtual threads (one per request) are not counted",
                threads::getThreadCount);
        metrics.gauge("jvm_threads_daemon", "Live daemon platform threads; virtual threads are not counted",
                threads::getDaemonThreadCount);
        metrics.gauge("jvm_threads_peak", "Most live platform threads since start; virtual threads are not counted",
                threads::getPeakThreadCount);
    }
}
