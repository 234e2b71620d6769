package com.dataforge.infrastructure.http.route;

import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.lanes.Lane;
import java.util.Objects;
import java.util.Optional;

/**
 * What a route asks of every request before its endpoint runs. Declared once per route, in the route table, and
 * read there by the router's filters and by the OpenAPI document; nothing is inferred from the URL.
 *
 * @param lane where the request is admitted, and so which DuckDB connections its queries run on
 * @param permission what the caller's key needs on the route's {@code {schema}}; on a route without one, only
 *     {@link Permission#READ} may be asked, and it means that a key is needed at all (the endpoint then shows only
 *     what that key may read); empty: no key is needed
 * @param rateLimited whether the request counts against its caller's rate limit
 * @param audited whether the request writes a line to the audit log
 */
public record RoutePolicy(Lane lane, Optional<Permission> permission, boolean rateLimited, boolean audited) {

    public RoutePolicy {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(permission, "permission");
    }

    /** Probes, metrics and documents: no key, no rate limit, no audit line. */
    public static RoutePolicy open(Lane lane) {
        return new RoutePolicy(lane, Optional.empty(), false, false);
    }

    /** The data API: a key with {@code permission}, rate limited, one audit line per request. */
    public static RoutePolicy keyed(Lane lane, Permission permission) {
        return new RoutePolicy(lane, Optional.of(permission), true, true);
    }

    public RoutePolicy withoutAudit() {
        return new RoutePolicy(lane, permission, rateLimited, false);
    }
}
