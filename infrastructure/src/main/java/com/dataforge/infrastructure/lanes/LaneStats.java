package com.dataforge.infrastructure.lanes;

/**
 * One lane, now and since start.
 *
 * @param size             the most requests the lane runs at once: its DuckDB connections
 * @param inUse            of those, taken now
 * @param waiting          requests waiting for one
 * @param timeouts         requests refused (503) because none came free in time
 * @param refusedPerCaller requests refused (503) because their caller held as many as one caller may
 */
public record LaneStats(Lane lane, int size, int inUse, int waiting, long timeouts, long refusedPerCaller) {
}
