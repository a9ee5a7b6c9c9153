package io.hyperperp.jdbc.settlement.internal;

import io.hyperperp.core.order.Ids;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.internal.ArrayLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The settlement store's writes of one batch: its row, its sealed fills (one {@code settlement_fill_sets} row, V19)
 * and its market's settlement mark.
 */
public final class BatchWrites {

    private static final String INSERT_BATCH = "INSERT INTO settlement_batches (id, batch_number, market_id,"
            + " oracle_ts, min_px, max_px, expiry, status, tx_hash, sequence_number, signed_txn, tx_expiration,"
            + " attempts, last_error, fill_count, parent_batch_number, created_at_ms, updated_at_ms,"
            + " submitted_at, confirmed_at)";
    private static final String BATCH_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " CASE WHEN CAST(? AS text) IS NULL THEN NULL ELSE now() END,"
            + " CASE WHEN CAST(? AS text) = 'confirmed' THEN now() END";
    private static final String ON_CONFLICT_UPDATE = " ON CONFLICT (batch_number) DO UPDATE SET"
            + " oracle_ts = EXCLUDED.oracle_ts, min_px = EXCLUDED.min_px, max_px = EXCLUDED.max_px,"
            + " expiry = EXCLUDED.expiry,"
            + " status = EXCLUDED.status, tx_hash = EXCLUDED.tx_hash,"
            + " sequence_number = EXCLUDED.sequence_number, signed_txn = EXCLUDED.signed_txn,"
            + " tx_expiration = EXCLUDED.tx_expiration, attempts = EXCLUDED.attempts,"
            + " last_error = EXCLUDED.last_error, updated_at_ms = EXCLUDED.updated_at_ms,"
            + " updated_at = now(),"
            + " submitted_at = COALESCE(settlement_batches.submitted_at, EXCLUDED.submitted_at),"
            + " confirmed_at = COALESCE(settlement_batches.confirmed_at, EXCLUDED.confirmed_at)"
            // xmax is 0 on a row this statement inserted, and set on one it updated.
            + " RETURNING (xmax = 0) AS inserted";
    private static final String UPSERT_BATCH = INSERT_BATCH + " VALUES (" + BATCH_VALUES + ")" + ON_CONFLICT_UPDATE;
    /**
     * What the upsert's conflict branch sets, as a plain update of a batch that must exist already (it changes no
     * row otherwise). Not the upsert itself: its insert attempt evaluates the table's checks and probes the unique
     * index before the update evaluates them again (docs/benchmarks.md, "Session 20: PostgreSQL, the tables and the
     * settlement store").
     */
    private static final String UPDATE_EXISTING_BATCH = "UPDATE settlement_batches SET oracle_ts = ?, min_px = ?,"
            + " max_px = ?, expiry = ?, status = ?, tx_hash = ?, sequence_number = ?, signed_txn = ?,"
            + " tx_expiration = ?, attempts = ?, last_error = ?, updated_at_ms = ?, updated_at = now(),"
            + " submitted_at = COALESCE(submitted_at, CASE WHEN CAST(? AS text) IS NULL THEN NULL ELSE now() END),"
            + " confirmed_at = COALESCE(confirmed_at, CASE WHEN CAST(? AS text) = 'confirmed' THEN now() END)"
            + " WHERE batch_number = ?";

    /**
     * A batch's fills as one row (V19): an array per fill column, in fill order, and the range of its trade numbers
     * (a trade's batch is found through it). A {@code SELECT} without {@code FROM}, so that the one-round-trip save
     * can make it conditional on the batch's row being new.
     */
    private static final String INSERT_FILLS = "INSERT INTO settlement_fill_sets (batch_number, trade_range,"
            + " trade_numbers, takers, makers, sizes, prices_x, fee_bps, ts, taker_sides)"
            + " SELECT ?, int8range(?, ?, '[]'), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]),"
            + " CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]),"
            + " CAST(? AS text[])";
    /** The batch's upsert and, when the row is new, its fills: one statement. */
    private static final String UPSERT_BATCH_WITH_FILLS = "WITH b AS (" + UPSERT_BATCH + ") " + INSERT_FILLS
            + " WHERE (SELECT inserted FROM b)";

    private BatchWrites() {
    }

    /**
     * Upserts the batch row; when the row is new, also records its fills (a batch's fills never change once saved:
     * a split makes new batches; a trade's batch is the one listing it that is not split) and advances its
     * market's mark (see {@code V13__settlement_without_trade_updates.sql}).
     *
     * @param c a connection in the caller's transaction
     * @param b the batch
     * @throws SQLException when a statement fails
     */
    public static void save(Connection c, SettlementBatch b) throws SQLException {
        save(c, b, true);
    }

    /**
     * Like {@link #save(Connection, SettlementBatch)}; without the mark's advance when {@code mark} is false (the
     * batch's trades are not in the tables yet, see {@link MarkWrites#advanceMark}).
     */
    public static void save(Connection c, SettlementBatch b, boolean mark) throws SQLException {
        if (!upsertBatch(c, b)) {
            return;
        }
        FillColumns fills = new FillColumns(b);
        try (PreparedStatement ps = c.prepareStatement(INSERT_FILLS)) {
            bindFills(c, ps, 1, b.batchId(), fills);
            ps.executeUpdate();
        }
        if (mark && b.status() != BatchStatus.SPLIT) {
            MarkWrites.advanceMark(c, b.marketId(), fills.trades);
        }
    }

    /**
     * Saves a sealed batch (pending or held, new or saved before) in one round trip: on a connection in auto-commit
     * mode the statements up to the protocol's Sync are one implicit transaction, committed (and flushed, with
     * {@code synchronous_commit} on) before the reply, so the batch, its fills and its market's mark are saved
     * atomically and durably as {@link #save} does in three round trips and a {@code COMMIT}. The mark statements
     * run whether or not the row is new: they only move a mark the batch provably continues.
     *
     * @param c a connection in auto-commit mode
     * @param b a batch that is not split
     * @throws SQLException when a statement fails (nothing is saved)
     */
    public static void saveSealedInOneRoundTrip(Connection c, SettlementBatch b) throws SQLException {
        saveSealedInOneRoundTrip(c, b, true, true);
    }

    /**
     * Like {@link #saveSealedInOneRoundTrip(Connection, SettlementBatch)}; without the mark statements when
     * {@code advance} is false, and without the one that creates the market's mark row when {@code ensureMark} is
     * false (the caller saw the row: marks are never deleted, and an advance without its row only leaves the mark
     * lagging, which is safe).
     */
    public static void saveSealedInOneRoundTrip(Connection c, SettlementBatch b, boolean advance, boolean ensureMark)
            throws SQLException {
        FillColumns fills = new FillColumns(b);
        boolean mark = advance && fills.trades.length > 0;
        boolean ensure = mark && ensureMark;
        String sql = UPSERT_BATCH_WITH_FILLS + (ensure ? ";\n" + MarkWrites.ENSURE_MARK : "")
                + (mark ? ";\n" + MarkWrites.ADVANCE_MARK : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = bindBatch(ps, 1, b);
            p = bindFills(c, ps, p, b.batchId(), fills);
            if (ensure) {
                ps.setLong(p++, b.marketId());
            }
            if (mark) {
                MarkWrites.bindAdvance(ps, p, b.marketId(), fills.trades);
            }
            ps.execute();
        }
    }

    /**
     * Updates a batch that is saved already (a status change) in one round trip, on a connection in auto-commit mode;
     * a confirmation commits without waiting for its WAL flush (see {@link #confirmWithoutWaitingForTheFlush}).
     *
     * @param c a connection in auto-commit mode
     * @param b the batch
     * @return false when no such batch exists (nothing was written)
     * @throws SQLException when the statement fails
     */
    public static boolean updateExisting(Connection c, SettlementBatch b) throws SQLException {
        if (b.status() == BatchStatus.CONFIRMED) {
            return confirmWithoutWaitingForTheFlush(c, b);
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE_EXISTING_BATCH)) {
            bindUpdate(ps, 1, b);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * A confirmation, committed without waiting for its WAL flush ({@code synchronous_commit} off for this one
     * implicit transaction, the same round trip): the next group commit's flush, or the WAL writer's within
     * {@code wal_writer_delay}, makes it durable, since WAL is flushed in order. A confirmation lost to a crash in
     * between leaves the batch as it was saved before (pending or submitted), and the batcher's resume hands it back
     * to the sink with its submission, which reports the same outcome again (the sink's duty, docs/settlement.md:
     * the chain's sink finds the committed transaction by its hash; the local ledger, rebuilt from the confirmed
     * batches at start, applies it once). Nothing else waits on this write: what must be durable before anything
     * leaves the process (the sealed batch, the recorded submission) still commits synchronously.
     */
    private static boolean confirmWithoutWaitingForTheFlush(Connection c, SettlementBatch b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MarkWrites.ASYNC_COMMIT + ";\n" + UPDATE_EXISTING_BATCH)) {
            bindUpdate(ps, 1, b);
            ps.execute();
            ps.getMoreResults(); // past set_config's row to the update's count
            return ps.getUpdateCount() == 1;
        }
    }

    /**
     * Binds {@link #INSERT_FILLS} from index {@code first}: the numbers as int8 arrays (pgjdbc sends a {@code long[]}
     * in binary), the texts as array literals ({@link ArrayLiteral}: the driver's {@code createArrayOf} looks the
     * element type up per array and escaped them one by one, 13% of the settlement thread in session 19's profile).
     *
     * @return the next free index
     */
    private static int bindFills(Connection c, PreparedStatement ps, int first, long batchId, FillColumns fills)
            throws SQLException {
        int p = first;
        ps.setLong(p++, batchId);
        ps.setLong(p++, fills.lowestTrade);
        ps.setLong(p++, fills.highestTrade);
        ps.setArray(p++, Sql.int8Array(c, fills.trades));
        ArrayLiteral.bind(ps, p++, fills.takers);
        ArrayLiteral.bind(ps, p++, fills.makers);
        ps.setArray(p++, Sql.int8Array(c, fills.sizes));
        ps.setArray(p++, Sql.int8Array(c, fills.pricesX));
        ps.setArray(p++, Sql.int8Array(c, fills.fees));
        ps.setArray(p++, Sql.int8Array(c, fills.times));
        ArrayLiteral.bind(ps, p++, fills.sides);
        return p;
    }

    /** Upserts the batch row; true when it was new. */
    private static boolean upsertBatch(Connection c, SettlementBatch b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_BATCH)) {
            bindBatch(ps, 1, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Binds {@link #BATCH_VALUES} from index {@code first}; @return the next free index. */
    private static int bindBatch(PreparedStatement ps, int first, SettlementBatch b) throws SQLException {
        int p = first;
        ps.setObject(p++, Ids.batch(b.batchId()));
        ps.setLong(p++, b.batchId());
        ps.setLong(p++, b.marketId());
        p = bindState(ps, p, b);
        ps.setInt(p++, b.fills().size());
        setLongOrNull(ps, p++, b.parentId() == 0 ? null : b.parentId());
        ps.setLong(p++, b.createdAtMs());
        return bindChange(ps, p, b);
    }

    /** Binds {@link #UPDATE_EXISTING_BATCH} from index {@code first}. */
    private static void bindUpdate(PreparedStatement ps, int first, SettlementBatch b) throws SQLException {
        int p = bindChange(ps, bindState(ps, first, b), b);
        ps.setLong(p, b.batchId());
    }

    /** Binds the columns from {@code oracle_ts} to {@code last_error} (in both statements' order); @return the next. */
    private static int bindState(PreparedStatement ps, int first, SettlementBatch b) throws SQLException {
        Submission s = b.submission();
        int p = first;
        ps.setLong(p++, b.oracleTs());
        ps.setLong(p++, b.minPx());
        ps.setLong(p++, b.maxPx());
        ps.setLong(p++, b.expiry());
        ps.setString(p++, b.status().wireName());
        ps.setString(p++, s == null ? null : s.txHash());
        setLongOrNull(ps, p++, s == null ? null : s.sequenceNumber());
        ps.setBytes(p++, s == null ? null : s.signedTransaction());
        setLongOrNull(ps, p++, s == null ? null : s.expirationSecs());
        ps.setInt(p++, b.attempts());
        ps.setString(p++, b.lastError());
        return p;
    }

    /** Binds {@code updated_at_ms} and what sets {@code submitted_at} and {@code confirmed_at}; @return the next. */
    private static int bindChange(PreparedStatement ps, int first, SettlementBatch b) throws SQLException {
        Submission s = b.submission();
        int p = first;
        ps.setLong(p++, b.updatedAtMs());
        ps.setString(p++, s == null ? null : s.txHash());
        ps.setString(p++, b.status().wireName());
        return p;
    }

    private static void setLongOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /**
     * A batch's fills as one array per column, for one {@code settlement_fill_sets} row. A fill's market is its
     * batch's (one market per batch), so it is not stored per fill; a fill of another market is refused.
     */
    private static final class FillColumns {
        final long[] trades;
        final String[] takers;
        final String[] makers;
        final long[] sizes;
        final long[] pricesX;
        final long[] fees;
        final long[] times;
        final String[] sides;
        final long lowestTrade;
        final long highestTrade;

        FillColumns(SettlementBatch b) {
            List<SettlementFill> fills = b.fills();
            int n = fills.size();
            trades = new long[n];
            takers = new String[n];
            makers = new String[n];
            sizes = new long[n];
            pricesX = new long[n];
            fees = new long[n];
            times = new long[n];
            sides = new String[n];
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                SettlementFill f = fills.get(i);
                if (f.marketId() != b.marketId()) {
                    throw new IllegalArgumentException("batch " + b.batchId() + " of market " + b.marketId()
                            + " has a fill of market " + f.marketId() + " (trade " + f.tradeId() + ")");
                }
                trades[i] = f.tradeId();
                takers[i] = f.taker();
                makers[i] = f.maker();
                sizes[i] = f.size();
                pricesX[i] = f.priceX();
                fees[i] = f.feeBps();
                times[i] = f.ts();
                sides[i] = f.takerSide().wireName();
                low = Math.min(low, f.tradeId());
                high = Math.max(high, f.tradeId());
            }
            lowestTrade = low;
            highestTrade = high;
        }
    }
}
