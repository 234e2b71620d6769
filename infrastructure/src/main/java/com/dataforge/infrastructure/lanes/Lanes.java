package com.dataforge.infrastructure.lanes;

import com.dataforge.infrastructure.duckdb.pool.ConnectionFactory;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PoolStats;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The server's two lanes, each with a connection pool of its own, and the admission into them.
 *
 * <p>A stream takes a place in the stream lane for its whole life (a fair, bounded semaphore with a share per
 * caller), and its queries borrow from the stream pool, which has one connection per place, so it never waits
 * there. A short request takes no place: its queries wait, briefly, for a connection of the short pool, so a short
 * request holds a connection only while its query runs, not while its body arrives or its answer leaves. Neither lane
 * can borrow the other's connections, so no number of slow or stalled streams can starve a short request.
 */
public final class Lanes implements Admission, ConnectionSource, AutoCloseable {

    /** A short query ends within milliseconds: a second is ample for one to come free. */
    static final Duration SHORT_RETRY_AFTER = Duration.ofSeconds(1);

    private final ConnectionPool shortPool;
    private final ConnectionPool streamPool;
    private final StreamGate streams;
    private final Duration wait;

    private Lanes(ConnectionPool shortPool, ConnectionPool streamPool, StreamGate streams, Duration wait) {
        this.shortPool = shortPool;
        this.streamPool = streamPool;
        this.streams = streams;
        this.wait = wait;
    }

    /** Makes both pools (they open connections from {@code factory} as they are first needed). */
    public static Lanes open(ConnectionFactory factory, LaneSettings settings) {
        Duration wait = settings.acquireTimeout();
        return new Lanes(
                new ConnectionPool("short", factory,
                        new PoolSettings(settings.shortConnections(), wait, settings.shortLeakThreshold())),
                new ConnectionPool("stream", factory,
                        new PoolSettings(settings.streams(), wait, settings.streamLeakThreshold())),
                new StreamGate(settings.streams(), settings.streamsPerCaller(), settings.waitingStreams(),
                        settings.streamWait()),
                wait);
    }

    @Override
    public Place enter(Lane lane, String caller) {
        return switch (lane) {
            case NONE, SHORT -> new Place(lane, () -> { });
            case STREAM -> new Place(lane, streams.enter(caller));
        };
    }

    /**
     * Lends a connection of the lane whose place the calling thread holds.
     *
     * @throws LaneFullException if the short lane had no connection free within the lane's wait
     * @throws IllegalStateException if the calling thread holds no place, or one of {@link Lane#NONE}: a route that
     *                               queries must declare the short or the stream lane
     */
    @Override
    public PooledConnection borrow() throws SQLException {
        Lane lane = Place.current().filter(held -> held != Lane.NONE).orElseThrow(() -> new IllegalStateException(
                "a query was made outside the short and stream lanes; the route that made it must declare one"));
        try {
            return pool(lane).borrow();
        } catch (SQLTransientConnectionException e) {
            PoolStats pool = pool(lane).stats();
            throw new LaneFullException(lane, "the " + lane.label() + " lane is full: all " + pool.maxSize()
                    + " of its DuckDB connections stayed busy for " + wait.toMillis() + " ms (" + pool.waiting()
                    + " more requests waiting); retry shortly",
                    lane == Lane.SHORT ? SHORT_RETRY_AFTER : StreamGate.RETRY_AFTER);
        }
    }

    /** @throws IllegalArgumentException for {@link Lane#NONE}, which has no connections to count */
    public LaneStats stats(Lane lane) {
        return switch (lane) {
            case NONE -> throw new IllegalArgumentException("the lane 'none' has no connections");
            case SHORT -> {
                PoolStats pool = shortPool.stats();
                yield new LaneStats(lane, pool.maxSize(), pool.active(), pool.waiting(), pool.totalTimeouts(), 0);
            }
            case STREAM -> streams.stats();
        };
    }

    /** Both pools' connections and counters, added up. */
    public PoolStats connections() {
        return shortPool.stats().plus(streamPool.stats());
    }

    /** Tells {@code observer} how long each borrow, of either lane, waited for its connection. */
    public void observeAcquireWait(LongConsumer observer) {
        shortPool.observeAcquireWait(observer);
        streamPool.observeAcquireWait(observer);
    }

    /** Closes both pools: waiting borrowers fail, idle connections close, lent ones close as they come back. */
    @Override
    public void close() {
        shortPool.close();
        streamPool.close();
    }

    private ConnectionPool pool(Lane lane) {
        return lane == Lane.SHORT ? shortPool : streamPool;
    }

    /** For the start-up log line. */
    @Override
    public String toString() {
        return "short=" + shortPool.stats().maxSize() + " stream=" + streams;
    }
}
