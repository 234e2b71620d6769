package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty well_production table with synthetic but plausible rows, generated inside DuckDB: 120 monthly
 * periods per well, 50 wells per field, a few nulls, so that a new user's first bulk read returns data at once.
 */
public final class DemoDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);
    public static final String SCHEMA = "well_production";
    private static final List<String> COLUMNS = List.of("field_code", "field_name", "well_code", "well_reference",
            "well_name", "production_period", "days_on_production", "oil_production_kbd", "gas_production_mmcfd",
            "liquids_production_kbd", "water_production_kbd", "data_source", "source_data", "partition_0");

    private static final String ROWS = """
            SELECT w // 50 + 1 AS field_code,
                   'Field ' || (w // 50 + 1) AS field_name,
                   w + 1 AS well_code,
                   'WR-' || lpad(CAST(w + 1 AS VARCHAR), 7, '0') AS well_reference,
                   'Well ' || (w + 1) AS well_name,
                   TIMESTAMP '2015-01-01' + to_months(CAST(m AS INTEGER)) AS production_period,
                   CAST(28 + (i % 4) AS BIGINT) AS days_on_production,
                   round((hash(i) % 100000) / 1000.0, 3) AS oil_production_kbd,
                   round((hash(i + 7) % 500000) / 1000.0, 3) AS gas_production_mmcfd,
                   round((hash(i + 13) % 20000) / 1000.0, 3) AS liquids_production_kbd,
                   CASE WHEN i % 17 = 0 THEN NULL ELSE round((hash(i + 29) % 80000) / 1000.0, 3) END
                       AS water_production_kbd,
                   CASE i % 3 WHEN 0 THEN 'regulator' WHEN 1 THEN 'operator' ELSE 'estimate' END AS data_source,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE 'batch-' || (i // 100000) END AS source_data,
                   CAST(2015 + m // 12 AS VARCHAR) AS partition_0
            FROM (SELECT range AS i, range // 120 AS w, range % 120 AS m FROM range(?))
            """;

    private final ConnectionSource pool;

    public DemoDataLoader(ConnectionSource pool) {
        this.pool = pool;
    }

    /**
     * Inserts {@code rows} demo rows if the table is empty and has the well_production columns.
     *
     * @return the rows inserted: 0 if the table already had rows or does not have the expected columns
     */
    public long loadIfEmpty(TableSchema schema, long rows) {
        List<String> declared = schema.columns().stream().map(c -> c.name().value()).toList();
        if (!declared.equals(COLUMNS)) {
            LOG.warn("demo data skipped: schema {} does not declare the well_production columns {}", schema.name(),
                    COLUMNS);
            return 0;
        }
        try (PooledConnection connection = pool.borrow()) {
            if (hasRows(connection, schema)) {
                return 0;
            }
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.connection().prepareStatement(
                    "INSERT INTO " + Sql.quote(schema.name()) + " " + ROWS)) {
                insert.setLong(1, rows);
                insert.executeUpdate();
            }
            LOG.info("demo data loaded schema={} rows={} ms={}", schema.name(), rows,
                    (System.nanoTime() - started) / 1_000_000);
            return rows;
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "loading demo data into '" + schema.name() + "'");
        }
    }

    private static boolean hasRows(PooledConnection connection, TableSchema schema) throws SQLException {
        try (Statement statement = connection.connection().createStatement();
                ResultSet any = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + Sql.quote(schema.name()) + ")")) {
            any.next();
            return any.getBoolean(1);
        }
    }
}
