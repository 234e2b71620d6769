package com.dataforge.infrastructure.http;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.infrastructure.arrow.ArrowUploadReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/arrow/bulk-insert/{schema}}: an Arrow IPC stream appended to the table in one transaction. The
 * body flows through to DuckDB batch by batch; only the batch being inserted is in memory.
 */
public final class BulkInsertEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(BulkInsertEndpoint.class);
    private static final Set<String> PARAMETERS = Set.of("on_conflict");
    private static final RequestBody.Format ARROW_BODY = new RequestBody.Format("an Arrow IPC stream",
            BulkReadEndpoint.ARROW_STREAM, "compress the Arrow buffers instead (IPC compression zstd or lz4_frame)");

    private final BulkInsertFromArrow bulkInsert;
    private final BufferAllocator rootAllocator;
    private final UploadLimits limits;

    public BulkInsertEndpoint(BulkInsertFromArrow bulkInsert, BufferAllocator rootAllocator, UploadLimits limits) {
        this.bulkInsert = bulkInsert;
        this.rootAllocator = rootAllocator;
        this.limits = limits;
    }

    /**
     * @param maxBodyBytes the most bytes one request body may carry
     * @param maxBatchBytes the most Arrow memory one uploaded batch may take once read (decompressed)
     */
    public record UploadLimits(long maxBodyBytes, long maxBatchBytes) {
    }

    @Override
    public void handle(ApiExchange exchange) throws IOException {
        InputStream checkedBody = RequestBody.open(exchange, ARROW_BODY, limits.maxBodyBytes(), "max_upload_bytes");
        BulkInsertCommand command = new BulkInsertCommand(exchange.pathParameter("schema"),
                BulkInsertCommand.parseConflictPolicy(exchange.query().allowOnly(PARAMETERS).get("on_conflict")
                        .orElse(null)));
        long started = System.nanoTime();
        InsertOutcome outcome;
        try (InputStream body = checkedBody;
                BufferAllocator allocator = rootAllocator.newChildAllocator("upload " + command.schema(), 0,
                        limits.maxBatchBytes());
                ArrowUploadReader upload = ArrowUploadReader.open(body, allocator)) {
            outcome = bulkInsert.insert(command, upload, exchange.rowScope());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("bulk insert schema={} rows_inserted={} rows_updated={} rows_ignored={} seconds={}",
                command.schema(), outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsIgnored(),
                String.format(Locale.ROOT, "%.3f", seconds));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("schema", command.schema());
        response.put("rows_inserted", outcome.rowsInserted());
        response.put("rows_updated", outcome.rowsUpdated());
        response.put("rows_ignored", outcome.rowsIgnored());
        response.put("seconds", Math.round(seconds * 1000) / 1000.0);
        exchange.countRows(outcome.rowsInserted() + outcome.rowsUpdated());
        exchange.sendJson(200, response);
    }
}
