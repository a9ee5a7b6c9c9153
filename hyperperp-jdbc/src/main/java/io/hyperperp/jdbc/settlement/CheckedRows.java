package io.hyperperp.jdbc.settlement;

import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;

/**
 * How far start-up's last clean check of the settlement tables went ({@code settlement_rows_checked}, one row,
 * V15): every trade numbered up to {@code tradeNumber} was checked, and every batch numbered up to
 * {@code batchNumber}, with its fills, was checked and finished (confirmed or split), so the settlement store
 * writes none of them again. Trades and fills are written once; an unfinished batch is written again (submitted,
 * confirmed, failed, retried), which is why the batch mark stops below the lowest unfinished one.
 *
 * @param tradeNumber the newest trade the check covered (0: none)
 * @param batchNumber the batch below which, and at which, every batch was covered and finished (0: none)
 */
record CheckedRows(long tradeNumber, long batchNumber) {

    private static final Logger LOG = Logger.getLogger(CheckedRows.class.getName());

    /** The marks of the rows a check in this transaction covered: its snapshot's newest trade and finished batch. */
    private static final String RECORD = "INSERT INTO settlement_rows_checked (id, trade_number, batch_number)"
            + " SELECT 1, COALESCE((SELECT max(trade_number) FROM trades), 0),"
            // The lowest unfinished batch through settlement_batches_unfinished_idx (its predicate, word for word).
            + " COALESCE((SELECT min(batch_number) - 1 FROM settlement_batches"
            + " WHERE status NOT IN ('confirmed', 'split')),"
            + " (SELECT max(batch_number) FROM settlement_batches), 0)"
            + " ON CONFLICT (id) DO UPDATE SET trade_number = EXCLUDED.trade_number,"
            + " batch_number = EXCLUDED.batch_number, checked_at = now()";

    /** SQLSTATE of a serialization failure: another instance's start recorded its marks since this one's snapshot. */
    private static final String SERIALIZATION_FAILURE = "40001";

    /** The marks of the last clean check, or empty when no check has recorded any (a database from before V15). */
    static Optional<CheckedRows> read(Handle h) {
        return h.createQuery("SELECT trade_number, batch_number FROM settlement_rows_checked WHERE id = 1")
                .map((rs, ctx) -> new CheckedRows(rs.getLong(1), rs.getLong(2)))
                .findFirst();
    }

    /**
     * Records the marks of what a clean check in this (repeatable-read) transaction covered. Two instances starting
     * at once (HA) both check; the one whose write comes second fails to serialize, and that is no reason to refuse
     * its start: its write is rolled back to a savepoint and the other's marks stand.
     */
    static void record(Handle h) {
        h.savepoint("settlement_rows_checked");
        try {
            h.execute(RECORD);
            h.releaseSavepoint("settlement_rows_checked");
        } catch (RuntimeException e) {
            if (!SERIALIZATION_FAILURE.equals(sqlState(e))) {
                throw e;
            }
            h.rollbackToSavepoint("settlement_rows_checked");
            LOG.log(Level.FINE, "another start recorded the settlement check's marks first", e);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
