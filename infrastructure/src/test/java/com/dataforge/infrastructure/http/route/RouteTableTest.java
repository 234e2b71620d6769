package com.dataforge.infrastructure.http.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.lanes.Lane;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

    static final RouteDoc DOC = new RouteDoc("test", List.of(), Optional.empty(),
            new RouteDoc.Response(200, "ok", List.of()));
    static final RoutePolicy READ = RoutePolicy.keyed(Lane.SHORT, Permission.READ);
    static final Route KEY = Route.get("/api/records/{schema}/{key}", READ, DOC);
    static final Route COUNT = Route.get("/api/records/{schema}/count", READ, DOC);
    static final Route PUT_KEY = Route.put("/api/records/{schema}/{key}", RoutePolicy.keyed(Lane.SHORT,
            Permission.WRITE), DOC);
    static final Route LIST = Route.get("/api/records/{schema}", RoutePolicy.keyed(Lane.STREAM, Permission.READ), DOC);
    static final RouteTable TABLE = RouteTable.of(KEY, COUNT, PUT_KEY, LIST);

    @Test
    void theMostFixedSegmentsWinWhateverTheOrderDeclared() {
        assertEquals(Optional.of(new RouteMatch(COUNT, Map.of("schema", "numbers"))),
                TABLE.find("GET", "/api/records/numbers/count"));
        assertEquals(Optional.of(new RouteMatch(KEY, Map.of("schema", "numbers", "key", "7"))),
                TABLE.find("GET", "/api/records/numbers/7"));
    }

    @Test
    void parametersAreKeptAsSent() {
        assertEquals(Map.of("schema", "%6Eumbers", "key", "%63ount"),
                TABLE.find("GET", "/api/records/%6Eumbers/%63ount").orElseThrow().parameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/records", "/api/records/", "/api/records//1", "/api/%72ecords/numbers",
        "/API/records/numbers", "/api/records/numbers/1/", "//api/records/numbers", "", "*"})
    void fixedSegmentsMatchOnlyAsWrittenAndParametersAreNeverEmpty(String path) {
        assertEquals(Optional.empty(), TABLE.find("GET", path));
    }

    @Test
    void methodsAtAPathAreListedInTheOrderDeclared() {
        assertEquals(List.of("GET", "HEAD", "PUT"), TABLE.methodsAt("/api/records/numbers/1"));
        assertEquals(List.of("GET", "HEAD", "PUT"), TABLE.methodsAt("/api/records/numbers/count"),
                "count is a key for PUT");
        assertEquals(Optional.of(PUT_KEY), TABLE.find("PUT", "/api/records/numbers/count").map(RouteMatch::route));
        assertEquals(List.of(), TABLE.methodsAt("/nowhere"));
        assertEquals(Optional.empty(), TABLE.find("DELETE", "/api/records/numbers/1"));
    }

    @Test
    void headFindsTheGetRouteOfAPath() {
        assertEquals(TABLE.find("GET", "/api/records/numbers/7"), TABLE.find("HEAD", "/api/records/numbers/7"));
        assertEquals(TABLE.find("GET", "/api/records/numbers/count"), TABLE.find("HEAD", "/api/records/numbers/count"));
        assertEquals(Optional.empty(), TABLE.find("HEAD", "/nowhere"));
    }

    @Test
    void aRouteIsDeclaredOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RouteTable.of(KEY, Route.get("/api/records/{schema}/{key}", RoutePolicy.open(Lane.NONE), DOC)));

        assertTrue(e.getMessage().contains("GET /api/records/{schema}/{key}"), e.getMessage());
    }

    @Test
    void aRouteThatNamesNoSchemaCanOnlyAskForAKey() {
        Route listing = Route.get("/api/schemas", RoutePolicy.keyed(Lane.SHORT, Permission.READ), DOC);

        assertEquals(List.of(), listing.parameters());
        assertThrows(IllegalArgumentException.class,
                () -> Route.post("/api/schemas", RoutePolicy.keyed(Lane.SHORT, Permission.WRITE), DOC));
    }

    /** The shipped table: streams (the record listing too) in the stream lane, and a key for everything under /api/. */
    @Test
    void theApiDeclaresEveryStreamInTheStreamLaneAndAKeyForTheApi() {
        for (Route route : ApiRoutes.TABLE.routes()) {
            boolean streams = route.doc().response().mediaTypes().size() > 1
                    || route.doc().body().filter(body -> body.mediaTypes().stream()
                            .anyMatch(type -> type.contains("arrow"))).isPresent();
            assertEquals(streams, route.policy().lane() == Lane.STREAM, route::toString);
            boolean api = route.template().startsWith("/api/");
            assertEquals(api, route.policy().permission().isPresent(), route::toString);
            assertEquals(api, route.policy().rateLimited(), route::toString);
            assertEquals(route.parameters().contains("schema"), route.policy().audited(), route::toString);
        }
        assertEquals(Lane.STREAM, ApiRoutes.RECORDS.policy().lane());
    }
}
