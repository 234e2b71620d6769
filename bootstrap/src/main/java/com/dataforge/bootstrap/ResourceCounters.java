package com.dataforge.bootstrap;

/**
 * @param connectionsInUse DuckDB connections lent out, of both lanes and the readiness check
 * @param connectionsIdle pooled connections ready to lend
 * @param connectionWaiters requests waiting for a connection
 * @param connectionsLent connections lent since start
 * @param arrowBytes Arrow memory held by all requests
 */
public record ResourceCounters(int connectionsInUse, int connectionsIdle, int connectionWaiters,
        long connectionsLent, long arrowBytes) {
}
