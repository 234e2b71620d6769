package com.dataforge.bootstrap;

import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import com.dataforge.infrastructure.http.StallWatchdog;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.Lanes;
import com.dataforge.infrastructure.metrics.Metrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The gauges read at each scrape (the lanes, the connection pools, Arrow memory, the JVM) and the pools'
 * acquire-wait histogram. The {@code dataforge_pool_*} figures add up every DuckDB connection: both lanes' and the
 * readiness check's.
 */
final class ServerGauges {

    private static final double[] ACQUIRE_WAIT_SECONDS = {0.0001, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30};

    private ServerGauges() {
    }

    static void register(Metrics metrics, Lanes lanes, ConnectionPool readyPool, BufferAllocator allocator,
            StallWatchdog watchdog) {
        registerLanes(metrics, lanes, watchdog);
        Supplier<PoolStats> pool = () -> lanes.connections().plus(readyPool.stats());
        metrics.gauge("dataforge_pool_size", "Most DuckDB connections the pool lends at once",
                () -> pool.get().maxSize());
        metrics.gauge("dataforge_pool_active", "DuckDB connections lent out now", () -> pool.get().active());
        metrics.gauge("dataforge_pool_idle", "Open DuckDB connections waiting to be lent", () -> pool.get().idle());
        metrics.gauge("dataforge_pool_waiting", "Requests waiting for a DuckDB connection",
                () -> pool.get().waiting());
        metrics.counter("dataforge_pool_acquired_total", "Connections lent since start",
                () -> pool.get().totalAcquired());
        metrics.counter("dataforge_pool_acquire_timeouts_total", "Borrows that gave up after the acquire timeout",
                () -> pool.get().totalTimeouts());
        Metrics.Histogram acquireWait = metrics.histogram("dataforge_pool_acquire_wait_seconds", "How long borrows"
                + " waited for a DuckDB connection", ACQUIRE_WAIT_SECONDS);
        lanes.observeAcquireWait(nanos -> acquireWait.observe(nanos / 1e9));
        readyPool.observeAcquireWait(nanos -> acquireWait.observe(nanos / 1e9));
        metrics.gauge("dataforge_pool_acquire_wait_max_seconds", "The longest wait for a connection since start",
                () -> pool.get().acquireWaitNanosMax() / 1e9);
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

    private static void registerLanes(Metrics metrics, Lanes lanes, StallWatchdog watchdog) {
        Metrics.Sampled size = metrics.gauges("dataforge_lane_size", "Most requests a lane runs at once: its DuckDB"
                + " connections", "lane");
        Metrics.Sampled inUse = metrics.gauges("dataforge_lane_in_use", "Of those, taken now", "lane");
        Metrics.Sampled waiting = metrics.gauges("dataforge_lane_waiting", "Requests waiting for a place or"
                + " connection of their lane", "lane");
        Metrics.Sampled timeouts = metrics.counters("dataforge_lane_timeouts_total", "Requests refused (503)"
                + " because their lane had nothing free within its wait, or its queue was full", "lane");
        Metrics.Sampled perClient = metrics.counters("dataforge_lane_refused_per_client_total", "Requests refused"
                + " (503) because their client already had as many of the lane's places as one client may", "lane");
        for (Lane lane : Lane.querying()) {
            size.add(() -> lanes.stats(lane).size(), lane.label());
            inUse.add(() -> lanes.stats(lane).inUse(), lane.label());
            waiting.add(() -> lanes.stats(lane).waiting(), lane.label());
            timeouts.add(() -> lanes.stats(lane).timeouts(), lane.label());
            perClient.add(() -> lanes.stats(lane).refusedPerCaller(), lane.label());
        }
        metrics.counter("dataforge_stalled_clients_cut_off_total", "Requests whose client left a socket write or"
                + " read blocked past the stall timeout, cut off to free their place and connection",
                watchdog::cutOff);
    }
}
