package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.domain.table.ArrowBatches;
import java.io.IOException;
import java.util.Set;

/**
 * {@code GET /api/v1/arrow/bulk-read/{schema}} (Arrow IPC stream unless Accept asks for JSON, NDJSON or CSV) and
 * {@code GET /api/v1/records/{schema}} (the same rows and parameters, JSON unless Accept asks otherwise): the
 * table's rows that the selection parameters pick (filters, order, limit, offset), each batch written as DuckDB
 * produces it (see {@link BatchResponse}).
 */
public final class BulkReadEndpoint implements Endpoint {

    public static final String ARROW_STREAM = ResponseFormat.ARROW_STREAM.mediaType();
    private static final Set<String> PARAMETERS = Set.of("columns", "compression", "batch_rows");

    private final BulkReadToArrow bulkRead;
    private final ResponseFormat preferred;

    private BulkReadEndpoint(BulkReadToArrow bulkRead, ResponseFormat preferred) {
        this.bulkRead = bulkRead;
        this.preferred = preferred;
    }

    /** The bulk read: an Arrow IPC stream by default. */
    public BulkReadEndpoint(BulkReadToArrow bulkRead) {
        this(bulkRead, ResponseFormat.ARROW_STREAM);
    }

    /** The record listing: JSON by default, otherwise the bulk read itself. */
    public static BulkReadEndpoint recordListing(BulkReadToArrow bulkRead) {
        return new BulkReadEndpoint(bulkRead, ResponseFormat.JSON);
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        QueryParameters query = exchange.query();
        BatchResponse response = BatchResponse.negotiate(exchange, preferred, query.get("compression"));
        BulkReadQuery read = new BulkReadQuery(exchange.pathParameter("schema"), query.list("columns"),
                query.selection(PARAMETERS), query.intValue("batch_rows", BulkReadQuery.DEFAULT_BATCH_ROWS));
        try (ArrowBatches batches = bulkRead.read(read)) {
            response.send(exchange, batches);
        }
    }
}
