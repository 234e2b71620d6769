package com.dataforge.infrastructure.http;

import java.io.IOException;
import java.time.Duration;

/**
 * Holds each caller (a key, or a client address without keys) to the rate limit on the routes that are rate
 * limited: 429 with Retry-After past it. It runs after authentication, so that the limit is the key's and not the
 * address's, and before authorisation, so that refused requests count too.
 */
final class RateLimiting implements RequestFilter {

    private final RateLimiter limiter;
    private final RequestMetrics metrics;

    RateLimiting(RateLimiter limiter, RequestMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        if (exchange.match().route().policy().rateLimited()) {
            String caller = exchange.caller().id();
            Duration wait = limiter.take(caller);
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                exchange.setHeader("Retry-After", Long.toString(seconds));
                metrics.rateLimited();
                throw HttpProblem.of(429, "'" + caller + "' sent more requests than the limit of " + limiter
                        + "; retry in " + seconds + " s");
            }
        }
        next.proceed(exchange);
    }
}
