package io.hyperperp.jdbc.settlement;

import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.WireNames;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.numeric.Decimals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SettlementStore} over {@code settlement_batches}, {@code settlement_batch_fills} and
 * {@code trades.settlement_batch_id}.
 *
 * <ul>
 *   <li>Fills need no separate storage: the commit hook already wrote every trade, with its settlement
 *       {@code price_x} and {@code fee_bps}, in the same transaction as the rest of its group. So
 *       {@link #addUnbatched} does nothing and {@link #unbatched()} is "trades whose {@code settlement_batch_id} is
 *       NULL, by trade number".</li>
 *   <li>{@link #save} upserts the batch row, records its fills as sealed ({@code settlement_batch_fills}, so a split
 *       parent still lists its fills) and points the trades at it; {@link #saveSplit} does the parent and all
 *       children; {@link #recordSubmission} stores the transaction. Each is one transaction.</li>
 * </ul>
 *
 * <p>Thread-safe (every call uses its own pooled connection).
 */
public final class JdbcSettlementStore implements SettlementStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSettlementStore.class);

    private static final String BATCH_COLUMNS = "batch_number, market_id, oracle_ts, min_px, max_px, expiry,"
            + " status, attempts, tx_hash, sequence_number, tx_expiration, signed_txn, last_error,"
            + " parent_batch_number, created_at_ms, updated_at_ms";

    private final Jdbi jdbi;
    private final long resumeHorizon;
    private final long fencingTerm;

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
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.resumeHorizon = resumeHorizon;
        this.fencingTerm = fencingTerm;
    }

    /** Throws when this store is fenced and another leader's term is in {@code engine_state}. */
    private void checkTerm(Handle h) {
        if (fencingTerm == NO_FENCING) {
            return;
        }
        long term = h.createQuery("SELECT leader_term FROM engine_state WHERE id = 1 FOR SHARE")
                .mapTo(Long.class).one();
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
        return jdbi.inTransaction(h -> {
            List<SettlementFill> out = new ArrayList<>();
            h.createQuery("SELECT t.trade_number, t.taker_address, t.maker_address, t.market_id, t.size,"
                            + " m.size_decimals, t.price_x, t.fee_bps, t.engine_timestamp_us, t.taker_side"
                            + " FROM trades t JOIN markets m ON m.market_id = t.market_id"
                            + " WHERE t.settlement_batch_id IS NULL AND t.trade_number <= :horizon"
                            + " ORDER BY t.trade_number")
                    .bind("horizon", resumeHorizon)
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        long priceX = rs.getLong("price_x");
                        if (rs.wasNull()) {
                            LOG.error("Trade {} has no exact 8-decimal price and cannot be settled",
                                    rs.getLong("trade_number"));
                            return null;
                        }
                        return new SettlementFill(rs.getLong("trade_number"), rs.getString("taker_address"),
                                rs.getString("maker_address"), rs.getLong("market_id"),
                                Decimals.toScaledLong(rs.getBigDecimal("size"), rs.getInt("size_decimals")),
                                priceX, rs.getLong("fee_bps"), rs.getLong("engine_timestamp_us") / 1_000_000L,
                                WireNames.parse(Side.class, rs.getString("taker_side")));
                    })
                    .forEach(fill -> {
                        if (fill != null) {
                            out.add(fill);
                        }
                    });
            return out;
        });
    }

    @Override
    public void save(SettlementBatch batch) {
        jdbi.useTransaction(h -> {
            checkTerm(h);
            saveIn(h, batch);
        });
    }

    @Override
    public void saveSplit(SettlementBatch parent, List<SettlementBatch> children) {
        jdbi.useTransaction(h -> {
            checkTerm(h);
            saveIn(h, parent);
            for (SettlementBatch child : children) {
                saveIn(h, child);
            }
        });
    }

    /**
     * Upserts the batch row; when the row is new, also records its fills (a batch's fills never change once saved:
     * a split makes new batches) and points their trades at it (a split parent keeps no trades).
     */
    private static void saveIn(Handle h, SettlementBatch b) {
        Submission s = b.submission();
        boolean inserted = h.createQuery("INSERT INTO settlement_batches (id, batch_number, market_id, oracle_ts,"
                        + " min_px, max_px, expiry, status, tx_hash, sequence_number, signed_txn, tx_expiration,"
                        + " attempts, last_error, fill_count, parent_batch_number, created_at_ms, updated_at_ms,"
                        + " submitted_at, confirmed_at)"
                        + " VALUES (:id, :n, :market, :oracleTs, :minPx, :maxPx, :expiry, :status, :txHash, :seq,"
                        + " :signed, :txExp, :attempts, :error, :fillCount, :parent, :createdMs, :updatedMs,"
                        + " CASE WHEN CAST(:txHash AS text) IS NULL THEN NULL ELSE now() END,"
                        + " CASE WHEN CAST(:status AS text) = 'confirmed' THEN now() END)"
                        + " ON CONFLICT (batch_number) DO UPDATE SET oracle_ts = EXCLUDED.oracle_ts,"
                        + " min_px = EXCLUDED.min_px, max_px = EXCLUDED.max_px, expiry = EXCLUDED.expiry,"
                        + " status = EXCLUDED.status, tx_hash = EXCLUDED.tx_hash,"
                        + " sequence_number = EXCLUDED.sequence_number, signed_txn = EXCLUDED.signed_txn,"
                        + " tx_expiration = EXCLUDED.tx_expiration, attempts = EXCLUDED.attempts,"
                        + " last_error = EXCLUDED.last_error, updated_at_ms = EXCLUDED.updated_at_ms,"
                        + " updated_at = now(),"
                        + " submitted_at = COALESCE(settlement_batches.submitted_at, EXCLUDED.submitted_at),"
                        + " confirmed_at = COALESCE(settlement_batches.confirmed_at, EXCLUDED.confirmed_at)"
                        // xmax is 0 on a row this statement inserted, and set on one it updated.
                        + " RETURNING (xmax = 0)")
                .bind("id", Ids.batch(b.batchId()))
                .bind("n", b.batchId())
                .bind("market", b.marketId())
                .bind("oracleTs", b.oracleTs())
                .bind("minPx", b.minPx())
                .bind("maxPx", b.maxPx())
                .bind("expiry", b.expiry())
                .bind("status", b.status().wireName())
                .bind("txHash", s == null ? null : s.txHash())
                .bind("seq", s == null ? null : s.sequenceNumber())
                .bind("signed", s == null ? null : s.signedTransaction())
                .bind("txExp", s == null ? null : s.expirationSecs())
                .bind("attempts", b.attempts())
                .bind("error", b.lastError())
                .bind("fillCount", b.fills().size())
                .bind("parent", b.parentId() == 0 ? null : b.parentId())
                .bind("createdMs", b.createdAtMs())
                .bind("updatedMs", b.updatedAtMs())
                .mapTo(Boolean.class)
                .one();
        if (!inserted) {
            return;
        }
        FillColumns fills = new FillColumns(b.fills());
        h.createUpdate("INSERT INTO settlement_batch_fills (batch_number, position, trade_number, taker, maker,"
                        + " market_id, size, price_x, fee_bps, ts, taker_side)"
                        + " SELECT :n, f.position - 1, f.trade, f.taker, f.maker, f.market, f.size, f.price_x,"
                        + " f.fee_bps, f.ts, f.side FROM unnest(CAST(:trades AS bigint[]), CAST(:takers AS text[]),"
                        + " CAST(:makers AS text[]), CAST(:markets AS bigint[]), CAST(:sizes AS bigint[]),"
                        + " CAST(:pricesX AS bigint[]), CAST(:fees AS bigint[]), CAST(:times AS bigint[]),"
                        + " CAST(:sides AS text[])) WITH ORDINALITY"
                        + " AS f(trade, taker, maker, market, size, price_x, fee_bps, ts, side, position)")
                .bind("n", b.batchId())
                .bind("trades", fills.trades)
                .bind("takers", fills.takers)
                .bind("makers", fills.makers)
                .bind("markets", fills.markets)
                .bind("sizes", fills.sizes)
                .bind("pricesX", fills.pricesX)
                .bind("fees", fills.fees)
                .bind("times", fills.times)
                .bind("sides", fills.sides)
                .execute();
        if (b.status() != BatchStatus.SPLIT) {
            // Every trade exists: the group commit wrote it before the batcher could see it. The IS DISTINCT FROM
            // is redundant for a new batch, but without it the same load cost PostgreSQL three times the CPU
            // (measured with hyperperp bench --http at 50% trading; the plan looks the same).
            h.createUpdate("UPDATE trades SET settlement_batch_id = :id WHERE trade_number = ANY(:trades)"
                            + " AND settlement_batch_id IS DISTINCT FROM :id")
                    .bind("id", Ids.batch(b.batchId()))
                    .bind("trades", fills.trades)
                    .execute();
        }
    }

    /** A batch's fills as one array per column, for one {@code unnest} insert. */
    private static final class FillColumns {
        final long[] trades;
        final String[] takers;
        final String[] makers;
        final long[] markets;
        final long[] sizes;
        final long[] pricesX;
        final long[] fees;
        final long[] times;
        final String[] sides;

        FillColumns(List<SettlementFill> fills) {
            int n = fills.size();
            trades = new long[n];
            takers = new String[n];
            makers = new String[n];
            markets = new long[n];
            sizes = new long[n];
            pricesX = new long[n];
            fees = new long[n];
            times = new long[n];
            sides = new String[n];
            for (int i = 0; i < n; i++) {
                SettlementFill f = fills.get(i);
                trades[i] = f.tradeId();
                takers[i] = f.taker();
                makers[i] = f.maker();
                markets[i] = f.marketId();
                sizes[i] = f.size();
                pricesX[i] = f.priceX();
                fees[i] = f.feeBps();
                times[i] = f.ts();
                sides[i] = f.takerSide().wireName();
            }
        }
    }

    @Override
    public void recordSubmission(long batchId, Submission submission, long nowMs) {
        int updated = jdbi.inTransaction(h -> {
            checkTerm(h);
            return h.createUpdate("UPDATE settlement_batches SET status = 'submitted',"
                        + " tx_hash = :hash, sequence_number = :seq, tx_expiration = :exp, signed_txn = :signed,"
                        + " updated_at_ms = :now, updated_at = now(), submitted_at = now()"
                        + " WHERE batch_number = :n")
                .bind("hash", submission.txHash())
                .bind("seq", submission.sequenceNumber())
                .bind("exp", submission.expirationSecs())
                .bind("signed", submission.signedTransaction())
                .bind("now", nowMs)
                .bind("n", batchId)
                .execute();
        });
        if (updated != 1) {
            throw new IllegalStateException("no settlement batch " + batchId);
        }
    }

    @Override
    public Optional<SettlementBatch> find(long batchId) {
        return jdbi.withHandle(h -> batches(h, "WHERE batch_number = :n", Map.of("n", batchId))).stream()
                .findFirst();
    }

    @Override
    public List<SettlementBatch> list(BatchStatus status, int limit) {
        return jdbi.withHandle(h -> status == null
                ? batches(h, "ORDER BY batch_number DESC LIMIT :limit", Map.of("limit", limit))
                : batches(h, "WHERE status = :status ORDER BY batch_number DESC LIMIT :limit",
                        Map.of("status", status.wireName(), "limit", limit)));
    }

    /**
     * @param batchNumber only batches numbered above this
     * @return confirmed batches numbered above {@code batchNumber}, by number (an HA follower mirrors the
     *         leader's local ledger with them)
     */
    public List<SettlementBatch> confirmedAfter(long batchNumber) {
        return jdbi.withHandle(h -> batches(h, "WHERE status = 'confirmed' AND batch_number > :n ORDER BY batch_number",
                Map.of("n", batchNumber)));
    }

    @Override
    public List<SettlementBatch> unfinished() {
        return jdbi.withHandle(h -> batches(h, "WHERE status NOT IN ('confirmed', 'split') ORDER BY batch_number",
                Map.of()));
    }

    @Override
    public long lastBatchId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(max(batch_number), 0) FROM settlement_batches")
                .mapTo(Long.class).one());
    }

    /** The batch a trade currently belongs to, or 0 (for tests and operators). */
    public long batchOf(long tradeNumber) {
        return jdbi.withHandle(h -> h.createQuery("SELECT b.batch_number FROM trades t"
                        + " JOIN settlement_batches b ON b.id = t.settlement_batch_id WHERE t.trade_number = :t")
                .bind("t", tradeNumber).mapTo(Long.class).findOne().orElse(0L));
    }

    private static List<SettlementBatch> batches(Handle h, String where, Map<String, Object> params) {
        List<Row> rows = h.createQuery("SELECT " + BATCH_COLUMNS + " FROM settlement_batches " + where)
                .bindMap(params)
                .map((rs, ctx) -> Row.of(rs))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        long[] numbers = rows.stream().mapToLong(Row::number).toArray();
        Map<Long, List<SettlementFill>> fills = new HashMap<>();
        h.createQuery("SELECT batch_number, trade_number, taker, maker, market_id, size, price_x, fee_bps, ts,"
                        + " taker_side FROM settlement_batch_fills WHERE batch_number = ANY(:n)"
                        + " ORDER BY batch_number, position")
                .bind("n", numbers)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), new SettlementFill(rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        WireNames.parse(Side.class, rs.getString(10)))))
                .forEach(e -> fills.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<SettlementBatch> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.toBatch(fills.getOrDefault(r.number(), List.of())));
        }
        return out;
    }

    private record Row(long number, long marketId, long oracleTs, long minPx, long maxPx, long expiry,
                       BatchStatus status, int attempts, Submission submission, String lastError, long parent,
                       long createdMs, long updatedMs) {

        static Row of(ResultSet rs) throws SQLException {
            String hash = rs.getString("tx_hash");
            Submission submission = hash == null ? null : new Submission(hash, rs.getLong("sequence_number"),
                    rs.getLong("tx_expiration"), rs.getBytes("signed_txn"));
            return new Row(rs.getLong("batch_number"), rs.getLong("market_id"), rs.getLong("oracle_ts"),
                    rs.getLong("min_px"), rs.getLong("max_px"), rs.getLong("expiry"),
                    WireNames.parse(BatchStatus.class, rs.getString("status")), rs.getInt("attempts"), submission,
                    rs.getString("last_error"), rs.getLong("parent_batch_number"), rs.getLong("created_at_ms"),
                    rs.getLong("updated_at_ms"));
        }

        SettlementBatch toBatch(List<SettlementFill> fills) {
            return new SettlementBatch(number, marketId, fills, oracleTs, minPx, maxPx, expiry, status, attempts,
                    submission, lastError, parent, createdMs, updatedMs);
        }
    }
}
