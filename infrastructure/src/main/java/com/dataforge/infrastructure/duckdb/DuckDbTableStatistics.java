package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.TableRead;
import com.dataforge.domain.table.TableStatistics;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Row counts from DuckDB, and the Arrow schema a read produces, taken from DuckDB's own export. */
public final class DuckDbTableStatistics implements TableStatistics {

    private final ConnectionPool pool;
    private final DuckDbArrowTableReader reader;

    public DuckDbTableStatistics(ConnectionPool pool, DuckDbArrowTableReader reader) {
        this.pool = pool;
        this.reader = reader;
    }

    @Override
    public TableFacts facts(TableSchema schema) {
        long rows = rowCount(schema);
        // Opening a read exports the schema before any batch is loaded, so no rows are transferred.
        try (ArrowBatches batches = reader.open(new TableRead(schema, schema.columns(), 1))) {
            return new TableFacts(rows, batches.root().getSchema());
        }
    }

    private long rowCount(TableSchema schema) {
        try (PooledConnection connection = pool.borrow();
                Statement statement = connection.connection().createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM " + Sql.quote(schema.name()))) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "counting rows of '" + schema.name() + "'");
        }
    }
}
