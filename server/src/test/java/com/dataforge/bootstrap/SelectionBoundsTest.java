package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that ask DuckDB for more than one request may, against the server as users run it (a child process, with
 * serve's 64 KiB header limit): 2,500 ANDed filters used to grow the process to gigabytes and kill it with SIGSEGV.
 * Each is now a 400 naming the limit, and the server answers the next request as before.
 */
class SelectionBoundsTest {

    static final int DEMO_ROWS = 1_000;
    static final List<String> FILTERED = List.of("/api/v1/records/well_production/count",
            "/api/v1/records/well_production", "/api/v1/arrow/bulk-read/well_production");
    static final List<String> READS = FILTERED.subList(1, 3);

    @TempDir
    static Path directory;
    static ServerProcess server;
    static HttpArrowClient client;

    @BeforeAll
    static void start() {
        server = ServerProcess.start("--port", "0", "--db", directory.resolve("bounds.duckdb").toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", Integer.toString(DEMO_ROWS));
        client = new HttpArrowClient(server.address());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A query past one limit: the parameter and the limit its refusal must name, and a part of its detail. */
    record PastALimit(String what, String query, String parameter, String limit, String detail) {

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> requestsPastALimit() {
        Stream<Arguments> filtered = Stream.of(
                new PastALimit("the issue's 2,500 filters", joined(2_500, "&", i -> "well_code=eq." + i),
                        "well_code", "max-filters = 100", "2500 column filters"),
                new PastALimit("many likes", joined(150, "&", i -> "field_name=like.*" + i + "*"),
                        "field_name", "max-filters = 100", "150 column filters"),
                new PastALimit("a long in list", "well_code=in.(" + joined(6_000, ",", Integer::toString) + ")",
                        "well_code", "max-in-values = 5000", "its in list has 6000 values"),
                new PastALimit("a huge like pattern", "well_name=like." + "a".repeat(10_000),
                        "well_name", "max-pattern-length = 256", "its like pattern has 10000 characters"),
                new PastALimit("values of all filters together", "well_code=in.(" + joined(5_000, ",",
                        Integer::toString) + ")&field_code=in.(" + joined(5_000, ",", Integer::toString)
                        + ")&days_on_production=eq.1",
                        "days_on_production", "max-bound-values = 10000", "10001 values together"))
                .flatMap(past -> FILTERED.stream().map(path -> Arguments.of(path, past)));
        Stream<Arguments> read = Stream.of(
                new PastALimit("many sort keys", "order=" + joined(40, ",", i -> "field_code"),
                        "order", "max-sort-keys = 32", "order lists 40 sort keys"),
                new PastALimit("many columns", "columns=" + joined(1_001, ",", i -> "well_code"),
                        "columns", "max-columns = 1000", "columns lists 1001 columns"))
                .flatMap(past -> READS.stream().map(path -> Arguments.of(path, past)));
        return Stream.concat(filtered, read);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("requestsPastALimit")
    void isRefusedNamingTheLimitAndTheServerServesOn(String path, PastALimit past) {
        HttpResponse<InputStream> refused = client.get(path + "?" + past.query());
        JsonNode problem = client.json(refused);

        assertEquals(400, refused.statusCode(), problem::toString);
        assertEquals(past.parameter(), problem.get("parameter").asText(), problem::toString);
        assertTrue(problem.get("detail").asText().contains("(limit " + past.limit() + ")"), problem::toString);
        assertTrue(problem.get("detail").asText().contains(past.detail()), problem::toString);
        assertServesOn();
    }

    @Test
    void aSelectionJustWithinTheLimitsIsServed() {
        String query = joined(99, "&", i -> "well_code=neq." + (-1 - i)) + "&well_code=in.("
                + joined(5_000, ",", Integer::toString) + ")";

        HttpResponse<InputStream> counted = client.get(FILTERED.getFirst() + "?" + query);
        JsonNode body = client.json(counted);

        assertEquals(200, counted.statusCode(), body::toString);
        assertEquals(DEMO_ROWS, body.get("count").asLong(), "every demo well_code is below 5000");
    }

    /** DuckDB gets half the machine's memory unless told otherwise, as its start-up line reports. */
    @Test
    void duckDbIsGivenHalfThePhysicalMemory() {
        Matcher reported = Pattern.compile("memory_limit=([0-9.]+) (MiB|GiB|TiB)").matcher(server.output());
        assertTrue(reported.find(), server::output);
        double bytes = Double.parseDouble(reported.group(1)) * switch (reported.group(2)) {
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L << 40;
        };
        long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();

        assertEquals(0.5, bytes / physical, 0.01, server::output);
    }

    static String joined(int count, String separator, IntFunction<String> item) {
        return IntStream.range(0, count).mapToObj(item).collect(Collectors.joining(separator));
    }

    private static void assertServesOn() {
        HttpResponse<InputStream> count = client.get(FILTERED.getFirst());
        JsonNode body = client.json(count);
        assertEquals(200, count.statusCode(), body::toString);
        assertEquals(DEMO_ROWS, body.get("count").asLong());
        JsonNode ready = client.json(client.get("/ready"));
        for (String lane : List.of("short", "stream")) {
            assertEquals(0, ready.get("lanes").get(lane).get("in_use").asInt(), ready::toString);
        }
    }
}
