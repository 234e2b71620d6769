package com.dataforge.infrastructure.http;

import com.dataforge.application.readiness.CheckReadiness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.duckdb.DuckDbReadiness;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import com.dataforge.infrastructure.http.route.ApiRoutes;
import com.dataforge.infrastructure.http.route.RouteTable;
import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.lanes.LaneSettings;
import com.dataforge.infrastructure.lanes.Lanes;
import com.dataforge.infrastructure.lanes.Place;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ready} on a real server and a real DuckDB: 200 however busy both lanes are, 503 with Retry-After when
 * the database does not answer its check.
 */
class ReadyOverHttpTest {

    private DuckDBConnection primary;
    private Lanes lanes;
    private ConnectionPool readyPool;
    private HttpApi server;

    @BeforeEach
    void start() throws SQLException {
        primary = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        lanes = Lanes.open(primary::duplicate, new LaneSettings(1, 1, 0, 1, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO));
        readyPool = new ConnectionPool("ready", primary::duplicate, new PoolSettings(1, Duration.ofSeconds(30),
                Duration.ZERO));
        Router router = Router.builder(RouteTable.of(ApiRoutes.READY)).admission(lanes)
                .endpoint(ApiRoutes.READY, new ReadyEndpoint(new CheckReadiness(new DuckDbReadiness(readyPool)), lanes)).build();
        server = HttpApi.start(new InetSocketAddress("127.0.0.1", 0), router, Duration.ofSeconds(1),
                Optional.empty());
    }

    @AfterEach
    void stop() throws SQLException {
        server.close();
        readyPool.close();
        lanes.close();
        primary.close();
    }

    @Test
    void readyWhileEveryLaneIsBusy() throws Exception {
        try (Place stream = lanes.enter(Lane.STREAM, "a"); PooledConnection streaming = lanes.borrow();
                Place shortOne = lanes.enter(Lane.SHORT, "b"); PooledConnection querying = lanes.borrow()) {
            Response ready = get();

            assertEquals(200, ready.status(), ready.body());
            JsonNode lanesNow = ApiExchange.JSON.readTree(ready.body()).get("lanes");
            assertEquals(1, lanesNow.get("stream").get("in_use").asInt());
            assertEquals(1, lanesNow.get("short").get("in_use").asInt());
        }
    }

    @Test
    void notReadyWhileTheDatabaseHasNotAnsweredAnEarlierCheck() throws Exception {
        try (PooledConnection unanswered = readyPool.borrow()) {
            Response notReady = get();

            assertEquals(503, notReady.status(), notReady.body());
            assertEquals("application/problem+json", notReady.headers().get("content-type"));
            assertEquals("5", notReady.headers().get("retry-after"));
            String detail = ApiExchange.JSON.readTree(notReady.body()).get("detail").asText();
            assertTrue(detail.startsWith("not ready: the database has not answered an earlier readiness check"),
                    detail);
        }
        assertEquals(200, get().status(), "ready again once the database answers");
    }

    /** One GET /ready over a socket of its own (this module does not read java.net.http). */
    private Response get() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).strip());
            }
            return new Response(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    private record Response(int status, Map<String, String> headers, String body) {
    }
}
