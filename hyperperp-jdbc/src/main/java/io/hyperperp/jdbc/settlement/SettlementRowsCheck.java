package io.hyperperp.jdbc.settlement;

import io.hyperperp.jdbc.settlement.internal.BatchReads;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Start-up's check of the tables the engine's recovery does not read: {@code trades}, {@code settlement_fill_sets}
 * (a batch's fills, checked a fill at a time) and {@code settlement_batches}. Their readers (settlement resume, the trades and settlement routes, the settlement
 * guard) name a damaged row when they meet it, but some meet it only later: a trade settled long ago is read again by
 * a route or a restart with a chain configured, and a damaged one then fails a request, or the next start-up, instead
 * of this one. Each table is checked by one query that PostgreSQL answers without sending a row back unless one is
 * damaged; the first damaged row stops start-up naming the table, its key and the column, as {@code StoredRow} does.
 *
 * <p>A full check costs about 1.3 s per million trades (with their fills and batches; docs/benchmarks.md, "Session
 * 15: start-up's check of the trades and settlement tables"), so what an earlier start checked is not read again.
 * Each clean check records how far it covered in {@code settlement_rows_checked} ({@link CheckedRows}, written in the
 * check's transaction), and the next start checks the trades after that mark and the batches (with their fills) after
 * the lowest one that was still unfinished, since the settlement store writes those again. Where the newest engine
 * snapshot (which an HA leader stores every {@code ha.snapshot_interval_secs}) is newer than the mark, the rows
 * written since the snapshot are checked instead (session 15's rule); with neither, every row.
 */
public final class SettlementRowsCheck {

    /** 2^63: a value at a market's scale must stay under it to be a long. */
    private static final String LONG_BOUND = "9223372036854775808";

    private static final String DECIMAL_WHY = "is NULL, not positive, finer than its market's decimals or past 64"
            + " bits at them";

    /** One way a row is damaged: the SQL condition, the column it names and why, in the failure's words. */
    private record Rule(String condition, String column, String why) {
    }

    /**
     * A trade's damage: no markets row to give its decimals, an unknown side, a missing address, a price or size
     * not positive, finer than its market's decimals, or past 64 bits at that scale.
     */
    private static final List<Rule> TRADE_RULES = List.of(
            new Rule("m.market_id IS NULL", "market_id", "has no markets row"),
            new Rule("t.taker_side IS NULL OR t.taker_side NOT IN ('buy', 'sell')", "taker_side", "is not a Side"),
            new Rule("t.taker_address IS NULL", "taker_address", "is NULL"),
            new Rule("t.maker_address IS NULL", "maker_address", "is NULL"),
            new Rule(badDecimal("t.price", "m.price_decimals"), "price", DECIMAL_WHY),
            new Rule(badDecimal("t.size", "m.size_decimals"), "size", DECIMAL_WHY));

    /** A fill's damage (sizes and prices are stored scaled, as bigint). */
    private static final List<Rule> FILL_RULES = List.of(
            new Rule("f.taker_side IS NULL OR f.taker_side NOT IN ('buy', 'sell')", "taker_side", "is not a Side"),
            new Rule("f.taker IS NULL", "taker", "is NULL"),
            new Rule("f.maker IS NULL", "maker", "is NULL"),
            new Rule("f.size IS NULL OR f.size <= 0", "size", "is not positive"),
            new Rule("f.price_x IS NULL OR f.price_x <= 0", "price_x", "is not positive"),
            // One column a batch since V19: an element can be NULL where a column of fills was NOT NULL.
            new Rule("f.trade_number IS NULL", "trade_number", "is NULL"),
            new Rule("f.fee_bps IS NULL", "fee_bps", "is NULL"),
            new Rule("f.ts IS NULL", "ts", "is NULL"));

    /** A fill's key as an operator would query it in the {@code settlement_batch_fills} view. */
    private static final String FILL_KEY = "s.batch_number || ', ' || (f.n - 1)";

    /** The fill sets holding a trade numbered past the bound, through their trade range's index. */
    private static final String FILL_SETS_AFTER_TRADE = "s.trade_range && int8range(:after, NULL, '()')";

    /** A batch's damage: an unknown status, or a submission not recorded whole (recordSubmission writes all four). */
    private static final List<Rule> BATCH_RULES = List.of(
            new Rule("b.status IS NULL OR b.status NOT IN ('pending', 'submitted', 'confirmed', 'failed', 'held',"
                    + " 'split')", "status", "is not a BatchStatus"),
            new Rule("b.tx_hash IS NOT NULL AND (b.sequence_number IS NULL OR b.sequence_number < 0)",
                    "sequence_number", "is NULL or negative in a recorded submission"),
            new Rule("b.tx_hash IS NOT NULL AND (b.tx_expiration IS NULL OR b.tx_expiration < 0)", "tx_expiration",
                    "is NULL or negative in a recorded submission"),
            new Rule("b.tx_hash IS NOT NULL AND b.signed_txn IS NULL", "signed_txn",
                    "is NULL in a recorded submission"));

    private SettlementRowsCheck() {
    }

    private static String badDecimal(String value, String decimals) {
        return value + " IS NULL OR " + value + " <= 0 OR " + value + " <> trunc(" + value + ", " + decimals + ")"
                + " OR " + value + " * power(10::numeric, " + decimals + ") >= " + LONG_BOUND;
    }

    /**
     * Checks the rows written since the last clean check, or since the newest engine snapshot when that is newer, or
     * all of them when there is neither; then records how far this check went.
     *
     * @param h a transaction of the recovery (its snapshot is the state start-up reads)
     * @throws IllegalStateException naming the table, the row's key and the column of the first damaged row found
     */
    public static void requireSound(Handle h) {
        long snapshotTrades = tradeCounterOfNewestSnapshot(h);
        Optional<CheckedRows> checked = CheckedRows.read(h);
        if (checked.isPresent() && checked.get().tradeNumber() >= snapshotTrades) {
            requireSoundAfter(h, checked.get());
        } else {
            requireSound(h, snapshotTrades);
        }
        CheckedRows.record(h);
    }

    /**
     * @param h       a transaction of the recovery
     * @param checked how far an earlier clean check went: the trades after its trade number and the batches (with
     *                their fills) after its batch number are checked
     * @throws IllegalStateException naming the table, the row's key and the column of the first damaged row found
     */
    static void requireSoundAfter(Handle h, CheckedRows checked) {
        check(h, "trades", "t", TRADE_RULES, "t.trade_number::text", "trade_number = ",
                "trades t LEFT JOIN markets m ON m.market_id = t.market_id WHERE t.trade_number > :after",
                checked.tradeNumber());
        check(h, "settlement_fill_sets", "f", FILL_RULES, FILL_KEY, "(batch_number, position) = ",
                BatchReads.FILL_ROWS + " WHERE s.batch_number > :after", checked.batchNumber());
        check(h, "settlement_batches", "b", BATCH_RULES, "b.batch_number::text", "batch_number = ",
                "settlement_batches b WHERE b.batch_number > :after", checked.batchNumber());
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
        check(h, "trades", "t", TRADE_RULES, "t.trade_number::text", "trade_number = ",
                "trades t LEFT JOIN markets m ON m.market_id = t.market_id WHERE t.trade_number > :after",
                afterTradeNumber);
        check(h, "settlement_fill_sets", "f", FILL_RULES, FILL_KEY, "(batch_number, position) = ",
                BatchReads.FILL_ROWS + " WHERE " + FILL_SETS_AFTER_TRADE + " AND f.trade_number > :after",
                afterTradeNumber);
        // The batches of the fills after the bound, found through the fill sets' range index (OFFSET 0 keeps the
        // planner from walking the whole primary key for min(batch_number) instead: 0.2 s at a million fills).
        check(h, "settlement_batches", "b", BATCH_RULES, "b.batch_number::text", "batch_number = ",
                "settlement_batches b WHERE b.batch_number >= COALESCE((SELECT min(a.batch_number) FROM"
                + " (SELECT s.batch_number FROM settlement_fill_sets s WHERE " + FILL_SETS_AFTER_TRADE
                + " OFFSET 0) a), (SELECT max(batch_number) + 1 FROM settlement_batches), 0)", afterTradeNumber);
    }

    /**
     * One query over {@code from} (its table named {@code alias}): the rows matching a rule, at most one sent back
     * with the index of its first rule and that column's value; PostgreSQL scans the rows and sends nothing when
     * none is damaged.
     */
    private static void check(Handle h, String table, String alias, List<Rule> rules, String key, String keyNames,
                              String from, long after) {
        StringBuilder which = new StringBuilder("CASE");
        StringBuilder value = new StringBuilder("CASE");
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            which.append(" WHEN ").append(r.condition()).append(" THEN ").append(i);
            value.append(" WHEN ").append(r.condition()).append(" THEN COALESCE(").append(alias).append('.')
                    .append(r.column()).append("::text, 'NULL')");
        }
        which.append(" END");
        value.append(" END");
        // The bound is written into the SQL, not bound: from the fifth run of one statement on a connection pgjdbc
        // prepares it on the server, and PostgreSQL's generic plan for ":after" scans every row (10,000 rows: 35 ms
        // became 211-240 ms). A long cannot inject anything, and a literal keeps each run's plan on the index.
        String bounded = from.replace(":after", Long.toString(after));
        Optional<String[]> found = h.createQuery("SELECT " + key + ", " + which + ", " + value + " FROM " + bounded
                        + " AND " + which + " IS NOT NULL LIMIT 1")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .findFirst();
        found.ifPresent(f -> {
            Rule r = rules.get(Integer.parseInt(f[1]));
            throw new IllegalStateException("damaged row in the database: table " + table + ", row " + keyNames
                    + (keyNames.startsWith("(") ? "(" + f[0] + ")" : f[0]) + ", column " + r.column() + ": "
                    + f[2] + " " + r.why() + " (start-up's check of the settlement tables); refusing to start on it");
        });
    }
}
