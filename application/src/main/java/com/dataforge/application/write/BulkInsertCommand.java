package com.dataforge.application.write;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.ConflictPolicy;
import java.util.Locale;
import java.util.Objects;

/**
 * A request to append an Arrow upload to a table.
 *
 * @param schema the schema name as the client wrote it
 * @param onConflict what to do with rows whose primary key is already stored
 */
public record BulkInsertCommand(String schema, ConflictPolicy onConflict) {

    public BulkInsertCommand {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(onConflict, "onConflict");
    }

    /** Parses {@code on_conflict=error|ignore|update}; absent means error. */
    public static ConflictPolicy parseConflictPolicy(String text) {
        if (text == null) {
            return ConflictPolicy.ERROR;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "error" -> ConflictPolicy.ERROR;
            case "ignore" -> ConflictPolicy.IGNORE;
            case "update" -> ConflictPolicy.UPDATE;
            default -> throw new InvalidRequestException("on_conflict",
                    "on_conflict must be error, ignore or update, got '" + text + "'");
        };
    }
}
