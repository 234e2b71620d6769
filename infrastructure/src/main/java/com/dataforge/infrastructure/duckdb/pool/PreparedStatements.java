package com.dataforge.infrastructure.duckdb.pool;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one pooled connection, kept from borrow to borrow by their SQL text. DuckDB takes about
 * as long to prepare a point lookup as to run it, so a record API called in a loop would otherwise spend half its
 * database time planning the same few statements again.
 *
 * <p>At most {@value #CAPACITY} statements are kept, the least recently used one closed to make room, since filters
 * and projections make the set of texts unbounded. A statement DuckDB has closed (it closes one whose execution
 * failed) is prepared again on its next use. Used by one borrower at a time, like its connection.
 */
public final class PreparedStatements implements AutoCloseable {

    static final int CAPACITY = 64;
    private static final Logger LOG = LoggerFactory.getLogger(PreparedStatements.class);

    private final DuckDBConnection connection;
    private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    PreparedStatements(DuckDBConnection connection) {
        this.connection = connection;
    }

    /**
     * The connection's statement for {@code sql}, prepared on its first use. It may still hold the parameters of its
     * last use: bind every one. Close its result sets, never the statement itself; it stays open until evicted or
     * until the connection is closed.
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = bySql.get(sql);
        if (statement != null && !statement.isClosed()) {
            return statement;
        }
        statement = connection.prepareStatement(sql);
        bySql.put(sql, statement);
        return statement;
    }

    /** How many statements are kept now. */
    int size() {
        return bySql.size();
    }

    /** Closes every statement kept; the connection stays open. */
    @Override
    public void close() {
        List<PreparedStatement> all = new ArrayList<>(bySql.values());
        bySql.clear();
        all.forEach(PreparedStatements::closeQuietly);
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("closing a cached prepared statement failed", e);
        }
    }
}
