package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.domain.schema.TableSchema;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed {@code INSERT … SELECT} from an upload means to the client who sent it. DuckDB words a client's
 * fault and its own alike, as an SQLException whose message starts with the error's class: the classes only the
 * rows can cause (a value that does not convert or is out of range, invalid input, a violated constraint, an
 * upload larger than the memory DuckDB may use) are the client's 4xx; the rest stay internal errors.
 */
final class InsertFailures {

    private static final Pattern CAST_FROM_COLUMN = Pattern.compile("when casting from source column (\\w+)");

    private InsertFailures() {
    }

    /**
     * @param readFailure the failure met while DuckDB read the upload, if any: it explains DuckDB's error better
     *                    than DuckDB can
     */
    static RuntimeException translate(SQLException failure, RuntimeException readFailure, TableSchema schema) {
        if (readFailure != null) {
            return readFailure;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Optional<String> duplicate = DuckDbFailures.duplicateKey(failure, schema);
        if (duplicate.isPresent()) {
            return new ConflictException("a row with key (" + duplicate.get() + ") is already in table '"
                    + schema.name() + "' or twice in the upload; nothing was inserted. Use on_conflict=ignore to"
                    + " skip such rows or on_conflict=update to overwrite them", failure);
        }
        if (message.contains("can not update the same row twice")) {
            return new ConflictException("the upload has the same primary key twice, so on_conflict=update cannot"
                    + " tell which row wins; nothing was inserted", failure);
        }
        Optional<String> notNull = DuckDbFailures.notNullColumn(failure);
        if (notNull.isPresent()) {
            return new InvalidRequestException(notNull.get(), "column '" + notNull.get() + "' is NOT NULL in"
                    + " schema '" + schema.name() + "' but the upload has nulls in it; nothing was inserted");
        }
        if (DuckDbFailures.isWriteConflict(failure)) {
            return new ConflictException("another write to table '" + schema.name() + "' touched the same rows"
                    + " at the same time; nothing was inserted, retry the upload", failure);
        }
        if (DuckDbFailures.isConversionError(failure) || message.contains("Out of Range Error")
                || message.contains("Invalid Input Error")) {
            Matcher column = CAST_FROM_COLUMN.matcher(message);
            String parameter = column.find() ? column.group(1) : "body";
            return new InvalidRequestException(parameter, "a value of " + (parameter.equals("body") ? "the upload"
                    : "column '" + parameter + "'") + " does not fit its column of table '" + schema.name()
                    + "'; nothing was inserted. DuckDB said: " + DuckDbFailures.firstLine(failure));
        }
        if (message.contains("Constraint Error")) {
            return new ConflictException("the upload breaks a constraint of table '" + schema.name() + "'; nothing"
                    + " was inserted. DuckDB said: " + DuckDbFailures.firstLine(failure), failure);
        }
        if (message.contains("Out of Memory Error")) {
            return new TooLargeException("memory_limit", "inserting the upload into table '" + schema.name()
                    + "' needs more memory than the database may use (its memory_limit); nothing was inserted."
                    + " Send the rows in several smaller uploads");
        }
        return DuckDbFailures.translate(failure, "inserting into table '" + schema.name() + "'");
    }
}
