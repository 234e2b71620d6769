package com.dataforge.infrastructure.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * An Arrow reader handed to DuckDB as a view that a statement scans once, pulling the batches as it goes, so the rows
 * are never held whole. Everything runs in one transaction, which ends before the stream is closed: DuckDB's view of
 * the stream must not outlive it.
 */
final class RegisteredArrowStream {

    private RegisteredArrowStream() {
    }

    @FunctionalInterface
    interface Work<T> {
        /** @param view the name the reader's rows are registered under */
        T run(Statement statement, String view) throws SQLException;
    }

    /**
     * @param allocator holds the exported stream; the reader's vectors must come from the same root
     * @throws SQLException as DuckDB reports it, including a failure of the reader (as its message only)
     */
    static <T> T inTransaction(DuckDBConnection connection, BufferAllocator allocator, ArrowReader reader,
            Work<T> work) throws SQLException {
        String view = "upload_" + UUID.randomUUID().toString().replace('-', '_');
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            return Transactions.run(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    connection.registerArrowStream(view, stream);
                    T result = work.run(statement, view);
                    statement.execute("DROP VIEW IF EXISTS " + view);
                    return result;
                }
            });
        }
    }
}
