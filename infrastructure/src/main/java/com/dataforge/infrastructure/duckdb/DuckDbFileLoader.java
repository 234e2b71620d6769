package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.port.out.TableFileLoader;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FilesLoad;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.infrastructure.duckdb.pool.ConnectionSource;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Loads files with DuckDB's own readers ({@link FileReaders}): each file by one {@code INSERT … SELECT … FROM
 * read_parquet(?)} (or read_csv, read_json), all of them in one transaction, under the same statement and scope
 * guard as an Arrow upload ({@link DuckDbArrowTableWriter#execute}). One statement per file, rather than one over
 * the list, lets each file carry its own columns, names the file that fails, and lets a later file's row overwrite
 * an earlier one's with on_conflict=update, as separate uploads would.
 */
public final class DuckDbFileLoader implements TableFileLoader {

    /**
     * Past this, a file's column name cannot be a schema's (those have at most 63 characters), and Arrow's import of
     * DuckDB's schema fails on it (it reads names of up to 32,767 bytes): a CSV body of one 2 MB line was a 500.
     */
    static final int MAX_COLUMN_NAME = 1024;

    private final ConnectionSource pool;
    private final BufferAllocator rootAllocator;

    public DuckDbFileLoader(ConnectionSource pool, BufferAllocator rootAllocator) {
        this.pool = pool;
        this.rootAllocator = rootAllocator;
    }

    /**
     * The reader's output with no row, its Arrow schema as DuckDB exports it (so the check is against exactly the
     * types DuckDB would insert from) and DuckDB's own type names beside.
     */
    @Override
    public Schema describe(DataFile file) {
        String sql = "SELECT * FROM " + FileReaders.describing(file.format()) + " LIMIT 0";
        try (BufferAllocator allocator = rootAllocator.newChildAllocator("describe " + file.name(), 0, Long.MAX_VALUE);
                PooledConnection pooled = pool.borrow();
                PreparedStatement statement = pooled.connection().prepareStatement(sql)) {
            statement.setString(1, file.path().toString());
            try (DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery()) {
                refuseLongNames(result.getMetaData(), file);
                return exported(result, allocator, file);
            }
        } catch (SQLException e) {
            throw FileFailures.reading(e, file).orElseGet(() -> unreadable(e, file));
        }
    }

    private static void refuseLongNames(ResultSetMetaData meta, DataFile file) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnName(i);
            if (name.length() > MAX_COLUMN_NAME) {
                throw new InvalidRequestException(file.parameter(), file.name() + " has a column named '"
                        + name.substring(0, 20) + "…', " + name.length() + " characters long; a column's name has"
                        + " at most 63 (is the first line of a CSV file its header?)");
            }
        }
    }

    private static Schema exported(DuckDBResultSet result, BufferAllocator allocator, DataFile file)
            throws SQLException {
        try (ArrowReader reader = (ArrowReader) result.arrowExportStream(allocator, 1)) {
            return named(reader.getVectorSchemaRoot().getSchema(), result.getMetaData());
        } catch (IOException e) {
            throw new IllegalStateException("DuckDB's reader of " + file.name() + " gave no readable schema", e);
        }
    }

    private static Schema named(Schema exported, ResultSetMetaData meta) throws SQLException {
        List<Field> fields = new ArrayList<>(exported.getFields().size());
        for (int i = 0; i < exported.getFields().size(); i++) {
            Field field = exported.getFields().get(i);
            fields.add(new Field(field.getName(), new FieldType(field.isNullable(), field.getType(),
                    field.getDictionary(), Map.of(TYPE_NAME, meta.getColumnTypeName(i + 1))), field.getChildren()));
        }
        return new Schema(fields);
    }

    private static RuntimeException unreadable(SQLException failure, DataFile file) {
        return new InvalidRequestException(file.parameter(), file.name() + " cannot be read as " + file.format().name()
                + "; DuckDB said: " + FileFailures.said(failure, file));
    }

    @Override
    public InsertOutcome load(FilesLoad load) {
        TableSchema schema = load.schema();
        try (PooledConnection pooled = pool.borrow()) {
            DuckDBConnection connection = pooled.connection();
            return Transactions.run(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    long before = DuckDbArrowTableWriter.count(statement, schema);
                    long rows = 0;
                    for (FilesLoad.FileColumns file : load.files()) {
                        rows += insert(connection, load, file, rows);
                    }
                    return DuckDbArrowTableWriter.outcome(load.onConflict(), rows,
                            DuckDbArrowTableWriter.count(statement, schema) - before);
                }
            });
        } catch (SQLException e) {
            throw DuckDbFailures.translate(e, "loading files into table '" + schema.name() + "'");
        }
    }

    /**
     * @param rowsBefore the rows the load's earlier files held
     * @return the rows of this file
     */
    private static long insert(Connection connection, FilesLoad load, FilesLoad.FileColumns file, long rowsBefore) {
        DataFile data = file.file();
        String reader = FileReaders.loading(data.format(), file.columns());
        try {
            long rows = rows(connection, reader, data);
            if (rowsBefore + rows > load.maxRows()) {
                throw new TooLargeException("max_upload_rows", "the files hold more than " + load.maxRows()
                        + " rows, the most one load may insert; load them in several parts; nothing was inserted");
            }
            DuckDbArrowTableWriter.execute(connection, load.insertOf(file), reader,
                    List.of(data.path().toString()), () -> rows);
            return rows;
        } catch (SQLException e) {
            throw ScopeSql.violation(e, load.scope(), "a row of " + data.name()).map(RuntimeException.class::cast)
                    .or(() -> FileFailures.reading(e, data))
                    .orElseGet(() -> named(InsertFailures.translate(e, null, load.schema()), data));
        }
    }

    /** Counted first, for the row limit and the outcome; Parquet answers from its footer without reading a row. */
    private static long rows(Connection connection, String reader, DataFile file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + reader)) {
            statement.setString(1, file.path().toString());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** A refusal of a value, with the file it is in. */
    private static RuntimeException named(RuntimeException refusal, DataFile file) {
        return refusal instanceof InvalidRequestException invalid
                ? new InvalidRequestException(invalid.parameter(), file.name() + ": " + invalid.getMessage()
                        .replace(file.path().toString(), file.name()))
                : refusal;
    }
}
