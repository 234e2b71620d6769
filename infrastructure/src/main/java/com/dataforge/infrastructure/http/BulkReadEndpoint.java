package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.BulkReadToArrow;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * {@code GET /api/v1/arrow/bulk-read/{schema}}: the table as an Arrow IPC stream, each batch written as DuckDB
 * produces it; the rows are those the selection parameters pick (filters, order, limit, offset). The first batch is loaded before the status line is sent, so a failure to start the read is still
 * a proper problem response; a failure after that aborts the connection.
 */
public final class BulkReadEndpoint implements Endpoint {

    public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    private static final Set<String> PARAMETERS = Set.of("columns", "compression", "batch_rows");

    private final BulkReadToArrow bulkRead;

    public BulkReadEndpoint(BulkReadToArrow bulkRead) {
        this.bulkRead = bulkRead;
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        ContentNegotiation.require(exchange.header("Accept"), ARROW_STREAM);
        QueryParameters query = exchange.query();
        IpcCompression compression = IpcCompression.parse(query.get("compression").orElse(null));
        BulkReadQuery read = new BulkReadQuery(exchange.pathParameter("schema"), query.list("columns"),
                query.selection(PARAMETERS), query.intValue("batch_rows", BulkReadQuery.DEFAULT_BATCH_ROWS));
        try (ArrowBatches batches = bulkRead.read(read)) {
            boolean more = batches.next();
            OutputStream body = exchange.startStream(200, ARROW_STREAM);
            exchange.countRows(0);
            try (ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(batches.root(), body, compression)) {
                writer.start();
                while (more) {
                    writer.writeBatch();
                    exchange.countRows(batches.root().getRowCount());
                    more = batches.next();
                }
                writer.end();
            }
        }
    }
}
