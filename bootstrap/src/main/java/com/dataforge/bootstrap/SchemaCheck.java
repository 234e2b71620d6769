package com.dataforge.bootstrap;

import com.dataforge.infrastructure.catalog.DeclaredSchemaCatalog;
import com.dataforge.infrastructure.duckdb.DuckDbDatabase;
import com.dataforge.infrastructure.duckdb.DuckDbTableManager;
import com.dataforge.infrastructure.duckdb.TablePlan;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code check-schemas}: what start-up would do to each schema's table, printed without changing anything. The
 * plan is the one start-up follows ({@link DuckDbTableManager#plan}); the database is opened read-only, and a file
 * that does not exist yet is neither created nor needed (every table would be created).
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /**
     * @param database the database file; empty for an in-memory one, where every table would be created
     * @return true when start-up would go ahead, false when it would refuse some change
     */
    public static boolean report(Optional<Path> database, Path schemas, PrintStream out) {
        DeclaredSchemaCatalog catalog = DeclaredSchemaCatalog.load(schemas);
        Optional<Path> existing = database.filter(Files::exists);
        database.filter(file -> existing.isEmpty())
                .ifPresent(file -> out.println("database " + file + " does not exist yet: start-up creates it"));
        List<TablePlan> plans;
        try (DuckDbDatabase opened = existing.map(DuckDbDatabase::openReadOnly).orElseGet(() -> DuckDbDatabase.open(
                new DuckDbDatabase.Settings(Optional.empty(), Optional.empty(), Optional.empty())))) {
            plans = new DuckDbTableManager(opened).plan(catalog.all(), catalog::origin);
        }
        plans.forEach(plan -> plan.report().forEach(out::println));
        long refused = plans.stream().filter(TablePlan::refused).count();
        out.println(refused == 0 ? "start-up would go ahead" : "start-up would refuse " + refused + " of "
                + plans.size() + " schemas and change nothing");
        return refused == 0;
    }
}
