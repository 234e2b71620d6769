package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns DuckDB and pool failures into what a client can act on. */
final class DuckDbFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFailures.class);

    /** Long enough for a typical bulk read to hand its connection back. */
    static final Duration RETRY_AFTER_POOL_TIMEOUT = Duration.ofSeconds(1);
    /** Long enough for the queries holding DuckDB's memory to finish and give it back. */
    static final Duration RETRY_AFTER_OUT_OF_MEMORY = Duration.ofSeconds(5);

    // How DuckDB's buffer manager says a query ran into memory_limit; at commit the same is wrapped in a
    // "TransactionContext Error".
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "Out of Memory Error|failed to pin block|could not allocate block|failed to allocate data of size");
    // DuckDB JDBC 2.0 reports a streamed query that fails before its first row with this alone, dropping the reason.
    // The queries we stream bind typed values, so what fails them there is the database's resources, above all
    // memory_limit (a sort that cannot spill).
    private static final String STREAM_FAILED_UNSAID = "Invalid Input Error: Invalid result set";

    // DuckDB words a key already in the table one way, and a key written twice in one transaction another.
    private static final Pattern DUPLICATE_KEY = Pattern.compile(
            "Duplicate key \"(.*?)\" violates|constraint violation: duplicate key \"(.*?)\"");
    private static final Pattern NOT_NULL = Pattern.compile("NOT NULL constraint failed: [^.\\s]+\\.(\\w+)");

    private DuckDbFailures() {
    }

    static RuntimeException translate(SQLException failure, String action) {
        if (failure instanceof SQLTransientConnectionException) {
            return new ServiceUnavailableException("the database is busy: " + failure.getMessage()
                    + "; retry shortly", RETRY_AFTER_POOL_TIMEOUT, failure);
        }
        if (OUT_OF_MEMORY.matcher(message(failure)).find()) {
            LOG.warn("DuckDB ran out of memory {}: {}; raise --memory-limit if this recurs", action,
                    firstLine(failure));
            return new ServiceUnavailableException("the database reached its memory limit while " + action
                    + "; retry shortly, or ask for less at once", RETRY_AFTER_OUT_OF_MEMORY, failure);
        }
        if (message(failure).startsWith(STREAM_FAILED_UNSAID)) {
            LOG.warn("DuckDB failed {} before the first row without saying why (most likely its memory_limit)",
                    action);
            return new ServiceUnavailableException("the database could not start " + action + " (most likely it is"
                    + " out of memory); retry shortly, or ask for less at once", RETRY_AFTER_OUT_OF_MEMORY, failure);
        }
        return new IllegalStateException("DuckDB failed " + action + ": " + failure.getMessage(), failure);
    }

    /**
     * The key a write repeated, each value named by its column, e.g. {@code a: 5, b: x}; empty for other failures.
     * DuckDB names the columns for a key already in the table, but gives only the values, joined by ", ", for a key
     * twice in one statement: those are named here, unless a value holds ", " itself and the split would be a guess,
     * in which case the columns are listed before the values.
     */
    static Optional<String> duplicateKey(SQLException failure, TableSchema schema) {
        Matcher duplicate = DUPLICATE_KEY.matcher(message(failure));
        if (!duplicate.find()) {
            return Optional.empty();
        }
        if (duplicate.group(1) != null) {
            return Optional.of(duplicate.group(1));
        }
        List<String> columns = schema.primaryKey().stream().map(Identifier::value).toList();
        String values = duplicate.group(2);
        String[] parts = values.split(", ", -1);
        if (parts.length != columns.size()) {
            return Optional.of(String.join(", ", columns) + " = " + values);
        }
        StringJoiner named = new StringJoiner(", ");
        for (int i = 0; i < parts.length; i++) {
            named.add(columns.get(i) + ": " + parts[i]);
        }
        return Optional.of(named.toString());
    }

    /** The column of a NOT NULL violation; empty for other failures. */
    static Optional<String> notNullColumn(SQLException failure) {
        Matcher notNull = NOT_NULL.matcher(message(failure));
        return notNull.find() ? Optional.of(notNull.group(1)) : Optional.empty();
    }

    static boolean isConversionError(SQLException failure) {
        return message(failure).contains("Conversion Error");
    }

    static boolean isWriteConflict(SQLException failure) {
        String message = message(failure);
        return message.contains("write-write conflict") || message.contains("Transaction conflict");
    }

    static String firstLine(SQLException failure) {
        String message = message(failure);
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String message(SQLException failure) {
        return failure.getMessage() == null ? "" : failure.getMessage();
    }
}
