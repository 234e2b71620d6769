package com.dataforge.bootstrap.soak;

import com.dataforge.bootstrap.Await;
import com.dataforge.bootstrap.HttpArrowClient;
import com.dataforge.bootstrap.PrometheusText;
import com.dataforge.bootstrap.RawHttp;
import com.dataforge.bootstrap.ServerProcess;
import com.dataforge.bootstrap.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server of one scenario: {@code dataforge serve} in a child JVM (so that the clients' CPU and memory are
 * not the server's, and the process can be killed), on a database file and the test schemas, and what the scenarios
 * ask of it besides their own requests: its metrics, whether anything is still held, clients from chosen addresses.
 */
final class SoakServer implements AutoCloseable {

    static final String STREAM_IN_USE = "dataforge_lane_in_use{lane=\"stream\"}";
    static final String SHORT_IN_USE = "dataforge_lane_in_use{lane=\"short\"}";
    static final String POOL_ACTIVE = "dataforge_pool_active";
    static final String ARROW_BYTES = "dataforge_arrow_allocated_bytes";
    static final String STALLED_CUT_OFF = "dataforge_stalled_clients_cut_off_total";

    /** A line of the request log: method, path and the milliseconds the server took. */
    private static final Pattern REQUEST_LINE = Pattern.compile(" request request_id=\\S+ method=(\\S+) path=(\\S+)"
            + " status=\\d+ .* ms=(\\d+) ");

    final ServerProcess process;
    final HttpArrowClient client;
    final InetSocketAddress address;

    private SoakServer(ServerProcess process) {
        this.process = process;
        this.client = new HttpArrowClient(process.address());
        this.address = new InetSocketAddress(process.address().getHost(), process.address().getPort());
    }

    /**
     * Starts a server on {@code directory}/soak.duckdb (the same file each time, so a restart finds what the last
     * server committed) with {@code demoRows} demo rows in well_production and {@code flags} besides.
     */
    static SoakServer start(Path directory, long demoRows, String... flags) {
        Path schemas = directory.resolve("schemas");
        if (!Files.isDirectory(schemas)) {
            TestDatabase.schemas(directory);
        }
        List<String> arguments = new ArrayList<>(List.of("--port", "0", "--db",
                directory.resolve("soak.duckdb").toString(), "--schemas", schemas.toString(),
                "--demo-rows", Long.toString(demoRows)));
        arguments.addAll(List.of(flags));
        return new SoakServer(ServerProcess.start(arguments.toArray(String[]::new)));
    }

    /** A client that connects from {@code 127.0.0.}{@code lastOctet}: the server counts its streams apart. */
    RawHttp from(int lastOctet) {
        return new RawHttp(address, loopback(lastOctet));
    }

    static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Map<String, Double> metrics() {
        return PrometheusText.scrape(client);
    }

    JsonNode ready() {
        return client.json(client.get("/ready"));
    }

    /**
     * Waits (up to {@code limit}) until no request holds a DuckDB connection, a lane place or Arrow memory, by
     * {@code /metrics} and by {@code /ready}'s lane figures; returns how long that took.
     */
    Duration awaitNothingHeld(Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        Await.until(() -> {
            Map<String, Double> metrics = metrics();
            return metrics.get(POOL_ACTIVE) == 0 && metrics.get(ARROW_BYTES) == 0
                    && metrics.get(STREAM_IN_USE) == 0 && metrics.get(SHORT_IN_USE) == 0
                    && metrics.get("dataforge_pool_waiting") == 0;
        }, limit, "no connection, lane place or Arrow memory held, by /metrics");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode lanes = ready().get("lanes");
        for (String lane : List.of("short", "stream")) {
            if (lanes.get(lane).get("in_use").asInt() != 0 || lanes.get(lane).get("waiting").asInt() != 0) {
                throw new AssertionError("/ready shows the " + lane + " lane still in use: " + lanes);
            }
        }
        return took;
    }

    /**
     * How long the server itself took over the requests whose path (query included) {@code paths} accepts, by its
     * request log (whole milliseconds, from routing to the response's end): set beside the clients' times, it tells
     * the server's share of a slow answer from the client machine's.
     */
    Latencies serverTimes(Predicate<String> paths) {
        Latencies times = new Latencies();
        process.output().lines().map(REQUEST_LINE::matcher).filter(Matcher::find)
                .filter(line -> paths.test(line.group(2)))
                .forEach(line -> times.record(line.group(1), TimeUnit.MILLISECONDS.toNanos(Long.parseLong(
                        line.group(3)))));
        return times;
    }

    /** {@code kill -9}: no shutdown hook, no checkpoint. */
    void kill() {
        process.kill();
    }

    /** Ends the process if the scenario left it running, so no server outlives its test. */
    @Override
    public void close() {
        process.close();
    }
}
