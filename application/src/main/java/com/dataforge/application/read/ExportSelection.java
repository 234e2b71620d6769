package com.dataforge.application.read;

import com.dataforge.application.port.out.TableFileWriter;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileExport;
import com.dataforge.domain.table.RowScope;

/**
 * Writes the rows and columns a read asks for (filters, columns, order, limit, offset, within the caller's scope) to
 * a Parquet, CSV or NDJSON file.
 */
public final class ExportSelection {

    private final SchemaCatalog catalog;
    private final TableFileWriter writer;
    private final SelectionLimits limits;

    public ExportSelection(SchemaCatalog catalog, TableFileWriter writer, SelectionLimits limits) {
        this.catalog = catalog;
        this.writer = writer;
        this.limits = limits;
    }

    /**
     * @param query the selection; its batch size does not apply to a file
     * @param maxBytes the most bytes the file may grow to
     * @param scope the rows the caller may read: the query's own filters narrow them further, never widen them
     * @return the rows written
     */
    public long export(BulkReadQuery query, DataFile target, long maxBytes, RowScope scope) {
        TableSchema schema = catalog.require(query.schema());
        return writer.write(new FileExport(schema, Projection.of(schema, query.columns(), limits),
                scope.restrict(query.selection().resolve(schema, limits)), target, maxBytes));
    }
}
