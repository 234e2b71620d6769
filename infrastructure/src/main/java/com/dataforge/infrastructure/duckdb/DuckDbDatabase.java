package com.dataforge.infrastructure.duckdb;

import com.dataforge.infrastructure.duckdb.pool.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded DuckDB database: one Data Forge opens itself, or one an embedding application has open already. Its
 * primary connection is used for start-up DDL and the final checkpoint; request work runs on connections
 * {@linkplain #connectionFactory() duplicated} from it, which share the database instance.
 */
public final class DuckDbDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbDatabase.class);

    /**
     * DuckDB 1.5 and 2.0 answer {@code ORDER BY x LIMIT n} wrongly once rows holding the smallest or largest x were
     * deleted or updated: the row_group_pruner optimizer skips row groups by their min/max statistics, which those
     * writes leave stale, so it can skip the row group that holds the answer (LIMIT 1 then gives a larger row, or
     * none). DuckDB takes this option for the whole database only, so it is set when the database opens and holds
     * for every connection duplicated from it. Drop it once the pinned DuckDB no longer has the bug, which
     * DuckDbDatabaseTest checks.
     */
    static final String DISABLED_OPTIMIZERS = "row_group_pruner";

    /**
     * @param file the database file, created with its directory if absent; empty for an in-memory database
     * @param memoryLimit DuckDB's memory_limit, e.g. "2GB"; empty for DuckDB's default (80% of RAM)
     * @param threads DuckDB's worker threads; empty for one per core
     */
    public record Settings(Optional<Path> file, Optional<String> memoryLimit, Optional<Integer> threads) {
    }

    private final DuckDBConnection primary;
    private final String description;
    /**
     * False for a database the host application opened (checkpointing and closing it stay the host's) and for one
     * opened read-only (nothing was written).
     */
    private final boolean checkpointsAtClose;

    private DuckDbDatabase(DuckDBConnection primary, String description, boolean checkpointsAtClose) {
        this.primary = primary;
        this.description = description;
        this.checkpointsAtClose = checkpointsAtClose;
    }

    public static DuckDbDatabase open(Settings settings) {
        return open(settings, new Properties(), true);
    }

    /**
     * Opens an existing database file for reading only, so a look at it (check-schemas) can change nothing. DuckDB
     * still allows temporary tables.
     */
    public static DuckDbDatabase openReadOnly(Path file) {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return open(new Settings(Optional.of(file), Optional.empty(), Optional.empty()), properties, false);
    }

    private static DuckDbDatabase open(Settings settings, Properties properties, boolean writable) {
        // Without it DuckDB materialises the whole result before the first Arrow batch is exported.
        properties.setProperty("jdbc_stream_results", "true");
        properties.setProperty("disabled_optimizers", DISABLED_OPTIMIZERS);
        // DuckDB 2.0's asynchronous I/O can hang a COPY TO that is cancelled (an export stopped at its size limit):
        // the file writer's destructor waits for write tasks that never finish. The worker threads do the I/O instead.
        properties.setProperty("async_threads", "0");
        settings.memoryLimit().ifPresent(limit -> properties.setProperty("memory_limit", limit));
        settings.threads().ifPresent(threads -> properties.setProperty("threads", Integer.toString(threads)));
        String description = settings.file().map(Path::toString).orElse("in-memory database");
        String url = "jdbc:duckdb:" + settings.file().map(DuckDbDatabase::prepareDirectory).orElse("");
        DuckDbDatabase database;
        try {
            database = new DuckDbDatabase((DuckDBConnection) DriverManager.getConnection(url, properties),
                    description, writable);
        } catch (SQLException e) {
            String hint = e.getMessage() != null && e.getMessage().contains("lock")
                    ? " (another process has it open: DuckDB allows one writer process per file)" : "";
            throw new IllegalStateException("cannot open DuckDB database " + description + ": " + e.getMessage()
                    + hint, e);
        }
        try {
            LOG.info("database opened file={} memory_limit={} threads={} disabled_optimizers={}", description,
                    database.setting("memory_limit"), database.setting("threads"),
                    database.setting("disabled_optimizers"));
        } catch (SQLException e) {
            database.close();
            throw new IllegalStateException("DuckDB database " + description + " opened but cannot report its"
                    + " settings: " + e.getMessage(), e);
        }
        return database;
    }

    /**
     * The database an embedding application has open on {@code hostConnection}. Data Forge works on connections of
     * its own duplicated from it, so the host's connection is never used by two threads, and leaves the database's
     * settings (memory limit, threads) to the host, with one exception: the optimizer that {@link
     * #DISABLED_OPTIMIZERS} names is disabled for the whole database, as DuckDB allows it only there, since it makes
     * ordered reads wrong. {@link #close()} closes only Data Forge's own connection: no checkpoint, and the host's
     * connection and database stay open.
     *
     * @throws IllegalStateException if the host's connection is closed or DuckDB refuses the optimizer setting
     */
    public static DuckDbDatabase sharedWith(DuckDBConnection hostConnection) {
        DuckDbDatabase database;
        try {
            database = new DuckDbDatabase(hostConnection.duplicate(), "the host's database", false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a connection to the host's DuckDB database from the"
                    + " connection given (is it closed?): " + e.getMessage(), e);
        }
        try {
            database.disableOptimizers();
            LOG.info("database shared with the host memory_limit={} threads={} disabled_optimizers={}",
                    database.setting("memory_limit"), database.setting("threads"),
                    database.setting("disabled_optimizers"));
        } catch (SQLException e) {
            database.close();
            throw new IllegalStateException("the host's DuckDB database refused Data Forge's settings: "
                    + e.getMessage(), e);
        }
        return database;
    }

    /** Adds {@link #DISABLED_OPTIMIZERS} to what the host has disabled, keeping those. */
    private void disableOptimizers() throws SQLException {
        List<String> disabled = new ArrayList<>();
        for (String name : setting("disabled_optimizers").split(",")) {
            if (!name.isBlank()) {
                disabled.add(name.strip());
            }
        }
        if (disabled.contains(DISABLED_OPTIMIZERS)) {
            return;
        }
        disabled.add(DISABLED_OPTIMIZERS);
        // SET takes no parameter; the names are DuckDB's own, each checked to be a plain word before it is quoted.
        for (String name : disabled) {
            if (!name.matches("[a-z_]+")) {
                throw new SQLException("disabled_optimizers holds '" + name + "', which is not an optimizer name");
            }
        }
        try (Statement statement = primary.createStatement()) {
            statement.execute("SET disabled_optimizers = '" + String.join(",", disabled) + "'");
        }
    }

    /** Opens connections to this database, each with result streaming on. */
    public ConnectionFactory connectionFactory() {
        return () -> {
            DuckDBConnection connection = primary.duplicate();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET jdbc_stream_results = true");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        };
    }

    /** A setting as DuckDB reports it, e.g. memory_limit "11.7 GiB". */
    String setting(String name) throws SQLException {
        try (PreparedStatement statement = primary.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** The primary connection, for start-up work on one thread before requests are served. */
    DuckDBConnection primary() {
        return primary;
    }

    /** Writes the write-ahead log into the database file so the next start need not replay it. */
    private void checkpoint() {
        try (Statement statement = primary.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.warn("checkpoint of {} failed; DuckDB replays its write-ahead log at next start: {}",
                    description, e.getMessage());
        }
    }

    /**
     * Checkpoints a database Data Forge opened for writing and closes its primary connection; connections duplicated from it
     * keep the database open until they are closed too.
     */
    @Override
    public void close() {
        if (checkpointsAtClose) {
            checkpoint();
        }
        try {
            primary.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", description, e.getMessage());
        }
    }

    private static String prepareDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + parent + " for the database", e);
        }
        return file.toAbsolutePath().toString();
    }
}
