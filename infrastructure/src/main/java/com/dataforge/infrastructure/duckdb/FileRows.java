package com.dataforge.infrastructure.duckdb;

import com.dataforge.application.write.UploadColumns;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.DataFile;
import com.dataforge.infrastructure.duckdb.pool.ConnectionPool;
import com.dataforge.infrastructure.duckdb.pool.PoolSettings;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Files of any {@link FileType} read by an in-memory DuckDB as one Arrow stream of a schema's columns, batch by
 * batch: Parquet, CSV and NDJSON by DuckDB's own readers exactly as the file loader reads them ({@link FileReaders},
 * {@link DuckDbFileLoader#describe}), Arrow IPC files by Arrow's readers handed to DuckDB as views. Each file is
 * checked against the schema before any row is read, by the bulk-insert rules ({@link UploadColumns}), so an error
 * names the file; CSV and NDJSON values are read as the declared types, so a bad value fails naming its line. This
 * is what {@code import --url} streams to a server, and what a direct import of Arrow IPC files inserts. The stream
 * carries the declared columns that any file has, a file without one giving the column's declared default or else
 * NULL (what an insert of that file alone would store), so several files make one upload and one transaction.
 */
public final class FileRows implements AutoCloseable {

    private final DuckDbDatabase database;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final long totalBytes;
    private PreparedStatement statement;
    private volatile boolean cancelled;
    private List<Source> sources = List.of();
    private ArrowReader reader;

    private FileRows(DuckDbDatabase database, long totalBytes) {
        this.database = database;
        this.totalBytes = totalBytes;
    }

    /**
     * @param allocator holds the batches; it must outlive this object
     * @param rowsRead told each batch's row count as it is read
     * @throws TransferException naming the file and column at fault
     */
    public static FileRows open(TableSchema schema, List<Path> files, BufferAllocator allocator, int batchRows,
            LongConsumer rowsRead) {
        FileRows rows = new FileRows(DuckDbDatabase.open(new DuckDbDatabase.Settings(Optional.empty(),
                Optional.empty(), Optional.empty())), totalBytes(files));
        try {
            rows.start(schema, files, allocator, batchRows, rowsRead);
            return rows;
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /**
     * One file's part of the union: the reader expression and the columns it has; {@code data} is the file DuckDB
     * reads by its path (a bound parameter), null for an Arrow file registered as a view.
     */
    private record Source(DataFile data, String from, List<Column> columns) {
    }

    private void start(TableSchema schema, List<Path> files, BufferAllocator allocator, int batchRows,
            LongConsumer rowsRead) {
        try {
            ConnectionPool describing = new ConnectionPool("describe", database.connectionFactory(),
                    new PoolSettings(1, Duration.ofSeconds(30), Duration.ZERO));
            resources.push(describing);
            DuckDbFileLoader describer = new DuckDbFileLoader(describing, allocator);
            DuckDBConnection connection = database.connectionFactory().open();
            resources.push(connection);
            List<Source> sources = new ArrayList<>();
            for (Path file : files) {
                sources.add(source(connection, describer, schema, file, allocator));
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
                for (Column column : defaulted(source, carried)) {
                    BoundValues.bind(statement, index++, column.defaultValue().orElseThrow(), "the default of"
                            + " column '" + column.name() + "'");
                }
                if (source.data() != null) {
                    statement.setString(index++, source.data().path().toString());
                }
            }
            this.sources = sources;
            ResultSet result;
            try {
                result = statement.executeQuery();
            } catch (SQLException e) {
                throw failure(e);
            }
            resources.push(result);
            ArrowReader exported = (ArrowReader) ((DuckDBResultSet) result).arrowExportStream(allocator, batchRows);
            resources.push(exported);
            reader = new BatchesReader(new CancellableBatches(exported), allocator, rowsRead);
            resources.push(reader);
        } catch (SQLException e) {
            throw new TransferException("reading the files failed: " + DuckDbFailures.firstLine(e), e);
        }
    }

    private Source source(DuckDBConnection connection, DuckDbFileLoader describer, TableSchema schema, Path file,
            BufferAllocator allocator) {
        FileType type = FileType.ofInput(file);
        try {
            if (type.tableFormat().isEmpty()) {
                return arrowSource(connection, schema, file, type, allocator);
            }
            DataFile data = new DataFile(file.toAbsolutePath(), type.tableFormat().get(), "file '" + file + "'",
                    "file");
            List<Column> columns = UploadColumns.match(schema, describer.describe(data), data.name(), "file",
                    data.format().typed());
            return new Source(data, FileReaders.loading(data.format(), columns), columns);
        } catch (DataForgeException e) {
            throw new TransferException(e.getMessage(), e);
        }
    }

    /** The Arrow IPC file read batch by batch by Arrow's reader, registered as a view that DuckDB scans once. */
    private Source arrowSource(DuckDBConnection connection, TableSchema schema, Path file, FileType type,
            BufferAllocator allocator) {
        ArrowReader fileReader;
        Schema fileSchema;
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            fileReader = type == FileType.ARROW_FILE ? new ArrowFileReader(channel, allocator)
                    : new ArrowStreamReader(channel, allocator);
            resources.push(fileReader);
            fileSchema = fileReader.getVectorSchemaRoot().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new TransferException("file '" + file + "' is not a readable " + type.title() + ": "
                    + e.getMessage(), e);
        }
        List<Column> columns = UploadColumns.match(schema, fileSchema, "file '" + file + "'", "file", true);
        String view = "file_" + UUID.randomUUID().toString().replace('-', '_');
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        resources.push(stream);
        Data.exportArrayStream(allocator, fileReader, stream);
        connection.registerArrowStream(view, stream);
        return new Source(null, view, columns);
    }

    /**
     * The carried columns from one file: its own, and for each it lacks the column's default (a parameter, bound in
     * the order of {@link #defaulted}) or NULL, just as an insert of that file alone would store.
     */
    private static String select(Source source, Set<Column> carried) {
        return carried.stream().map(column -> "CAST(" + (source.columns().contains(column) ? Sql.quote(column.name())
                        : column.defaultValue().isPresent() ? "?" : "NULL") + " AS " + transportType(column.type())
                        + ") AS " + Sql.quote(column.name()))
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + source.from()));
    }

    /** The carried columns {@code source} lacks that declare a default, in the order {@link #select} names them. */
    private static List<Column> defaulted(Source source, Set<Column> carried) {
        return carried.stream().filter(column -> !source.columns().contains(column)
                && column.defaultValue().isPresent()).toList();
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

    /** The size on disk of {@code files}, all together. */
    public static long totalBytes(List<Path> files) {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new TransferException("file '" + file + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return bytes;
    }

    /**
     * Stops the read from another thread: the reader's next batch fails, so the insert or upload it feeds rolls
     * back. (Cancelling DuckDB's statement would not do: with streamed results it runs only inside executeQuery.)
     */
    public void cancel() {
        cancelled = true;
    }

    /** DuckDB's exported batches, checked for a cancellation before each. */
    private final class CancellableBatches implements ArrowBatches {

        private final ArrowReader exported;

        CancellableBatches(ArrowReader exported) {
            this.exported = exported;
        }

        @Override
        public VectorSchemaRoot root() {
            try {
                return exported.getVectorSchemaRoot();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public boolean next() {
            if (cancelled) {
                throw new TransferException("cancelled");
            }
            try {
                return exported.loadNextBatch();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {
            // Closed with the other resources, in order.
        }
    }

    /**
     * A failure of the read, in the words of the file it happened in (its line, for CSV and NDJSON), as the file
     * loader words it; the reader's own message when no file is named in it.
     */
    public TransferException failure(Exception failure) {
        SQLException sql = failure instanceof SQLException e ? e : new SQLException(failure.getMessage(), failure);
        String message = String.valueOf(sql.getMessage());
        for (Source source : sources) {
            if (source.data() != null && message.contains(source.data().path().toString())) {
                String named = FileFailures.reading(sql, source.data()).map(RuntimeException::getMessage)
                        .orElseGet(() -> source.data().name() + ": " + FileFailures.said(sql, source.data()));
                return new TransferException(named, failure);
            }
        }
        return new TransferException("reading the files failed: " + DuckDbFailures.firstLine(sql), failure);
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
