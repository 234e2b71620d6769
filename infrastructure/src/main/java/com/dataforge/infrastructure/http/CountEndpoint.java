package com.dataforge.infrastructure.http;

import com.dataforge.application.read.CountQuery;
import com.dataforge.application.read.CountRows;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/records/{schema}/count}: {@code {"schema": …, "count": n}}, the number of rows the column
 * filters match (the same filters as bulk-read; limit, offset and order are a 400).
 */
public final class CountEndpoint implements Endpoint {

    private final CountRows countRows;

    public CountEndpoint(CountRows countRows) {
        this.countRows = countRows;
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        String schema = exchange.pathParameter("schema");
        long count = countRows.count(new CountQuery(schema, exchange.query().selection(Set.of())),
                exchange.rowScope());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schema);
        body.put("count", count);
        exchange.sendJson(200, body);
    }
}
