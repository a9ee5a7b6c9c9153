package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.jdbc.internal.BackendHeap;
import io.hyperperp.jdbc.numeric.Decimals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What the two writers of the state share, the group commit ({@link JdbcCommitHook}) and the table writer behind
 * the log ({@link TableWriter}): their connection's settings, the stored market specs and collateral they start
 * from, and the reads of the counters that guard them.
 */
final class WriterConnections {

    private WriterConnections() {
    }

    /** @return a new connection from {@code connections}, set up for the writers' statements */
    static Connection open(JdbcCommitHook.ConnectionSource connections) throws SQLException {
        Connection c = connections.open();
        try {
            try (Statement s = c.createStatement()) {
                // The UPDATE ... FROM unnest() below touches a few hundred orders by primary key. Left to itself
                // the planner may hash-join or scan the whole (growing) orders table. This connection only runs
                // the hook's statements, each of which has a primary-key or unique-index path, so only nested
                // loops over index scans remain, and that one plan is right whatever the arrays hold: a generic
                // plan, made once per statement, saves planning with a few hundred array elements as constants
                // (0.8 ms of the 2.3 ms a 180-order update took).
                s.execute("SET enable_hashjoin = off");
                s.execute("SET enable_mergejoin = off");
                s.execute("SET enable_seqscan = off");
                s.execute("SET plan_cache_mode = force_generic_plan");
            }
            BackendHeap.raiseTrimThreshold(c);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** Rolls back and closes {@code c} (null: nothing), ignoring failures: the connection is being dropped. */
    static void drop(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is probably gone; closing is all that is left
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }

    /** Fills {@code specs} with the stored markets' specs and {@code collateral} with each account's collateral. */
    static void loadStored(Connection c, MarketRegistry registry, Map<Long, MarketSpec> specs,
                           Map<String, Long> collateral) throws SQLException {
        specs.clear();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + MarketSpecs.COLUMNS + " FROM markets")) {
            while (rs.next()) {
                MarketSpec spec = MarketSpecs.fromRow(rs);
                long id = rs.getLong("market_id");
                specs.put(id, spec != null ? spec : registry.find(id).orElseThrow(() -> new IllegalStateException(
                        "market " + id + " has no stored spec and is unknown to the registry")));
            }
        }
        collateral.clear();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_address, collateral FROM accounts")) {
            while (rs.next()) {
                collateral.put(rs.getString(1), Decimals.toScaledLong(rs.getBigDecimal(2),
                        registry.collateralDecimals()));
            }
        }
    }

    /** @return {@code engine_state.leader_term}, read in a transaction of its own */
    static long leaderTerm(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT leader_term FROM engine_state WHERE id = 1")) {
            rs.next();
            long term = rs.getLong(1);
            c.rollback();
            return term;
        }
    }

    /**
     * @return {@code column} of the one row of {@code table} ({@code engine_state.last_command_number} or
     *         {@code read_model_watermark.last_command_number}; -1 for a null watermark)
     */
    static long lastCommand(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_command_number FROM " + table + " WHERE id = 1")) {
            if (!rs.next()) {
                throw new IllegalStateException(table + " has no row: the schema is not migrated");
            }
            long n = rs.getLong(1);
            return rs.wasNull() ? -1 : n;
        }
    }
}
