package com.dataforge.domain.failure;

import java.time.Duration;

/** The service is overloaded or not ready; the client may retry after {@link #retryAfter()}. */
public final class ServiceUnavailableException extends DataForgeException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
