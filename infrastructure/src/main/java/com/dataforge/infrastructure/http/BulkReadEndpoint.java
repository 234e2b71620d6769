package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.read.CountQuery;
import com.dataforge.application.read.CountRows;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.RowScope;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/arrow/bulk-read/{schema}} (Arrow IPC stream unless Accept asks for the IPC file format, JSON,
 * NDJSON or CSV) and
 * {@code GET /api/v1/records/{schema}} (the same rows and parameters, JSON unless Accept asks otherwise): the
 * table's rows that the selection parameters pick (filters, order, limit, offset), each batch written as DuckDB
 * produces it (see {@link BatchResponse}). With {@code Prefer: count=exact} the response also carries
 * {@code X-Total-Count}: how many rows the filters match, whatever page of them is read. It is counted by a query of
 * its own just before the read, so rows written in between can make the two differ. {@code HEAD} checks the request
 * as a GET would (schema, columns, filters, order, limits, Accept and Accept-Encoding) and answers the GET's headers,
 * counting rows only when {@code Prefer: count=exact} asks for that header, and reading none.
 */
public final class BulkReadEndpoint implements Endpoint {

    public static final String ARROW_STREAM = ResponseFormat.ARROW_STREAM.mediaType();
    private static final Set<String> PARAMETERS = Set.of("columns", "compression", "batch_rows");

    private static final Pattern COUNT_EXACT = Pattern.compile("(^|[,;])\\s*count\\s*=\\s*exact\\s*($|[,;])",
            Pattern.CASE_INSENSITIVE);

    private final BulkReadToArrow bulkRead;
    private final CountRows countRows;
    private final ResponseFormat preferred;

    private BulkReadEndpoint(BulkReadToArrow bulkRead, CountRows countRows, ResponseFormat preferred) {
        this.bulkRead = bulkRead;
        this.countRows = countRows;
        this.preferred = preferred;
    }

    /** The bulk read: an Arrow IPC stream by default. */
    public static BulkReadEndpoint bulkRead(BulkReadToArrow bulkRead, CountRows countRows) {
        return new BulkReadEndpoint(bulkRead, countRows, ResponseFormat.ARROW_STREAM);
    }

    /** The record listing: JSON by default, otherwise the bulk read itself. */
    public static BulkReadEndpoint recordListing(BulkReadToArrow bulkRead, CountRows countRows) {
        return new BulkReadEndpoint(bulkRead, countRows, ResponseFormat.JSON);
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        QueryParameters query = exchange.query();
        BatchResponse response = BatchResponse.negotiate(exchange, preferred, query.get("compression"));
        SelectionParameters selection = query.selection(PARAMETERS);
        String schema = exchange.pathParameter("schema");
        BulkReadQuery read = new BulkReadQuery(schema, query.list("columns"), selection,
                query.intValue("batch_rows", BulkReadQuery.DEFAULT_BATCH_ROWS));
        RowScope scope = exchange.rowScope();
        String prefer = exchange.header("Prefer");
        if (prefer != null && COUNT_EXACT.matcher(prefer).find()) {
            long total = countRows.count(new CountQuery(schema, selection.filtersOnly()), scope);
            exchange.setHeader("X-Total-Count", Long.toString(total));
            exchange.setHeader("Preference-Applied", "count=exact");
        }
        if (exchange.isHead()) {
            // Everything a GET checks before its first byte, and the count its headers carry; not the read itself.
            bulkRead.check(read, scope);
            response.sendHeaders(exchange);
            return;
        }
        try (ArrowBatches batches = bulkRead.read(read, scope)) {
            response.send(exchange, batches);
        }
    }
}
