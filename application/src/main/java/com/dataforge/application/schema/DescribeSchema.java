package com.dataforge.application.schema;

import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowScope;
import com.dataforge.application.port.out.TableStatistics;
import com.dataforge.application.port.out.TableStatistics.TableFacts;

/** One schema as declared, with what the database knows of its table: its row count counts the caller's rows only. */
public final class DescribeSchema {

    private final SchemaCatalog catalog;
    private final TableStatistics statistics;

    public DescribeSchema(SchemaCatalog catalog, TableStatistics statistics) {
        this.catalog = catalog;
        this.statistics = statistics;
    }

    public SchemaDescription describe(String schemaName, RowScope scope) {
        TableSchema schema = catalog.require(schemaName);
        return new SchemaDescription(schema, statistics.facts(schema, scope.filters()));
    }

    public record SchemaDescription(TableSchema schema, TableFacts facts) {
    }
}
