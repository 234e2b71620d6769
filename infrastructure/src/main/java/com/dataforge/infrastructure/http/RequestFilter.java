package com.dataforge.infrastructure.http;

import java.io.IOException;
import java.util.List;

/**
 * One cross-cutting step of answering a request (request id, logging, authentication, …), in the manner of the
 * JDK's {@code com.sun.net.httpserver.Filter} but on the {@link ApiExchange} that endpoints use. A filter does its
 * part and calls {@code next} to go on, or answers (or throws) to stop there; what it does after {@code next}
 * returns sees the response the later steps gave.
 */
@FunctionalInterface
interface RequestFilter {

    void filter(ApiExchange exchange, Next next) throws IOException;

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        void proceed(ApiExchange exchange) throws IOException;
    }

    /** {@code filters} in order, then {@code last}. */
    static Next chain(List<RequestFilter> filters, Next last) {
        Next next = last;
        for (RequestFilter filter : filters.reversed()) {
            Next after = next;
            next = exchange -> filter.filter(exchange, after);
        }
        return next;
    }
}
