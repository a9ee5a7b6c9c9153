package io.hyperperp.jdbc.settlement.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The settlement store's writes of {@code settlement_marks} (see {@code V13__settlement_without_trade_updates.sql}):
 * per market, a trade number up to which every settleable trade is in a batch, moved only over a batch that provably
 * continues it. {@link BatchWrites} sends these statements with a sealed batch; the tables written behind the log
 * send them later, on their own ({@link #advanceMarksInOneRoundTrip}).
 */
public final class MarkWrites {

    /** This transaction only (set_config's local form, which unlike {@code SET LOCAL} does not warn outside BEGIN). */
    static final String ASYNC_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)";

    static final String ENSURE_MARK = "INSERT INTO settlement_marks (market_id, batched_through)"
            + " VALUES (?, 0) ON CONFLICT (market_id) DO NOTHING";

    // The mark moves to the batch's last trade only when the batch continues what is already batched: every
    // settleable trade of the market before the batch's first is at or below the mark, and the batch holds every
    // settleable trade of the market between its first and its last. Both are short index range reads of
    // trades_market_number_idx; a batch that does not continue (a split child, an operator's retry) leaves it.
    static final String ADVANCE_MARK = "UPDATE settlement_marks SET batched_through = ?"
            + " WHERE market_id = ? AND batched_through < ?"
            + " AND batched_through >= COALESCE((SELECT max(t.trade_number) FROM trades t"
            + " WHERE t.market_id = ? AND t.trade_number < ? AND t.price_x IS NOT NULL), 0)"
            + " AND (SELECT count(*) FROM trades t WHERE t.market_id = ? AND t.trade_number BETWEEN ? AND ?"
            + " AND t.price_x IS NOT NULL) = ?";

    /** Parameters {@link #ADVANCE_MARK} binds ({@link #bindAdvance}). */
    private static final int ADVANCE_MARK_PARAMETERS = 9;

    private MarkWrites() {
    }

    /**
     * Advances the marks of batches saved earlier without it (their trades were not in the tables yet), in one round
     * trip on a connection in auto-commit mode, the marks in the order given, committed without waiting for the WAL
     * flush: an advance lost to a crash leaves its mark lagging, which is safe (the resume reads more trades and
     * catches it up), so it need not cost a flush.
     *
     * @param c        a connection in auto-commit mode
     * @param marketIds each advance's market
     * @param trades   each advance's trade numbers (not empty)
     * @param ensureMark the markets whose mark row may be missing: the statement creating it goes first
     * @throws SQLException when a statement fails (no mark moves)
     */
    public static void advanceMarksInOneRoundTrip(Connection c, List<Long> marketIds, List<long[]> trades,
                                                  LongPredicate ensureMark) throws SQLException {
        StringBuilder sql = new StringBuilder(ASYNC_COMMIT);
        boolean[] ensure = new boolean[marketIds.size()];
        for (int i = 0; i < marketIds.size(); i++) {
            ensure[i] = ensureMark.test(marketIds.get(i));
            if (ensure[i]) {
                sql.append(";\n").append(ENSURE_MARK);
            }
            sql.append(";\n").append(ADVANCE_MARK);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < marketIds.size(); i++) {
                if (ensure[i]) {
                    ps.setLong(p++, marketIds.get(i));
                }
                bindAdvance(ps, p, marketIds.get(i), trades.get(i));
                p += ADVANCE_MARK_PARAMETERS;
            }
            ps.execute();
        }
    }

    /**
     * Moves the market's mark past {@code trades} when they continue the market's batched trades; a market
     * without a mark row yet gets one first (its first batch).
     */
    public static void advanceMark(Connection c, long marketId, long[] trades) throws SQLException {
        if (trades.length == 0) {
            return;
        }
        if (updateMark(c, marketId, trades) == 0) {
            try (PreparedStatement ps = c.prepareStatement(ENSURE_MARK)) {
                ps.setLong(1, marketId);
                if (ps.executeUpdate() == 1) {
                    updateMark(c, marketId, trades);
                }
            }
        }
    }

    /** Binds {@link #ADVANCE_MARK} for the batch's {@code trades} (not empty) from index {@code first}. */
    static void bindAdvance(PreparedStatement ps, int first, long marketId, long[] trades)
            throws SQLException {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (long t : trades) {
            low = Math.min(low, t);
            high = Math.max(high, t);
        }
        int p = first;
        ps.setLong(p++, high);
        ps.setLong(p++, marketId);
        ps.setLong(p++, high);
        ps.setLong(p++, marketId);
        ps.setLong(p++, low);
        ps.setLong(p++, marketId);
        ps.setLong(p++, low);
        ps.setLong(p++, high);
        ps.setLong(p, trades.length);
    }

    private static int updateMark(Connection c, long marketId, long[] trades) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADVANCE_MARK)) {
            bindAdvance(ps, 1, marketId, trades);
            return ps.executeUpdate();
        }
    }
}
