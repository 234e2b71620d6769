package com.dataforge.infrastructure.http.route;

import com.dataforge.infrastructure.access.Permission;
import com.dataforge.infrastructure.lanes.Lane;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * @param shortPageRows a request of the stream lane whose {@code limit} is at most this many rows is a short request
 *     instead: a small page, whose answer is gathered in memory so that its connection is not held while it is sent;
 *     0 for none
 */
public record RoutePolicy(Lane lane, Optional<Permission> permission, boolean rateLimited, boolean audited,
        int shortPageRows) {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

    public RoutePolicy {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(permission, "permission");
        if (shortPageRows < 0 || (shortPageRows > 0 && lane != Lane.STREAM)) {
            throw new IllegalArgumentException("only a stream route may have short pages, of 1 row or more; got "
                    + shortPageRows + " on the " + lane.label() + " lane");
        }
    }

    /**
     * The lane of one request to the route: the route's own, or the short lane for a page of at most
     * {@link #shortPageRows} rows. A {@code limit} that is not a whole number leaves the route's lane, and the
     * endpoint refuses it.
     *
     * @param limit the request's {@code limit} parameter as sent, if it has one
     */
    public Lane lane(Optional<String> limit) {
        if (shortPageRows == 0 || limit.isEmpty() || !WHOLE_NUMBER.matcher(limit.get()).matches()) {
            return lane;
        }
        return Long.parseLong(limit.get()) <= shortPageRows ? Lane.SHORT : lane;
    }

    /** Probes, metrics and documents: no key, no rate limit, no audit line. */
    public static RoutePolicy open(Lane lane) {
        return new RoutePolicy(lane, Optional.empty(), false, false, 0);
    }

    /** The data API: a key with {@code permission}, rate limited, one audit line per request. */
    public static RoutePolicy keyed(Lane lane, Permission permission) {
        return new RoutePolicy(lane, Optional.of(permission), true, true, 0);
    }

    public RoutePolicy withoutAudit() {
        return new RoutePolicy(lane, permission, rateLimited, false, shortPageRows);
    }

    /** Pages of at most {@code rows} rows ({@code limit=}) become short requests; see {@link #shortPageRows}. */
    public RoutePolicy withShortPages(int rows) {
        return new RoutePolicy(lane, permission, rateLimited, audited, rows);
    }
}
