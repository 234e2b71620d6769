package com.dataforge.application.read;

import com.dataforge.application.port.out.TableStatistics;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowScope;

/** Counts the rows of a schema's table that match column filters, among those the caller may read. */
public final class CountRows {

    private final SchemaCatalog catalog;
    private final TableStatistics statistics;
    private final SelectionLimits limits;

    public CountRows(SchemaCatalog catalog, TableStatistics statistics, SelectionLimits limits) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.limits = limits;
    }

    public long count(CountQuery query, RowScope scope) {
        TableSchema schema = catalog.require(query.schema());
        return statistics.rowCount(schema, scope.restrict(query.selection().resolve(schema, limits).filters()));
    }
}
