package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.write.UploadColumns;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.infrastructure.transfer.FileFormat;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBResultSet;
import org.duckdb.QueryProgress;

/**
 * Files of any {@link FileFormat} read by an in-memory DuckDB as one Arrow stream of a schema's columns, batch by
 * batch: Parquet, CSV and NDJSON by DuckDB's own readers, Arrow IPC files by Arrow's readers handed to DuckDB as
 * views. Each file is checked against the schema before any row is read, by the bulk-insert rules
 * ({@link UploadColumns}), so an error names the file; CSV and NDJSON values are read as the declared types, so a bad
 * value fails naming its line. The stream carries the declared columns that any file has, a file without one giving
 * NULL, so several files make one upload and one transaction.
 */
public final class FileRows implements AutoCloseable {

    private final DuckDbDatabase database;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final long totalBytes;
    private PreparedStatement statement;
    private ArrowReader reader;

    private FileRows(DuckDbDatabase database, long totalBytes) {
        this.database = database;
        this.totalBytes = totalBytes;
    }

    /**
     * @param allocator holds the batches; it must outlive this object
     * @throws TransferException naming the file and column at fault
     */
    public static FileRows open(TableSchema schema, List<Path> files, BufferAllocator allocator, int batchRows) {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new TransferException(file + ": cannot be read: " + e.getMessage());
            }
        }
        FileRows rows = new FileRows(DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(),
                Optional.empty(), Optional.empty())), bytes);
        try {
            rows.start(schema, files, allocator, batchRows);
            return rows;
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /** One file's part of the union: the reader expression, its bound path and the columns it has. */
    private record Source(Path file, String from, Optional<String> parameter, List<Column> columns) {
    }

    private void start(TableSchema schema, List<Path> files, BufferAllocator allocator, int batchRows) {
        try {
            DuckDBConnection connection = database.connectionFactory().open();
            resources.push(connection);
            List<Source> sources = new ArrayList<>();
            for (Path file : files) {
                sources.add(source(connection, schema, file, allocator));
            }
            Set<Column> carried = new LinkedHashSet<>();
            schema.columns().stream().filter(column -> sources.stream().anyMatch(s -> s.columns().contains(column)))
                    .forEach(carried::add);
            String sql = sources.stream().map(source -> select(source, carried))
                    .collect(Collectors.joining(" UNION ALL "));
            statement = connection.prepareStatement(sql);
            resources.push(statement);
            int index = 1;
            for (Source source : sources) {
                if (source.parameter().isPresent()) {
                    statement.setString(index++, source.parameter().get());
                }
            }
            ResultSet result;
            try {
                result = statement.executeQuery();
            } catch (SQLException e) {
                throw new TransferException(DuckDbFailures.firstLine(e), e);
            }
            resources.push(result);
            reader = (ArrowReader) ((DuckDBResultSet) result).arrowExportStream(allocator, batchRows);
            resources.push(reader);
        } catch (SQLException e) {
            throw new TransferException("reading the files failed: " + DuckDbFailures.firstLine(e), e);
        }
    }

    private Source source(DuckDBConnection connection, TableSchema schema, Path file, BufferAllocator allocator)
            throws SQLException {
        FileFormat format = FileFormat.ofInput(file);
        String path = file.toAbsolutePath().toString();
        try {
            return switch (format) {
                case PARQUET -> new Source(file, "read_parquet(?)", Optional.of(path),
                        UploadColumns.match(schema, arrowSchema(connection, "read_parquet(?)", path, allocator, file)));
                case CSV -> {
                    List<Column> columns = UploadColumns.matchNames(schema,
                            names(connection, "read_csv(?, header = true, all_varchar = true)", path, file));
                    yield new Source(file, "read_csv(?, header = true, types = " + typeMap(columns) + ")",
                            Optional.of(path), columns);
                }
                case NDJSON -> {
                    List<Column> columns = UploadColumns.matchNames(schema, names(connection,
                            "read_json(?, format = 'newline_delimited')", path, file));
                    yield new Source(file, "read_json(?, format = 'newline_delimited', columns = "
                            + typeMap(columns) + ")", Optional.of(path), columns);
                }
                case ARROW_FILE, ARROW_STREAM -> arrowSource(connection, schema, file, format, allocator);
            };
        } catch (InvalidRequestException e) {
            throw new TransferException(file + ": " + e.getMessage(), e);
        }
    }

    /** The Arrow IPC file read batch by batch by Arrow's reader, registered as a view that DuckDB scans once. */
    private Source arrowSource(DuckDBConnection connection, TableSchema schema, Path file, FileFormat format,
            BufferAllocator allocator) {
        ArrowReader fileReader;
        Schema fileSchema;
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            fileReader = format == FileFormat.ARROW_FILE ? new ArrowFileReader(channel, allocator)
                    : new ArrowStreamReader(channel, allocator);
            resources.push(fileReader);
            fileSchema = fileReader.getVectorSchemaRoot().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new TransferException(file + ": not a readable " + format.title() + ": " + e.getMessage(), e);
        }
        List<Column> columns = UploadColumns.match(schema, fileSchema);
        String view = "file_" + UUID.randomUUID().toString().replace('-', '_');
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        resources.push(stream);
        Data.exportArrayStream(allocator, fileReader, stream);
        connection.registerArrowStream(view, stream);
        return new Source(file, view, Optional.empty(), columns);
    }

    private static Schema arrowSchema(DuckDBConnection connection, String from, String path,
            BufferAllocator allocator, Path file) {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM " + from + " LIMIT 0")) {
            query.setString(1, path);
            try (ResultSet result = query.executeQuery();
                    ArrowReader empty = (ArrowReader) ((DuckDBResultSet) result).arrowExportStream(allocator, 1)) {
                return empty.getVectorSchemaRoot().getSchema();
            }
        } catch (SQLException | IOException e) {
            throw new TransferException(file + ": cannot be read: " + message(e), e);
        }
    }

    private static List<String> names(DuckDBConnection connection, String from, String path, Path file) {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM " + from + " LIMIT 0")) {
            query.setString(1, path);
            try (ResultSet result = query.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnName(i));
                }
                return names;
            }
        } catch (SQLException e) {
            throw new TransferException(file + ": cannot be read: " + message(e), e);
        }
    }

    /** {@code {'a': 'BIGINT', …}} from catalog identifiers and types only, never from the file's text. */
    private static String typeMap(List<Column> columns) {
        return columns.stream().map(column -> "'" + column.name().value() + "': '" + column.type() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String select(Source source, Set<Column> carried) {
        return carried.stream().map(column -> (source.columns().contains(column) ? "CAST(" + Sql.quote(column.name())
                        + " AS " + transportType(column.type()) + ")" : "CAST(NULL AS " + transportType(column.type())
                        + ")") + " AS " + Sql.quote(column.name()))
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + source.from()));
    }

    /** The declared type, but UUIDs as text: what bulk insert takes for a UUID column. */
    private static String transportType(ColumnType type) {
        return type.kind() == ColumnType.Kind.UUID ? "VARCHAR" : type.toString();
    }

    /** The rows of every file, in file order; owned by this object. */
    public ArrowReader reader() {
        return reader;
    }

    /** The files' size on disk. */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * DuckDB's progress through the files: {@code [rowsProcessed, percentage]}, percentage -1 while unknown. Safe to
     * call from another thread while the rows are read.
     */
    public QueryProgress progress() {
        try {
            return statement.unwrap(DuckDBPreparedStatement.class).getQueryProgress();
        } catch (SQLException e) {
            return null;
        }
    }

    /** Stops the read from another thread: the reader's next batch fails, so the insert it feeds rolls back. */
    public void cancel() {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // Already finished or closed: nothing left to stop.
        }
    }

    private static String message(Exception e) {
        return e instanceof SQLException sql ? DuckDbFailures.firstLine(sql) : String.valueOf(e.getMessage());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the file readers failed: " + e.getMessage(), e);
                }
            }
        }
        database.close();
        if (failure != null) {
            throw failure;
        }
    }
}
