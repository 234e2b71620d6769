package com.dataforge.infrastructure.http;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web origins may read this server's responses from a browser (arrow-js, DuckDB-Wasm, a dashboard). Without
 * origins no CORS header is sent and browsers keep other origins out, which is the safe default; {@code *} lets
 * any origin read.
 */
public final class CorsPolicy {

    public static final CorsPolicy NONE = new CorsPolicy(Set.of(), false);

    /** What a browser script may read besides the simple headers: what clients of this API look at. */
    static final String EXPOSED_HEADERS = "Content-Encoding, Location, Preference-Applied, Retry-After, X-Request-Id,"
            + " X-Total-Count";
    static final String ALLOWED_HEADERS = "Accept, Accept-Encoding, Authorization, Content-Type, Prefer, X-API-Key,"
            + " X-Request-Id";
    /** How long a browser may cache a preflight answer. */
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;
    private final boolean anyOrigin;

    private CorsPolicy(Set<String> origins, boolean anyOrigin) {
        this.origins = Set.copyOf(origins);
        this.anyOrigin = anyOrigin;
    }

    /**
     * @param origins {@code *}, or origins as browsers send them: {@code scheme://host[:port]}, no path
     * @throws IllegalArgumentException naming an entry that is not an origin
     */
    public static CorsPolicy of(List<String> origins) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean any = false;
        for (String origin : origins) {
            if (origin.equals("*")) {
                any = true;
            } else {
                allowed.add(normalized(origin));
            }
        }
        return new CorsPolicy(allowed, any);
    }

    boolean enabled() {
        return anyOrigin || !origins.isEmpty();
    }

    boolean allows(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** The headers that let {@code origin}, already allowed, read this response. */
    void allowReading(Headers response, String origin) {
        response.set("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        response.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if (!anyOrigin) {
            // The answer depends on the Origin, so a shared cache must not hand it to another origin.
            response.add("Vary", "Origin");
        }
    }

    /** The headers of a successful preflight for a path that takes {@code methods}. */
    void allowRequest(Headers response, String origin, String methods) {
        allowReading(response, origin);
        response.set("Access-Control-Allow-Methods", methods);
        response.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.set("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }

    @Override
    public String toString() {
        return anyOrigin ? "*" : origins.isEmpty() ? "none" : String.join(",", origins);
    }

    private static String normalized(String origin) {
        try {
            URI uri = new URI(origin);
            boolean bare = uri.getScheme() != null && uri.getHost() != null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (bare && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                return origin.toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + origin + "' is not an origin; write scheme://host[:port], e.g."
                + " https://dashboard.example.com, or * for any origin");
    }
}
