package io.hyperperp.jdbc.settlement;

import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.internal.StoredRow;
import io.hyperperp.jdbc.settlement.internal.BatchReads;
import io.hyperperp.jdbc.settlement.internal.BatchWrites;
import io.hyperperp.jdbc.settlement.internal.MarkWrites;
import io.hyperperp.jdbc.settlement.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SettlementStore} over {@code settlement_batches}, {@code settlement_fill_sets} (a batch's fills, one row a
 * batch) and {@code settlement_marks}.
 *
 * <ul>
 *   <li>Fills need no separate storage: the commit hook already wrote every trade, with its settlement
 *       {@code price_x} and {@code fee_bps}, in the same transaction as the rest of its group. So
 *       {@link #addUnbatched} does nothing and {@link #unbatched()} is "trades no batch lists, by trade number",
 *       looked for only after each market's mark (every settleable trade up to it is batched).</li>
 *   <li>{@link #save} upserts the batch row and records its fills as sealed ({@code settlement_fill_sets}, so a
 *       split parent still lists its fills; a trade's batch is the one listing it that is not split) and advances
 *       the market's mark when the batch continues its batched trades; {@link #saveSplit} does the parent and all
 *       children; {@link #recordSubmission} stores the transaction. Each is one transaction, and none updates
 *       {@code trades}. Without fencing, {@link #save} and {@link #recordSubmission} are one round trip each (the
 *       statements and their implicit commit). A confirmation commits without waiting for its WAL flush: one lost to
 *       a crash leaves the batch as saved before, and the resume hands it back to the sink, which reports the
 *       outcome again ({@code BatchWrites}).</li>
 * </ul>
 *
 * <p>Plain JDBC: the batcher's thread saves a batch every few milliseconds under load, and a statement framework's
 * per-statement machinery (configuration and mapper look-ups, template rendering) cost that thread more than the
 * statements. pgjdbc keeps each statement text server-prepared per pooled connection.
 *
 * <p>Thread-safe (every call uses its own pooled connection).
 */
public final class JdbcSettlementStore implements SettlementStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSettlementStore.class);

    private final Sql sql;
    private final long resumeHorizon;
    private final long fencingTerm;
    /**
     * Markets whose {@code settlement_marks} row this store created or found: its later advances skip the statement
     * that creates the row (rows are never deleted; one missing would only leave its mark lagging).
     */
    private final Set<Long> marksStored = ConcurrentHashMap.newKeySet();
    /** Marks waiting for the tables written behind the log ({@link #advanceMarksBehindTables}), else null. */
    private volatile DeferredMarks deferredMarks;

    /** The fencing term of a store without HA: its writes do not check {@code engine_state.leader_term}. */
    public static final long NO_FENCING = -1;

    /**
     * A store whose {@link #unbatched()} returns every trade without a batch.
     *
     * @param jdbi the database (see {@code Database.jdbi()})
     */
    public JdbcSettlementStore(Jdbi jdbi) {
        this(jdbi, Long.MAX_VALUE);
    }

    /**
     * A store for a batcher that also listens to a running engine: {@link #unbatched()} returns only trades up to
     * {@code resumeHorizon} (the trade counter the engine was recovered with). Later trades reach the batcher through
     * the engine's committed groups; returning them here too would batch them twice when the batcher's resume task
     * runs after the engine committed its first trades.
     *
     * @param jdbi          the database
     * @param resumeHorizon highest trade number {@link #unbatched()} returns
     */
    public JdbcSettlementStore(Jdbi jdbi, long resumeHorizon) {
        this(jdbi, resumeHorizon, NO_FENCING);
    }

    /**
     * A store for the batcher of an HA leader: like {@link #JdbcSettlementStore(Jdbi, long)}, and every write
     * first checks, under a share lock on {@code engine_state}, that {@code leader_term} is still
     * {@code fencingTerm}; a deposed leader's batcher therefore cannot save a batch its successor also makes.
     *
     * @param jdbi          the database
     * @param resumeHorizon highest trade number {@link #unbatched()} returns
     * @param fencingTerm   the leader term this instance holds
     */
    public JdbcSettlementStore(Jdbi jdbi, long resumeHorizon, long fencingTerm) {
        this(Sql.over(jdbi), resumeHorizon, fencingTerm);
    }

    /**
     * Like {@link #JdbcSettlementStore(Jdbi, long)}, straight on the connection pool (no statement framework
     * between the batcher and its connections).
     *
     * @param dataSource    the database's pool (see {@code Database.dataSource()})
     * @param resumeHorizon highest trade number {@link #unbatched()} returns
     */
    public JdbcSettlementStore(DataSource dataSource, long resumeHorizon) {
        this(Sql.over(dataSource), resumeHorizon, NO_FENCING);
    }

    private JdbcSettlementStore(Sql sql, long resumeHorizon, long fencingTerm) {
        this.sql = sql;
        this.resumeHorizon = resumeHorizon;
        this.fencingTerm = fencingTerm;
    }

    /**
     * The state tables are written behind the command log: a sealed batch whose trades they do not hold yet is saved
     * without its mark's advance, which a later save makes once they do ({@link DeferredMarks}).
     *
     * @param lastTradeInTables the last trade number the tables hold
     */
    public void advanceMarksBehindTables(LongSupplier lastTradeInTables) {
        this.deferredMarks = new DeferredMarks(lastTradeInTables);
    }

    /** Throws when this store is fenced and another leader's term is in {@code engine_state}. */
    private void checkTerm(Connection c) throws SQLException {
        if (fencingTerm == NO_FENCING) {
            return;
        }
        long term;
        try (PreparedStatement ps = c.prepareStatement("SELECT leader_term FROM engine_state WHERE id = 1 FOR SHARE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("settlement write refused: engine_state has no row");
            }
            term = rs.getLong(1);
        }
        if (term != fencingTerm) {
            throw new IllegalStateException("settlement write refused: leader term " + fencingTerm
                    + " is over (the database is at term " + term + ")");
        }
    }

    /** Does nothing: trades are already stored, with their settlement fields, by the commit hook. */
    @Override
    public void addUnbatched(List<SettlementFill> fills) {
        // durable already
    }

    @Override
    public List<SettlementFill> unbatched() {
        return sql.inTransaction("read unbatched trades", c -> {
            List<SettlementFill> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.trade_number, t.taker_address,"
                    + " t.maker_address, t.market_id, t.size, m.size_decimals, t.price_x, t.fee_bps,"
                    + " t.engine_timestamp_us, t.taker_side"
                    + " FROM markets m LEFT JOIN settlement_marks s ON s.market_id = m.market_id"
                    + " CROSS JOIN LATERAL (SELECT * FROM trades t WHERE t.market_id = m.market_id"
                    + " AND t.trade_number > COALESCE(s.batched_through, 0) AND t.trade_number <= ?) t"
                    // A scalar subquery, not NOT EXISTS: the planner cannot see how few trades follow the marks
                    // and would hash every batch's fills (0.6 s at 1,000,000 fills) instead of probing the index
                    // once per trade (3.7 ms). The range index finds the batches whose trade range holds the trade
                    // (other markets' batches interleave), the array says whether the batch lists it.
                    + " WHERE (SELECT 1 FROM settlement_fill_sets f WHERE f.trade_range @> t.trade_number"
                    + " AND t.trade_number = ANY(f.trade_numbers) LIMIT 1) IS NULL"
                    + " ORDER BY t.trade_number")) {
                ps.setLong(1, resumeHorizon);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long priceX = rs.getLong(7);
                        if (rs.wasNull()) {
                            LOG.error("Trade {} has no exact 8-decimal price and cannot be settled", rs.getLong(1));
                            continue;
                        }
                        // A damaged trade (a size finer than its market's, an unknown side) stops the resume
                        // naming its row: settled as read it would put a wrong amount on chain.
                        StoredRow row = new StoredRow(rs, "trades", "trade_number");
                        out.add(new SettlementFill(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                row.scaled("size", rs.getInt(6)), priceX, rs.getLong(8),
                                rs.getLong(9) / 1_000_000L, row.wire(Side.class, "taker_side")));
                    }
                }
            }
            catchUpMarks(c, out);
            return out;
        });
    }

    /**
     * Moves each market's mark up to just before its first unbatched trade found. A mark lags when batches were
     * saved out of trade order (the batcher does not, but a mark that stopped would make every later resume read
     * all of its market's trades since). Trades committed after this read are numbered above every trade it saw,
     * so everything of the market below its first unbatched one is batched, or cannot be settled.
     */
    private static void catchUpMarks(Connection c, List<SettlementFill> unbatched) throws SQLException {
        Map<Long, Long> firstByMarket = new HashMap<>();
        for (SettlementFill f : unbatched) {
            firstByMarket.putIfAbsent(f.marketId(), f.tradeId());
        }
        if (firstByMarket.isEmpty()) {
            return;
        }
        long[] markets = new long[firstByMarket.size()];
        long[] through = new long[markets.length];
        int i = 0;
        for (Map.Entry<Long, Long> e : firstByMarket.entrySet()) {
            markets[i] = e.getKey();
            through[i++] = e.getValue() - 1;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE settlement_marks s SET batched_through = u.through"
                + " FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[])) AS u(market_id, through)"
                + " WHERE s.market_id = u.market_id AND s.batched_through < u.through")) {
            ps.setArray(1, Sql.int8Array(c, markets));
            ps.setArray(2, Sql.int8Array(c, through));
            ps.executeUpdate();
        }
    }

    /**
     * Without fencing, one round trip and its implicit commit: a sealed batch (pending or held) with its fills and
     * mark in one multi-statement request, a status change as one update of the existing row (falling back to the
     * transaction when the row is missing). A split parent, and every write of a fenced store (its term check must
     * share the transaction), use an explicit transaction.
     */
    @Override
    public void save(SettlementBatch batch) {
        DeferredMarks deferred = deferredMarks;
        boolean markWaits = deferred != null && deferred.mustWait(batch);
        saveBatch(batch, !markWaits);
        if (markWaits) {
            deferred.keep(batch);
        }
        if (deferred != null) {
            advanceDueMarks(deferred);
        }
    }

    private void saveBatch(SettlementBatch batch, boolean mark) {
        String what = "save settlement batch " + batch.batchId();
        if (fencingTerm == NO_FENCING && batch.status() != BatchStatus.SPLIT) {
            boolean sealed = batch.status() == BatchStatus.PENDING || batch.status() == BatchStatus.HELD;
            boolean saved = sql.withConnection(what, c -> {
                if (sealed) {
                    BatchWrites.saveSealedInOneRoundTrip(c, batch, mark, !marksStored.contains(batch.marketId()));
                    return true;
                }
                return BatchWrites.updateExisting(c, batch);
            });
            if (saved) {
                if (sealed && mark && !batch.fills().isEmpty()) {
                    marksStored.add(batch.marketId());
                }
                return;
            }
        }
        sql.inTransaction(what, c -> {
            checkTerm(c);
            BatchWrites.save(c, batch, mark);
            return null;
        });
    }

    /** Advances the kept marks whose trades the tables now hold; a failure leaves them lagging (safe). */
    private void advanceDueMarks(DeferredMarks deferred) {
        List<DeferredMarks.Mark> due = DeferredMarks.byMarket(deferred.due());
        if (due.isEmpty()) {
            return;
        }
        try {
            if (fencingTerm == NO_FENCING) {
                List<Long> markets = due.stream().map(DeferredMarks.Mark::marketId).toList();
                List<long[]> trades = due.stream().map(DeferredMarks.Mark::trades).toList();
                sql.withConnection("advance settlement marks", c -> {
                    MarkWrites.advanceMarksInOneRoundTrip(c, markets, trades, m -> !marksStored.contains(m));
                    return null;
                });
                marksStored.addAll(markets);
                return;
            }
            sql.inTransaction("advance settlement marks", c -> {
                checkTerm(c);
                for (DeferredMarks.Mark m : due) {
                    MarkWrites.advanceMark(c, m.marketId(), m.trades());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("settlement marks not advanced (they lag; the next resume catches them up): {}", e.toString());
        }
    }

    @Override
    public void saveSplit(SettlementBatch parent, List<SettlementBatch> children) {
        sql.inTransaction("save the split of settlement batch " + parent.batchId(), c -> {
            checkTerm(c);
            BatchWrites.save(c, parent);
            for (SettlementBatch child : children) {
                BatchWrites.save(c, child);
            }
            return null;
        });
    }

    @Override
    public void recordSubmission(long batchId, Submission submission, long nowMs) {
        String what = "record the submission of settlement batch " + batchId;
        // One statement: without fencing, its own implicit transaction (one round trip, committed before the reply).
        Sql.Work<Integer> update = c -> {
            checkTerm(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE settlement_batches SET status = 'submitted',"
                    + " tx_hash = ?, sequence_number = ?, tx_expiration = ?, signed_txn = ?,"
                    + " updated_at_ms = ?, updated_at = now(), submitted_at = now() WHERE batch_number = ?")) {
                ps.setString(1, submission.txHash());
                ps.setLong(2, submission.sequenceNumber());
                ps.setLong(3, submission.expirationSecs());
                ps.setBytes(4, submission.signedTransaction());
                ps.setLong(5, nowMs);
                ps.setLong(6, batchId);
                return ps.executeUpdate();
            }
        };
        int updated = fencingTerm == NO_FENCING ? sql.withConnection(what, update) : sql.inTransaction(what, update);
        if (updated != 1) {
            throw new IllegalStateException("no settlement batch " + batchId);
        }
    }

    @Override
    public Optional<SettlementBatch> find(long batchId) {
        return batches("WHERE batch_number = ?", batchId).stream().findFirst();
    }

    @Override
    public List<SettlementBatch> list(BatchStatus status, int limit) {
        return status == null
                ? batches("ORDER BY batch_number DESC LIMIT ?", limit)
                : batches("WHERE status = ? ORDER BY batch_number DESC LIMIT ?", status.wireName(), limit);
    }

    /**
     * @param batchNumber only batches numbered above this
     * @return confirmed batches numbered above {@code batchNumber}, by number (an HA follower mirrors the
     *         leader's local ledger with them)
     */
    public List<SettlementBatch> confirmedAfter(long batchNumber) {
        return batches("WHERE status = 'confirmed' AND batch_number > ? ORDER BY batch_number", batchNumber);
    }

    @Override
    public List<SettlementBatch> unfinished() {
        return batches("WHERE status NOT IN ('confirmed', 'split') ORDER BY batch_number");
    }

    @Override
    public long lastBatchId() {
        return sql.withConnection("read the last batch number", c -> BatchReads.queryLong(c,
                "SELECT COALESCE(max(batch_number), 0) FROM settlement_batches"));
    }

    /** The batch a trade currently belongs to, or 0 (for tests and operators). */
    public long batchOf(long tradeNumber) {
        return sql.withConnection("read the batch of trade " + tradeNumber, c -> BatchReads.queryLong(c,
                "SELECT COALESCE((SELECT b.batch_number FROM settlement_fill_sets f"
                        + " JOIN settlement_batches b ON b.batch_number = f.batch_number"
                        + " WHERE f.trade_range @> CAST(? AS bigint) AND CAST(? AS bigint) = ANY(f.trade_numbers)"
                        + " AND b.status <> 'split' ORDER BY b.batch_number DESC LIMIT 1), 0)",
                tradeNumber, tradeNumber));
    }

    private List<SettlementBatch> batches(String where, Object... params) {
        return sql.withConnection("read settlement batches", c -> BatchReads.batches(c, where, params));
    }
}
