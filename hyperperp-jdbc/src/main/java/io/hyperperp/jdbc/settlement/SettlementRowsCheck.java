package io.hyperperp.jdbc.settlement;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Start-up's check of the tables the engine's recovery does not read: {@code trades}, {@code settlement_batch_fills}
 * and {@code settlement_batches}. Their readers (settlement resume, the trades and settlement routes, the settlement
 * guard) name a damaged row when they meet it, but some meet it only later: a trade settled long ago is read again by
 * a route or a restart with a chain configured, and a damaged one then fails a request, or the next start-up, instead
 * of this one. Each table is checked by one query that PostgreSQL answers without sending a row back unless one is
 * damaged; the first damaged row stops start-up naming the table, its key and the column, as {@code StoredRow} does.
 *
 * <p>A full check costs about 1.3 s per million trades (with their fills and batches; docs/benchmarks.md, "Session
 * 15: start-up's check of the trades and settlement tables"), so start-up checks the rows written since the newest
 * engine snapshot (which an HA leader stores every {@code ha.snapshot_interval_secs}), and every row when there is
 * none: what an earlier start checked is not read again where a snapshot says how far the engine had got.
 */
public final class SettlementRowsCheck {

    /** 2^63: a value at a market's scale must stay under it to be a long. */
    private static final String LONG_BOUND = "9223372036854775808";

    /**
     * The first damaged column of a trade, or NULL: no markets row to give its decimals, an unknown side, a missing
     * address, a price or size not positive, finer than its market's decimals, or past 64 bits at that scale.
     */
    private static final String TRADE_DAMAGE = "CASE"
            + " WHEN m.market_id IS NULL THEN 'market_id'"
            + " WHEN t.taker_side IS NULL OR t.taker_side NOT IN ('buy', 'sell') THEN 'taker_side'"
            + " WHEN t.taker_address IS NULL THEN 'taker_address'"
            + " WHEN t.maker_address IS NULL THEN 'maker_address'"
            + " WHEN " + badDecimal("t.price", "m.price_decimals") + " THEN 'price'"
            + " WHEN " + badDecimal("t.size", "m.size_decimals") + " THEN 'size'"
            + " END";

    /** A fill's first damaged column, or NULL (sizes and prices are stored scaled, as bigint). */
    private static final String FILL_DAMAGE = "CASE"
            + " WHEN f.taker_side IS NULL OR f.taker_side NOT IN ('buy', 'sell') THEN 'taker_side'"
            + " WHEN f.taker IS NULL THEN 'taker'"
            + " WHEN f.maker IS NULL THEN 'maker'"
            + " WHEN f.size IS NULL OR f.size <= 0 THEN 'size'"
            + " WHEN f.price_x IS NULL OR f.price_x <= 0 THEN 'price_x'"
            + " END";

    /** A batch's first damaged column, or NULL: an unknown status, or a submission not recorded whole. */
    private static final String BATCH_DAMAGE = "CASE"
            + " WHEN b.status IS NULL OR b.status NOT IN ('pending', 'submitted', 'confirmed', 'failed', 'held',"
            + " 'split') THEN 'status'"
            + " WHEN b.tx_hash IS NOT NULL AND (b.sequence_number IS NULL OR b.sequence_number < 0)"
            + " THEN 'sequence_number'"
            + " WHEN b.tx_hash IS NOT NULL AND (b.tx_expiration IS NULL OR b.tx_expiration < 0) THEN 'tx_expiration'"
            + " WHEN b.tx_hash IS NOT NULL AND b.signed_txn IS NULL THEN 'signed_txn'"
            + " END";

    private SettlementRowsCheck() {
    }

    private static String badDecimal(String value, String decimals) {
        return value + " IS NULL OR " + value + " <= 0 OR " + value + " <> trunc(" + value + ", " + decimals + ")"
                + " OR " + value + " * power(10::numeric, " + decimals + ") >= " + LONG_BOUND;
    }

    /**
     * Checks the rows written since the newest engine snapshot, or all of them when there is none.
     *
     * @param h a transaction of the recovery (its snapshot is the state start-up reads)
     * @throws IllegalStateException naming the table, the row's key and the column of the first damaged row found
     */
    public static void requireSound(Handle h) {
        requireSound(h, tradeCounterOfNewestSnapshot(h));
    }

    /**
     * The trade counter of the newest engine snapshot, 0 when there is none. It is read from the image's first 32
     * bytes (magic, version, sequence, order counter, trade counter: {@code EngineSnapshots}' header since version
     * 1), which PostgreSQL fetches without the rest of the image (stored uncompressed, V12).
     */
    static long tradeCounterOfNewestSnapshot(Handle h) {
        Optional<byte[]> head = h.createQuery("SELECT substring(image FROM 1 FOR 32) FROM engine_snapshots"
                        + " ORDER BY last_command_number DESC LIMIT 1")
                .mapTo(byte[].class).findFirst();
        if (head.isEmpty() || head.get().length < 32) {
            return 0;
        }
        return java.nio.ByteBuffer.wrap(head.get()).getLong(24); // big-endian, as DataOutputStream wrote it
    }

    /**
     * @param h                a transaction of the recovery (its snapshot is the state start-up reads)
     * @param afterTradeNumber only trades numbered past it, the fills of those trades and the batches of those
     *                         fills are checked (0: every row)
     * @throws IllegalStateException naming the table, the row's key and the column of the first damaged row found
     */
    public static void requireSound(Handle h, long afterTradeNumber) {
        damaged(h, "SELECT t.trade_number, " + TRADE_DAMAGE + " AS bad FROM trades t"
                + " LEFT JOIN markets m ON m.market_id = t.market_id"
                + " WHERE t.trade_number > :after AND " + TRADE_DAMAGE + " IS NOT NULL LIMIT 1", afterTradeNumber)
                .ifPresent(d -> fail("trades", "trade_number = " + d.key(), d.column()));
        damaged(h, "SELECT f.batch_number || ', ' || f.position, " + FILL_DAMAGE + " AS bad"
                + " FROM settlement_batch_fills f WHERE f.trade_number > :after AND " + FILL_DAMAGE + " IS NOT NULL"
                + " LIMIT 1", afterTradeNumber)
                .ifPresent(d -> fail("settlement_batch_fills", "(batch_number, position) = (" + d.key() + ")",
                        d.column()));
        damaged(h, "SELECT b.batch_number, " + BATCH_DAMAGE + " AS bad FROM settlement_batches b"
                // The fills after the bound through their trade index (OFFSET 0 keeps the planner from walking the
                // whole primary key for min(batch_number) instead: 0.2 s at a million fills).
                + " WHERE b.batch_number >= COALESCE((SELECT min(s.batch_number) FROM (SELECT f.batch_number"
                + " FROM settlement_batch_fills f WHERE f.trade_number > :after OFFSET 0) s),"
                + " (SELECT max(batch_number) + 1 FROM settlement_batches), 0)"
                + " AND " + BATCH_DAMAGE + " IS NOT NULL LIMIT 1", afterTradeNumber)
                .ifPresent(d -> fail("settlement_batches", "batch_number = " + d.key(), d.column()));
    }

    private record Damage(String key, String column) {
    }

    private static Optional<Damage> damaged(Handle h, String sql, long after) {
        return h.createQuery(sql).bind("after", after)
                .map((rs, ctx) -> new Damage(rs.getString(1), rs.getString(2)))
                .findFirst();
    }

    private static void fail(String table, String key, String column) {
        throw new IllegalStateException("damaged row in the database: table " + table + ", row " + key + ", column "
                + column + ": NULL, not positive, of an unknown value, finer than its market's decimals or past 64"
                + " bits (found by start-up's check of the settlement tables); refusing to start on it");
    }
}
