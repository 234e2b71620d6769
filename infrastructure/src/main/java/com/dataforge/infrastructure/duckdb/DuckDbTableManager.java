package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the tables in line with their schemas at start-up: plans every table first ({@link SchemaPlanner}),
 * and if any change is refused stops with every refusal and changes nothing; otherwise creates and alters in one
 * transaction, so a failure half-way leaves the database as it was.
 */
public final class DuckDbTableManager {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTableManager.class);

    private final DuckDbDatabase database;

    public DuckDbTableManager(DuckDbDatabase database) {
        this.database = database;
    }

    /** What {@link #ensureTables} would do to each schema's table, changing nothing. */
    public List<TablePlan> plan(List<TableSchema> schemas, Function<Identifier, String> origins) {
        SchemaPlanner planner;
        try {
            planner = new SchemaPlanner(database.primary());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's catalog: " + e.getMessage(), e);
        }
        List<TablePlan> plans = new ArrayList<>();
        for (TableSchema schema : schemas) {
            String origin = origins.apply(schema.name());
            try {
                plans.add(planner.plan(schema, origin));
            } catch (SQLException e) {
                throw new IllegalStateException(origin + ": cannot compare table '" + schema.name()
                        + "' with it: " + e.getMessage(), e);
            }
        }
        return plans;
    }

    /**
     * @param origins where each schema was declared (a schema file, or in code), for messages
     * @throws IllegalStateException naming each refused schema's origin, column and change with the SQL to make it
     *     by hand
     */
    public void ensureTables(List<TableSchema> schemas, Function<Identifier, String> origins) {
        List<TablePlan> plans = plan(schemas, origins);
        List<String> refused = plans.stream().filter(TablePlan::refused).flatMap(plan -> plan.report().stream())
                .toList();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("schemas declare changes start-up does not make by itself, so"
                    + " nothing was changed:\n" + String.join("\n", refused) + "\nmake these changes by hand with"
                    + " the server stopped (or restore the schemas), then start again; ./dataforge"
                    + " check-schemas shows what start-up would do");
        }
        apply(plans);
    }

    private void apply(List<TablePlan> plans) {
        Connection connection = database.primary();
        String running = "";
        TablePlan current = null;
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (TablePlan plan : plans) {
                    current = plan;
                    for (String sql : plan.statements()) {
                        running = sql;
                        statement.execute(sql);
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new IllegalStateException(current.origin() + ": " + running + " failed, so"
                        + " nothing was changed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run the start-up DDL in a transaction: " + e.getMessage(), e);
        }
        for (TablePlan plan : plans) {
            if (plan.action() != TablePlan.Action.UNCHANGED) {
                LOG.info("table {} schema={} statements={}", plan.action() == TablePlan.Action.CREATE ? "created"
                        : "altered", plan.table(), plan.statements());
            }
        }
    }
}
