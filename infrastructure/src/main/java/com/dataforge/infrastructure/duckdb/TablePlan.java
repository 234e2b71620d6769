package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Identifier;
import java.util.ArrayList;
import java.util.List;

/**
 * What start-up does to one schema's table: create it, alter it with the given statements, leave it, or refuse to
 * start because the change is not one it makes by itself.
 *
 * @param origin where the schema was declared, e.g. {@code schema file /srv/schemas/t.json}
 * @param statements the DDL start-up runs, in order (CREATE and ALTER only)
 * @param refusals for REFUSE, each change with the SQL a person could run to make it by hand
 */
public record TablePlan(Identifier table, String origin, Action action, List<String> statements,
        List<Refusal> refusals) {

    public enum Action {
        CREATE, ALTER, UNCHANGED, REFUSE
    }

    /**
     * @param subject what changed, e.g. "column 'depth'" or "primary key"
     * @param change how, e.g. "type changed from INTEGER to VARCHAR"
     * @param byHand the SQL that would make the change, for a person to judge and run with the server stopped
     */
    public record Refusal(String subject, String change, String byHand) {
    }

    public TablePlan {
        statements = List.copyOf(statements);
        refusals = List.copyOf(refusals);
    }

    public boolean refused() {
        return action == Action.REFUSE;
    }

    /**
     * The plan as lines for a person: the table, where its schema was declared and the action, then each statement
     * or refusal.
     */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(table + " (" + origin + "): " + action.name().toLowerCase(java.util.Locale.ROOT));
        statements.forEach(statement -> lines.add("  " + statement + ";"));
        for (Refusal refusal : refusals) {
            lines.add("  " + refusal.subject() + ": " + refusal.change());
            lines.add("    by hand: " + refusal.byHand());
        }
        return lines;
    }
}
