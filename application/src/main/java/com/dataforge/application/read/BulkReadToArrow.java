package com.dataforge.application.read;

import com.dataforge.application.port.out.ArrowTableReader;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.RowScope;
import com.dataforge.domain.table.TableRead;

/** Reads a schema's table as a stream of Arrow batches: the rows and columns asked for, in the order asked for. */
public final class BulkReadToArrow {

    private final SchemaCatalog catalog;
    private final ArrowTableReader reader;
    private final SelectionLimits limits;

    public BulkReadToArrow(SchemaCatalog catalog, ArrowTableReader reader, SelectionLimits limits) {
        this.catalog = catalog;
        this.reader = reader;
        this.limits = limits;
    }

    /**
     * The caller owns the returned batches and must close them.
     *
     * @param scope the rows the caller may read: the query's own filters narrow them further, never widen them
     */
    public ArrowBatches read(BulkReadQuery query, RowScope scope) {
        return reader.open(plan(query, scope));
    }

    /**
     * Checks the query as {@link #read} does (the schema, every column, filter and sort key, the limits) without
     * running it: for a client that asks what a read would answer (HTTP HEAD).
     */
    public void check(BulkReadQuery query, RowScope scope) {
        plan(query, scope);
    }

    private TableRead plan(BulkReadQuery query, RowScope scope) {
        TableSchema schema = catalog.require(query.schema());
        return new TableRead(schema, Projection.of(schema, query.columns(), limits),
                scope.restrict(query.selection().resolve(schema, limits)), query.batchRows());
    }
}
