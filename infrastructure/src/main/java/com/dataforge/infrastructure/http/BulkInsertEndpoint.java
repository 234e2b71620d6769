package com.dataforge.infrastructure.http;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.application.write.BulkInsertFromArrow;
import com.dataforge.application.write.LoadFiles;
import com.dataforge.application.write.LoadFilesCommand;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.infrastructure.arrow.ArrowUploadReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/arrow/bulk-insert/{schema}}: an Arrow IPC stream, a Parquet file or CSV with a header line,
 * appended to the table in one transaction under the same rules, limits and responses. An Arrow body flows through
 * to DuckDB batch by batch; only the batch being inserted is in memory. A Parquet or CSV body is spooled to a file
 * first, since DuckDB's readers read files (Parquet's footer, which says where everything is, comes last), and
 * loaded from there ({@link LoadFiles}); the file is removed on every path.
 */
public final class BulkInsertEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(BulkInsertEndpoint.class);
    private static final Set<String> PARAMETERS = Set.of("on_conflict");
    private static final RequestBody.Format ARROW_BODY = new RequestBody.Format("an Arrow IPC stream",
            BulkReadEndpoint.ARROW_STREAM, "compress the Arrow buffers instead (IPC compression zstd or lz4_frame)");
    private static final RequestBody.Format PARQUET_BODY = new RequestBody.Format("a Parquet file",
            ResponseFormat.PARQUET.mediaType(), "Parquet compresses its own pages");
    private static final RequestBody.Format CSV_BODY = new RequestBody.Format("CSV with a header line",
            ResponseFormat.CSV.mediaType(), "send it as Parquet, which compresses its own pages");
    private static final Map<RequestBody.Format, FileFormat> FILE_BODIES = Map.of(PARQUET_BODY, FileFormat.PARQUET,
            CSV_BODY, FileFormat.CSV);

    private final BulkInsertFromArrow bulkInsert;
    private final LoadFiles loadFiles;
    private final SpoolFiles spool;
    private final BufferAllocator rootAllocator;
    private final UploadLimits limits;

    public BulkInsertEndpoint(BulkInsertFromArrow bulkInsert, LoadFiles loadFiles, SpoolFiles spool,
            BufferAllocator rootAllocator, UploadLimits limits) {
        this.bulkInsert = bulkInsert;
        this.loadFiles = loadFiles;
        this.spool = spool;
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
        RequestBody.Opened opened = RequestBody.open(exchange, List.of(ARROW_BODY, PARQUET_BODY, CSV_BODY),
                limits.maxBodyBytes(), "max_upload_bytes");
        BulkInsertCommand command = new BulkInsertCommand(exchange.pathParameter("schema"),
                BulkInsertCommand.parseConflictPolicy(exchange.query().allowOnly(PARAMETERS).get("on_conflict")
                        .orElse(null)));
        long started = System.nanoTime();
        InsertOutcome outcome;
        try (InputStream body = opened.body()) {
            FileFormat file = FILE_BODIES.get(opened.format());
            outcome = file == null ? insertArrow(exchange, command, body) : insertFile(exchange, command, body, file);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("bulk insert schema={} format={} rows_inserted={} rows_updated={} rows_ignored={} seconds={}",
                command.schema(), opened.format().mediaType(), outcome.rowsInserted(), outcome.rowsUpdated(),
                outcome.rowsIgnored(), String.format(Locale.ROOT, "%.3f", seconds));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("schema", command.schema());
        response.put("rows_inserted", outcome.rowsInserted());
        response.put("rows_updated", outcome.rowsUpdated());
        response.put("rows_ignored", outcome.rowsIgnored());
        response.put("seconds", Math.round(seconds * 1000) / 1000.0);
        exchange.countRows(outcome.rowsInserted() + outcome.rowsUpdated());
        exchange.sendJson(200, response);
    }

    private InsertOutcome insertArrow(ApiExchange exchange, BulkInsertCommand command, InputStream body)
            throws IOException {
        try (BufferAllocator allocator = rootAllocator.newChildAllocator("upload " + command.schema(), 0,
                        limits.maxBatchBytes());
                ArrowUploadReader upload = ArrowUploadReader.open(body, allocator)) {
            return bulkInsert.insert(command, upload, exchange.rowScope());
        }
    }

    /** The body is spooled whole (it is bounded by max_upload_bytes as it arrives), then loaded by DuckDB. */
    private InsertOutcome insertFile(ApiExchange exchange, BulkInsertCommand command, InputStream body,
            FileFormat format) throws IOException {
        Path file = spool.newFile(format.extension());
        try {
            spool(body, file);
            return loadFiles.load(new LoadFilesCommand(command.schema(),
                    List.of(DataFile.requestBody(file, format)), command.onConflict()),
                    exchange.rowScope());
        } finally {
            SpoolFiles.delete(file);
        }
    }

    /**
     * A failure to read the body is the client's connection (a 400 naming the body, as for an Arrow upload, if
     * anyone is left to read it); a failure to write the file is the server's own.
     */
    private static void spool(InputStream body, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException e) {
                    throw new InvalidRequestException("body", "the body could not be read past byte " + copied
                            + ": the connection failed");
                }
                if (read < 0) {
                    return;
                }
                out.write(buffer, 0, read);
                copied += read;
            }
        }
    }
}
