package com.dataforge.application.write;

import com.dataforge.application.port.out.ArrowTableWriter;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ConflictPolicy;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.RowScope;
import com.dataforge.domain.table.TableInsert;
import java.io.IOException;
import java.util.Locale;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Appends an Arrow upload to a schema's table in one transaction, its columns matched to the table's by name. */
public final class BulkInsertFromArrow {

    private final SchemaCatalog catalog;
    private final ArrowTableWriter writer;
    private final long maxRows;

    /**
     * @param maxRows the most rows one upload may carry
     */
    public BulkInsertFromArrow(SchemaCatalog catalog, ArrowTableWriter writer, long maxRows) {
        this.catalog = catalog;
        this.writer = writer;
        this.maxRows = maxRows;
    }

    /**
     * Reads the upload's schema, checks it against the table's, then streams the batches in.
     *
     * @param scope the rows the caller may write: every uploaded row, and every stored row it would overwrite, must
     *     lie within it
     */
    public InsertOutcome insert(BulkInsertCommand command, ArrowReader upload, RowScope scope) {
        TableSchema schema = catalog.require(command.schema());
        requireKeyFor(command.onConflict(), schema);
        Schema uploaded;
        try {
            uploaded = upload.getVectorSchemaRoot().getSchema();
        } catch (IOException e) {
            throw new InvalidRequestException("body", "the upload's schema could not be read: the body is not a"
                    + " readable Arrow IPC stream");
        }
        return writer.insert(new TableInsert(schema, UploadColumns.match(schema, uploaded), command.onConflict(),
                maxRows, scope), upload);
    }

    /** @throws InvalidRequestException if {@code onConflict} needs a primary key to match rows on and there is none */
    static void requireKeyFor(ConflictPolicy onConflict, TableSchema schema) {
        if (onConflict != ConflictPolicy.ERROR && schema.primaryKey().isEmpty()) {
            throw new InvalidRequestException("on_conflict", "schema '" + schema.name()
                    + "' has no primary key, so on_conflict=" + onConflict.name().toLowerCase(Locale.ROOT)
                    + " has nothing to match rows on");
        }
    }
}
