package io.hyperperp.jdbc.engine;

import org.jdbi.v3.core.Jdbi;

/**
 * Switches {@code read_model_watermark} between the two {@link TablesMode}s at start: set (the tables written
 * behind the log, at that command) or null (written inline, at {@code engine_state}).
 */
final class ReadModelWatermark {

    private ReadModelWatermark() {
    }

    /** The tables, written inline up to now, are at {@code engine_state}'s counters: the watermark takes them. */
    static void startBehind(Jdbi jdbi, long lastCommand) {
        startBehind(jdbi, lastCommand, JdbcCommitHook.NO_FENCING);
    }

    /** Like {@link #startBehind(Jdbi, long)}, while the watermark's {@code leader_term} is {@code fencingTerm}. */
    static void startBehind(Jdbi jdbi, long lastCommand, long fencingTerm) {
        int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE read_model_watermark w"
                        + " SET last_command_number = e.last_command_number, last_sequence = e.last_sequence,"
                        + " last_order_number = e.last_order_number, last_trade_number = e.last_trade_number,"
                        + " last_command_timestamp_us = e.last_command_timestamp_us, updated_at = now()"
                        + " FROM engine_state e WHERE w.id = 1 AND e.id = 1 AND w.last_command_number IS NULL"
                        + " AND e.last_command_number = :last" + fence(fencingTerm, "w."))
                .bind("last", lastCommand).bindMap(term(fencingTerm)).execute());
        if (rows != 1) {
            throw new IllegalStateException("engine_state moved from command " + lastCommand + " during start-up:"
                    + " another engine writes to this database");
        }
    }

    /** The tables caught up with the log at {@code lastCommand}: from now on they are written inline. */
    static void endBehind(Jdbi jdbi, long lastCommand) {
        endBehind(jdbi, lastCommand, JdbcCommitHook.NO_FENCING);
    }

    /** Like {@link #endBehind(Jdbi, long)}, while the watermark's {@code leader_term} is {@code fencingTerm}. */
    static void endBehind(Jdbi jdbi, long lastCommand, long fencingTerm) {
        int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE read_model_watermark SET last_command_number = NULL,"
                        + " updated_at = now() WHERE id = 1 AND last_command_number = :last" + fence(fencingTerm, ""))
                .bind("last", lastCommand).bindMap(term(fencingTerm)).execute());
        if (rows != 1) {
            throw new IllegalStateException("read_model_watermark is not at command " + lastCommand
                    + " after the tables caught up: another engine writes to this database");
        }
    }

    private static java.util.Map<String, Long> term(long fencingTerm) {
        return fencingTerm == JdbcCommitHook.NO_FENCING ? java.util.Map.of() : java.util.Map.of("term", fencingTerm);
    }

    /** With HA, the switch counts only while the watermark row holds this leader's term (V17). */
    private static String fence(long fencingTerm, String alias) {
        return fencingTerm == JdbcCommitHook.NO_FENCING ? "" : " AND " + alias + "leader_term = :term";
    }
}
