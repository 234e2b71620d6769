package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/**
 * A request for a table's rows as Arrow batches.
 *
 * @param schema the schema name as the client wrote it
 * @param columns the projection, in order; empty means every declared column
 * @param selection which rows, in what order
 * @param batchRows rows per record batch
 */
public record BulkReadQuery(String schema, List<String> columns, SelectionParameters selection, int batchRows) {

    public static final int DEFAULT_BATCH_ROWS = 32_768;
    public static final int MAX_BATCH_ROWS = 1_048_576;

    public BulkReadQuery {
        columns = List.copyOf(columns);
        Objects.requireNonNull(selection, "selection");
        if (batchRows < 1 || batchRows > MAX_BATCH_ROWS) {
            throw new InvalidRequestException("batch_rows",
                    "batch_rows must be between 1 and " + MAX_BATCH_ROWS + ", got " + batchRows);
        }
    }
}
