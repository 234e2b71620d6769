package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.access.Permission;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Tells {@code written} the schema of every request to a route that writes (bulk insert, file upload, record POST,
 * PUT, PATCH, DELETE: the routes whose policy asks for {@link Permission#WRITE}) just before its status line is sent,
 * so that a client that reads right after its write's answer never sees what the write replaced. A 4xx refusal
 * changed nothing and is not told; any other answer is, a 5xx too: its write may have committed before the failure,
 * and a needless telling costs only a refresh.
 */
final class SchemaWrites implements RequestFilter {

    private final Consumer<String> written;

    SchemaWrites(Consumer<String> written) {
        this.written = written;
    }

    /** The route and schema are read when the status is sent: routing runs after this filter. */
    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        exchange.beforeStatus(status -> {
            boolean writes = exchange.route().flatMap(route -> route.policy().permission())
                    .filter(Permission.WRITE::equals).isPresent();
            if (writes && status / 100 != 4) {
                exchange.schema().ifPresent(schema -> written.accept(schema.value()));
            }
        });
        next.proceed(exchange);
    }
}
