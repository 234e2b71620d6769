package com.dataforge.bootstrap;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * DuckDB's memory_limit when none is given: half of the machine's physical memory, or of the container's limit where
 * the JVM sees one. DuckDB's own default, 80%, leaves too little beside the JVM's heap (a quarter of memory by
 * default) and the Arrow buffers of reads and uploads, so the process could be killed by the system instead of the
 * query failing. The limit covers what DuckDB's buffer manager holds (sorts, hash tables, results, table blocks),
 * not the parser's and planner's own allocations; those are bounded by the selection limits.
 */
final class DefaultMemoryLimit {

    static final int PERCENT_OF_PHYSICAL = 50;

    private DefaultMemoryLimit() {
    }

    /** The limit for {@code physicalBytes} of memory, in whole MiB as DuckDB takes it, e.g. "12006MiB". */
    static String of(long physicalBytes) {
        return Math.max(1, (physicalBytes >> 20) * PERCENT_OF_PHYSICAL / 100) + "MiB";
    }

    static String forThisMachine() {
        return of(((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
    }
}
