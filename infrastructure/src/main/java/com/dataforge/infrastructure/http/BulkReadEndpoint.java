package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.application.read.CountQuery;
import com.dataforge.application.read.CountRows;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.application.read.SelectionParameters;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.RowScope;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/arrow/bulk-read/{schema}} (Arrow IPC stream unless Accept asks for the IPC file format, JSON,
 * NDJSON, CSV or Parquet) and {@code GET /api/v1/records/{schema}} (the same rows and parameters, JSON unless Accept
 * asks otherwise; {@code format=arrow|arrow-file|parquet|csv|json|ndjson} names the format in the URL instead, and
 * then Accept does not choose it): the table's rows that the selection parameters pick (filters, order, limit,
 * offset), each batch written as DuckDB produces it (see {@link BatchResponse}), or, for Parquet, as one file DuckDB
 * writes ({@link ParquetResponse}). With {@code Prefer: count=exact} the response also carries
 * {@code X-Total-Count}: how many rows the filters match, whatever page of them is read. It is counted by a query of
 * its own just before the read, so rows written in between can make the two differ. {@code HEAD} checks the request
 * as a GET would (schema, columns, filters, order, limits, Accept and Accept-Encoding) and answers the GET's headers,
 * counting rows only when {@code Prefer: count=exact} asks for that header, and reading none; for Parquet it writes
 * the file, whose length and ETag are among those headers.
 */
public final class BulkReadEndpoint implements Endpoint {

    public static final String ARROW_STREAM = ResponseFormat.ARROW_STREAM.mediaType();
    private static final Set<String> PARAMETERS = Set.of("columns", "compression", "batch_rows",
            ResponseFormat.PARAMETER);

    private static final Pattern COUNT_EXACT = Pattern.compile("(^|[,;])\\s*count\\s*=\\s*exact\\s*($|[,;])",
            Pattern.CASE_INSENSITIVE);

    private final BulkReadToArrow bulkRead;
    private final CountRows countRows;
    private final ParquetResponse parquet;
    private final ResponseFormat preferred;

    private BulkReadEndpoint(BulkReadToArrow bulkRead, CountRows countRows, ParquetResponse parquet,
            ResponseFormat preferred) {
        this.bulkRead = bulkRead;
        this.countRows = countRows;
        this.parquet = parquet;
        this.preferred = preferred;
    }

    /**
     * How a read is answered with a Parquet file.
     *
     * @param cache where the file is written, and kept a while for the requests after
     * @param maxBytes the most bytes one response's file may take
     */
    public record ParquetFiles(ExportSelection export, SpoolCache cache, long maxBytes) {
    }

    /** The bulk read: an Arrow IPC stream by default. */
    public static BulkReadEndpoint bulkRead(BulkReadToArrow bulkRead, CountRows countRows, ParquetFiles parquet) {
        return new BulkReadEndpoint(bulkRead, countRows, response(parquet), ResponseFormat.ARROW_STREAM);
    }

    /** The record listing: JSON by default, otherwise the bulk read itself. */
    public static BulkReadEndpoint recordListing(BulkReadToArrow bulkRead, CountRows countRows,
            ParquetFiles parquet) {
        return new BulkReadEndpoint(bulkRead, countRows, response(parquet), ResponseFormat.JSON);
    }

    private static ParquetResponse response(ParquetFiles parquet) {
        return new ParquetResponse(parquet.export(), parquet.cache(), parquet.maxBytes());
    }

    /**
     * A Parquet file kept from an earlier request of the caller for the same rows (the HEAD before Polars' range
     * GETs) needs no database; X-Total-Count would, so {@code Prefer} goes the usual way.
     */
    @Override
    public boolean answerAtHand(ApiExchange exchange) throws IOException {
        return format(exchange) == ResponseFormat.PARQUET && exchange.header("Prefer") == null
                && parquet.sendKept(exchange);
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        QueryParameters query = exchange.query();
        ResponseFormat format = format(exchange);
        if (format == ResponseFormat.PARQUET) {
            query.get("compression").ifPresent(given -> {
                throw new InvalidRequestException("compression", "compression= sets Arrow IPC buffer compression"
                        + " and does not apply to Parquet, which is sent ZSTD-compressed");
            });
            parquet.send(exchange, read(exchange));
            return;
        }
        BatchResponse response = BatchResponse.negotiate(exchange, format, query.get("compression"));
        BulkReadQuery read = read(exchange);
        RowScope scope = exchange.rowScope();
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

    private ResponseFormat format(ApiExchange exchange) {
        return ContentNegotiation.format(exchange.query().get(ResponseFormat.PARAMETER), exchange.header("Accept"),
                preferred);
    }

    /** The read the request asks for; with {@code Prefer: count=exact}, X-Total-Count set first. */
    private BulkReadQuery read(ApiExchange exchange) {
        QueryParameters query = exchange.query();
        SelectionParameters selection = query.selection(PARAMETERS);
        String schema = exchange.pathParameter("schema");
        BulkReadQuery read = new BulkReadQuery(schema, query.list("columns"), selection,
                query.intValue("batch_rows", BulkReadQuery.DEFAULT_BATCH_ROWS));
        String prefer = exchange.header("Prefer");
        if (prefer != null && COUNT_EXACT.matcher(prefer).find()) {
            long total = countRows.count(new CountQuery(schema, selection.filtersOnly()), exchange.rowScope());
            exchange.setHeader("X-Total-Count", Long.toString(total));
            exchange.setHeader("Preference-Applied", "count=exact");
        }
        return read;
    }
}
