package io.hyperperp.jdbc.engine;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.runtime.ProcessedCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The log-only transaction of a group when the tables are written behind the log: the group's
 * {@code command_groups} row and the counters {@code engine_state} moves to (the same numbers {@link GroupRows}
 * computes from the same events), nothing else. Built on the commit thread, used once.
 *
 * <p>The whole transaction is one round trip: the guarded counters update and the log row are one statement
 * (the row is inserted only if the guard matched), sent in auto-commit, so that PostgreSQL commits it before it
 * answers. Sent as before (a {@code BEGIN}, the statements, a {@code COMMIT}), the driver made three round trips of
 * it, each a wake-up and a reply of both processes for a transaction of two rows (docs/benchmarks.md, "Session 19:
 * PostgreSQL, CPU per order"). The commit is still synchronous: the driver returns once PostgreSQL is ready for
 * the next query, after the commit's WAL flush.
 *
 * <p>One per commit hook, used by its commit thread only, {@linkplain #start started} again for every group: the
 * group's text is built in the same buffer each time, not in a new one of 32 K characters per group.
 */
final class LogRows {

    /**
     * The guard and the log row in one statement: the update matches only while {@code engine_state} holds the
     * number this writer committed last (and, with HA, its term); the insert takes its one row from the update's,
     * so a group that finds another writer's number inserts nothing and commits an empty transaction.
     */
    private static final String GUARDED_INSERT = "WITH state AS (UPDATE engine_state SET last_command_number = ?,"
            + " last_sequence = GREATEST(last_sequence, ?), last_order_number = GREATEST(last_order_number, ?),"
            + " last_trade_number = GREATEST(last_trade_number, ?),"
            + " last_command_timestamp_us = GREATEST(last_command_timestamp_us, ?), updated_at = now()"
            + " WHERE id = 1 AND last_command_number = ?%s RETURNING 1)"
            + " INSERT INTO command_groups (first_command_number, last_command_number, commands)"
            + " SELECT ?, ?, ? FROM state";
    private static final String UNFENCED = GUARDED_INSERT.formatted("");
    private static final String FENCED = GUARDED_INSERT.formatted(" AND leader_term = ?");

    /** A buffer grown past this by a very large group is dropped after it, not kept for the small ones. */
    private static final int KEPT_CAPACITY = 1 << 20;

    private StringBuilder log = newBuffer();
    private long firstNumber;
    private long number = -1; // before start: no group
    private long lastSequence;
    private long lastOrder;
    private long lastTrade;
    private long lastTimestamp;

    private static StringBuilder newBuffer() {
        return new StringBuilder(1 << 15); // about 170 characters per single order (LogLine)
    }

    /**
     * Starts the next group's rows, forgetting the last group's.
     *
     * @param first the command number of the group's first command
     * @return this
     */
    LogRows start(long first) {
        if (log.capacity() > KEPT_CAPACITY) {
            log = newBuffer();
        } else {
            log.setLength(0);
        }
        firstNumber = first;
        number = first - 1;
        lastSequence = 0;
        lastOrder = 0;
        lastTrade = 0;
        lastTimestamp = 0;
        return this;
    }

    void add(ProcessedCommand pc) {
        number++;
        lastTimestamp = Math.max(lastTimestamp, pc.command().timestamp());
        CommandLog.appendLine(log, number, pc);
        for (EngineEvent e : pc.events()) {
            lastSequence = Math.max(lastSequence, e.sequence());
            if (e instanceof EngineEvent.OrderAccepted a) {
                lastOrder = Math.max(lastOrder, a.order().orderId());
            } else if (e instanceof EngineEvent.ConditionalAccepted a) {
                lastOrder = Math.max(lastOrder, a.order().orderId());
            } else if (e instanceof EngineEvent.Fill f) {
                lastTrade = Math.max(lastTrade, f.tradeId());
            }
        }
    }

    /**
     * Writes the group's log row and counters and commits them, in one round trip.
     *
     * @param fencingTerm the writer's leader term, or {@link JdbcCommitHook#NO_FENCING} without HA
     * @return rows written (the log row)
     * @throws StateUpdate.CommandNumberMismatch when {@code engine_state} did not hold the number (or term) this
     *         writer expected: nothing was written
     */
    long writeAndCommit(Connection c, long fencingTerm) throws SQLException {
        if (number < firstNumber) {
            throw new IllegalStateException("a group without commands has no log row");
        }
        boolean fenced = fencingTerm != JdbcCommitHook.NO_FENCING;
        // The writer's connection is otherwise not in auto-commit (its checks read, then roll back). Both switches
        // are the driver's own flag when no transaction is open, as here: no round trip.
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(fenced ? FENCED : UNFENCED)) {
            int p = 1;
            ps.setLong(p++, number);
            ps.setLong(p++, lastSequence);
            ps.setLong(p++, lastOrder);
            ps.setLong(p++, lastTrade);
            ps.setLong(p++, lastTimestamp);
            ps.setLong(p++, firstNumber - 1);
            if (fenced) {
                ps.setLong(p++, fencingTerm);
            }
            ps.setLong(p++, firstNumber);
            ps.setLong(p++, number);
            ps.setString(p, log.toString());
            ps.execute();
            int inserted = ps.getUpdateCount();
            if (inserted != 1) {
                throw new StateUpdate.CommandNumberMismatch();
            }
            return inserted;
        } finally {
            c.setAutoCommit(false);
        }
    }
}
