package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.TableStatistics;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Row counts from DuckDB (of a whole table or of the rows filters match), and the Arrow schema a read produces,
 * taken from DuckDB's own export.
 */
public final class DuckDbTableStatistics implements TableStatistics {

    private final ConnectionSource pool;
    private final DuckDbArrowTableReader reader;

    public DuckDbTableStatistics(ConnectionSource pool, DuckDbArrowTableReader reader) {
        this.pool = pool;
        this.reader = reader;
    }

    @Override
    public TableFacts facts(TableSchema schema, List<RowFilter> filters) {
        long rows = rowCount(schema, filters);
        // Opening a read exports the schema before any batch is loaded, so no rows are transferred.
        try (ArrowBatches batches = reader.open(new TableRead(schema, schema.columns(), 1))) {
            return new TableFacts(rows, batches.root().getSchema());
        }
    }

    @Override
    public long rowCount(TableSchema schema, List<RowFilter> filters) {
        try (PooledConnection connection = pool.borrow();
                ResultSet count = SelectionSql.count(schema, filters).bind(connection).executeQuery()) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "counting rows of '" + schema.name() + "'");
        }
    }
}
