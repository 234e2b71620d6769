package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.access.Permission;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Tells {@code written} the schema of every request to a route that writes (bulk insert, file upload, record POST,
 * PUT, PATCH, DELETE: the routes whose policy asks for {@link Permission#WRITE}), once it has been answered, unless
 * it was refused with a 4xx, which changes nothing. A request that failed otherwise (a 5xx, or a response cut off)
 * is told too: its write may have committed before the failure, and a needless telling costs only a refresh.
 */
final class SchemaWrites implements RequestFilter {

    private final Consumer<String> written;

    SchemaWrites(Consumer<String> written) {
        this.written = written;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try {
            next.proceed(exchange);
        } finally {
            boolean writes = exchange.route().flatMap(route -> route.policy().permission())
                    .filter(Permission.WRITE::equals).isPresent();
            if (writes && exchange.status() / 100 != 4) {
                exchange.schema().ifPresent(schema -> written.accept(schema.value()));
            }
        }
    }
}
