package io.hyperperp.jdbc.settlement.internal;

import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.internal.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settlement store's reads of saved batches: their {@code settlement_batches} rows and their fills, one
 * {@code settlement_fill_sets} row a batch (V19) unnested into a row a fill, so that a damaged fill is named by its
 * batch and position as before.
 */
public final class BatchReads {

    private static final String BATCH_COLUMNS = "batch_number, market_id, oracle_ts, min_px, max_px, expiry,"
            + " status, attempts, tx_hash, sequence_number, tx_expiration, signed_txn, last_error,"
            + " parent_batch_number, created_at_ms, updated_at_ms";

    /**
     * {@code settlement_fill_sets} as a row a fill: {@code s} the batch's row, {@code f} the fill (its columns as the
     * table of fills held them until V18, and {@code n}, its position from 1).
     */
    public static final String FILL_ROWS = "settlement_fill_sets s CROSS JOIN LATERAL unnest(s.trade_numbers,"
            + " s.takers, s.makers, s.sizes, s.prices_x, s.fee_bps, s.ts, s.taker_sides) WITH ORDINALITY"
            + " AS f(trade_number, taker, maker, size, price_x, fee_bps, ts, taker_side, n)";

    /** The fills of the batches numbered in the array parameter, by batch and position (from 0). */
    private static final String FILLS = "SELECT s.batch_number, f.trade_number, f.taker, f.maker, f.size,"
            + " f.price_x, f.fee_bps, f.ts, f.taker_side, f.n - 1 AS position FROM " + FILL_ROWS
            + " WHERE s.batch_number = ANY(?) ORDER BY s.batch_number, f.n";

    private BatchReads() {
    }

    /**
     * @param c      a connection
     * @param where  what follows {@code FROM settlement_batches}: a condition, an order, a limit
     * @param params the parameters of {@code where}
     * @return the batches {@code where} selects, in its order, with their fills
     * @throws SQLException when a statement fails
     * @throws IllegalStateException naming the row when a stored value is damaged
     */
    public static List<SettlementBatch> batches(Connection c, String where, Object... params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM settlement_batches "
                + where)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.of(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> marketOf = new HashMap<>();
        for (Row r : rows) {
            marketOf.put(r.number(), r.marketId());
        }
        long[] numbers = rows.stream().mapToLong(Row::number).toArray();
        Map<Long, List<SettlementFill>> fills = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(FILLS)) {
            ps.setArray(1, Sql.int8Array(c, numbers));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long batch = rs.getLong(1);
                    // A fill's market is its batch's (V19 stores it once, on the batch).
                    fills.computeIfAbsent(batch, k -> new ArrayList<>()).add(new SettlementFill(
                            rs.getLong(2), rs.getString(3), rs.getString(4), marketOf.get(batch), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            new StoredRow(rs, "settlement_fill_sets", "batch_number", "position")
                                    .wire(Side.class, "taker_side")));
                }
            }
        }
        List<SettlementBatch> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.toBatch(fills.getOrDefault(r.number(), List.of())));
        }
        return out;
    }

    /**
     * @return the first column of the first row of {@code query}
     * @throws SQLException when the statement fails
     */
    public static long queryLong(Connection c, String query, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private record Row(long number, long marketId, long oracleTs, long minPx, long maxPx, long expiry,
                       BatchStatus status, int attempts, Submission submission, String lastError, long parent,
                       long createdMs, long updatedMs) {

        static Row of(ResultSet rs) throws SQLException {
            StoredRow row = new StoredRow(rs, "settlement_batches", "batch_number");
            String hash = rs.getString("tx_hash");
            // A submission is written whole (recordSubmission): a hash without its sequence number, expiry or bytes
            // is damage, which read as 0 would look the transaction up under the wrong sequence number.
            Submission submission = hash == null ? null : new Submission(hash, row.wholeAtLeast("sequence_number", 0),
                    row.wholeAtLeast("tx_expiration", 0), row.bytes("signed_txn"));
            return new Row(rs.getLong("batch_number"), rs.getLong("market_id"), rs.getLong("oracle_ts"),
                    rs.getLong("min_px"), rs.getLong("max_px"), rs.getLong("expiry"),
                    row.wire(BatchStatus.class, "status"),
                    rs.getInt("attempts"), submission,
                    rs.getString("last_error"), rs.getLong("parent_batch_number"), rs.getLong("created_at_ms"),
                    rs.getLong("updated_at_ms"));
        }

        SettlementBatch toBatch(List<SettlementFill> fills) {
            return new SettlementBatch(number, marketId, fills, oracleTs, minPx, maxPx, expiry, status, attempts,
                    submission, lastError, parent, createdMs, updatedMs);
        }
    }
}
