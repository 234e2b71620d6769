package com.dataforge.infrastructure.http.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.lanes.Lane;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {

    private static final RoutePolicy PAGES = RoutePolicy.keyed(Lane.STREAM, Permission.READ).withShortPages(100);

    @Test
    void aPageOfAtMostTheShortPageRowsIsAShortRequest() {
        for (String limit : new String[] {"0", "1", "10", "100", "0100"}) {
            assertEquals(Lane.SHORT, PAGES.lane(Optional.of(limit)), "limit=" + limit);
        }
    }

    @Test
    void aBiggerPageNoLimitOrALimitTheEndpointRefusesStaysAStream() {
        for (String limit : new String[] {"101", "1000000", "999999999999999999", "-1", "", "ten", " 10", "1e2",
                "9999999999999999999999"}) {
            assertEquals(Lane.STREAM, PAGES.lane(Optional.of(limit)), "limit=" + limit);
        }
        assertEquals(Lane.STREAM, PAGES.lane(Optional.empty()));
    }

    @Test
    void aRouteWithoutShortPagesKeepsItsLaneWhateverTheLimit() {
        RoutePolicy bulkRead = RoutePolicy.keyed(Lane.STREAM, Permission.READ);
        assertEquals(Lane.STREAM, bulkRead.lane(Optional.of("1")));
        assertEquals(Lane.STREAM, ApiRoutes.BULK_READ.policy().lane(Optional.of("1")));
        assertEquals(Lane.SHORT, ApiRoutes.RECORDS.policy().lane(Optional.of("1")));
        assertEquals(Lane.SHORT, ApiRoutes.RECORD.policy().lane(Optional.of("1000")), "a short route stays short");
    }

    @Test
    void onlyAStreamRouteMayHaveShortPages() {
        assertThrows(IllegalArgumentException.class,
                () -> RoutePolicy.keyed(Lane.SHORT, Permission.READ).withShortPages(10));
        assertThrows(IllegalArgumentException.class, () -> PAGES.withShortPages(-1));
        assertEquals(100, PAGES.withoutAudit().shortPageRows(), "kept when the audit is switched off");
    }
}
