package io.hyperperp.server.persistence;

import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.internal.StoredRow;
import io.hyperperp.server.collateral.CollateralStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link CollateralStore} in PostgreSQL: tables {@code collateral_credits}, {@code seed_freezes} and
 * {@code chain_withdrawals} (migration V11). Each call is its own transaction: a row is written
 * before the step it guards (a credit before it reaches the engine, a transaction before it is posted).
 */
public final class JdbcCollateralStore implements CollateralStore {

    private final Jdbi jdbi;
    private final TablesFence fence;
    /** Decimals of the engine's collateral: its ledger entries hold base units moved this far right. */
    private final int collateralDecimals;

    /** A store over the database {@code jdbi} reaches, for an engine with {@code collateralDecimals}. */
    public JdbcCollateralStore(Jdbi jdbi, int collateralDecimals) {
        this(jdbi, collateralDecimals, TablesFence.NONE);
    }

    /**
     * Like {@link #JdbcCollateralStore(Jdbi, int)}; a request's look-up of a booked deposit in the ledger first
     * passes {@code fence} (the ledger may be written behind the command log).
     */
    public JdbcCollateralStore(Jdbi jdbi, int collateralDecimals, TablesFence fence) {
        this.jdbi = jdbi;
        this.collateralDecimals = collateralDecimals;
        this.fence = fence;
    }

    /** A {@code collateral_credits} row read as (deposit_id, user_address, amount, used_for). */
    private static Credit credit(ResultSet rs) throws SQLException {
        StoredRow row = new StoredRow(rs, "collateral_credits", "deposit_id");
        return new Credit(rs.getString("deposit_id"), row.text("user_address"), baseUnits(row, rs, "amount", 0),
                rs.getString("used_for"));
    }

    /**
     * A column of coin base units, {@code decimals} to the left of its point as stored (0: base units already):
     * a NULL, a fraction of a unit or a negative amount is damage, named with its row; it would otherwise stop
     * start-up with a bare {@code ArithmeticException} or credit a negative deposit.
     */
    private static BigInteger baseUnits(StoredRow row, ResultSet rs, String column, int decimals) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        if (value == null) {
            throw row.damaged(column, "is NULL");
        }
        if (value.signum() < 0) {
            throw row.damaged(column, value.toPlainString() + " is negative");
        }
        try {
            return value.movePointRight(decimals).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw row.damaged(column, value.toPlainString() + " is not a whole number of base units");
        }
    }

    @Override
    public boolean insertCredit(Credit c) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO collateral_credits (deposit_id, user_address, amount,"
                        + " used_for) VALUES (:id, :user, :amount, :used) ON CONFLICT (deposit_id) DO NOTHING")
                .bind("id", c.depositId()).bind("user", c.user()).bind("amount", new BigDecimal(c.amount()))
                .bind("used", c.usedFor()).execute()) == 1;
    }

    @Override
    public void markUsed(String depositId, String orderId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE collateral_credits SET used_for = :order WHERE deposit_id = :id")
                .bind("order", orderId).bind("id", depositId).execute());
    }

    @Override
    public List<Credit> credits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT deposit_id, user_address, amount, used_for"
                        + " FROM collateral_credits ORDER BY created_at, deposit_id")
                .map((rs, ctx) -> credit(rs))
                .list());
    }

    @Override
    public List<Credit> creditsNotBooked() {
        return jdbi.withHandle(h -> h.createQuery("SELECT deposit_id, user_address, amount, used_for"
                        + " FROM collateral_credits c WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l"
                        + " WHERE l.kind = 'deposit' AND l.reference = c.deposit_id) ORDER BY created_at, deposit_id")
                .map((rs, ctx) -> credit(rs))
                .list());
    }

    @Override
    public List<Credit> adminDepositsNotCredited() {
        return jdbi.withHandle(h -> h.createQuery("SELECT entry_number, reference, user_address, amount"
                        + " FROM ledger_entries l WHERE kind = 'deposit' AND reference LIKE 'admin:%' AND NOT EXISTS"
                        + " (SELECT 1 FROM collateral_credits c WHERE c.deposit_id = l.reference) ORDER BY entry_number")
                .map((rs, ctx) -> new Credit(rs.getString(2), rs.getString(3),
                        baseUnits(new StoredRow(rs, "ledger_entries", "entry_number"), rs, "amount", collateralDecimals),
                        null))
                .list());
    }

    @Override
    public Optional<Credit> bookedDeposit(String depositId) {
        fence.await();
        return jdbi.withHandle(h -> h.createQuery("SELECT entry_number, user_address, amount"
                        + " FROM ledger_entries WHERE kind = 'deposit' AND reference = :id")
                .bind("id", depositId)
                .map((rs, ctx) -> new Credit(depositId, rs.getString(2), baseUnits(
                        new StoredRow(rs, "ledger_entries", "entry_number"), rs, "amount", collateralDecimals), null))
                .findOne());
    }

    @Override
    public void saveFreeze(Freeze f) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO seed_freezes (order_id, user_address, order_json, required,"
                        + " expires_at, confirmed) VALUES (:id, :user, :json, :required, :expires, :confirmed)"
                        + " ON CONFLICT (order_id) DO UPDATE SET confirmed = EXCLUDED.confirmed")
                .bind("id", f.orderId()).bind("user", f.user()).bind("json", f.orderJson())
                .bind("required", new BigDecimal(f.required())).bind("expires", new Timestamp(f.expiresAtMillis()))
                .bind("confirmed", f.confirmed()).execute());
    }

    @Override
    public void confirmFreeze(String orderId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE seed_freezes SET confirmed = true WHERE order_id = :id")
                .bind("id", orderId).execute());
    }

    @Override
    public void deleteFreeze(String orderId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM seed_freezes WHERE order_id = :id AND NOT confirmed")
                .bind("id", orderId).execute());
    }

    @Override
    public List<Freeze> freezes() {
        return jdbi.withHandle(h -> h.createQuery("SELECT order_id, user_address, order_json, required, expires_at,"
                        + " confirmed FROM seed_freezes ORDER BY expires_at, order_id")
                .map((rs, ctx) -> {
                    StoredRow row = new StoredRow(rs, "seed_freezes", "order_id");
                    return new Freeze(rs.getString(1), row.text("user_address"), row.text("order_json"),
                            baseUnits(row, rs, "required", 0), rs.getTimestamp(5).getTime(), rs.getBoolean(6));
                })
                .list());
    }

    @Override
    public long insertWithdrawal(String user, BigInteger amount, long commandTimestamp) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO chain_withdrawals (user_address, amount,"
                        + " command_timestamp, status) VALUES (:user, :amount, :ts, 'requested') RETURNING withdrawal_id")
                .bind("user", user).bind("amount", new BigDecimal(amount)).bind("ts", commandTimestamp)
                .mapTo(Long.class).one());
    }

    @Override
    public void updateWithdrawal(long id, WithdrawalStatus status, String txHash, String message) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE chain_withdrawals SET status = :status,"
                        + " tx_hash = COALESCE(:hash, tx_hash), message = COALESCE(:message, message), updated_at = now()"
                        + " WHERE withdrawal_id = :id")
                .bind("status", status.wireName()).bind("hash", txHash).bind("message", message).bind("id", id)
                .execute());
    }

    @Override
    public void recordSubmission(long id, Submission s) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE chain_withdrawals SET tx_hash = :hash, sequence_number = :seq,"
                        + " expiration_secs = :exp, signed_transaction = :bytes, updated_at = now()"
                        + " WHERE withdrawal_id = :id")
                .bind("hash", s.txHash()).bind("seq", s.sequenceNumber()).bind("exp", s.expirationSecs())
                .bind("bytes", s.signedTransaction()).bind("id", id).execute());
        if (n != 1) {
            throw new IllegalStateException("withdrawal " + id + " is not recorded");
        }
    }

    @Override
    public List<Withdrawal> openWithdrawals() {
        return jdbi.withHandle(h -> h.createQuery("SELECT withdrawal_id, user_address, amount, command_timestamp, status,"
                        + " tx_hash, sequence_number, expiration_secs, signed_transaction, created_at"
                        + " FROM chain_withdrawals WHERE status IN ('requested', 'debited', 'failed')"
                        + " ORDER BY withdrawal_id")
                .map((rs, ctx) -> withdrawal(rs))
                .list());
    }

    private static Withdrawal withdrawal(ResultSet rs) throws SQLException {
        StoredRow row = new StoredRow(rs, "chain_withdrawals", "withdrawal_id");
        String hash = rs.getString("tx_hash");
        byte[] bytes = rs.getBytes("signed_transaction");
        // A submission is recorded whole (recordSubmission): its hash and bytes without a sequence number or expiry
        // is damage, which read as 0 would look the payment up (and resend it) under sequence number 0.
        Submission s = hash == null || bytes == null ? null : new Submission(hash,
                row.wholeAtLeast("sequence_number", 0), row.wholeAtLeast("expiration_secs", 0), bytes);
        return new Withdrawal(rs.getLong("withdrawal_id"), row.text("user_address"),
                baseUnits(row, rs, "amount", 0), rs.getLong("command_timestamp"),
                // only rows of the statuses asked for are read (WHERE status IN ...)
                WithdrawalStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), s,
                rs.getTimestamp("created_at").getTime());
    }

    @Override
    public Map<String, BigInteger> withdrawnByUser() {
        Map<String, BigInteger> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT user_address, sum(amount) AS amount FROM chain_withdrawals"
                        + " WHERE status IN ('requested', 'debited', 'confirmed') GROUP BY user_address")
                .map((rs, ctx) -> Map.entry(rs.getString(1), baseUnits(
                        new StoredRow(rs, "chain_withdrawals", "user_address"), rs, "amount", 0)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /**
     * Looks for the withdraw command by its timestamp among the groups committed since the
     * withdrawal was recorded (less a minute of clock skew) and for the withdrawal ledger entry it
     * left: an engine refusal is logged as a command too, but leaves no entry.
     */
    @Override
    public boolean debitCommitted(Withdrawal w) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM command_log c"
                        + " JOIN ledger_entries l ON l.command_number = c.command_number"
                        + " WHERE c.received_at >= :since AND c.timestamp_us = :ts AND c.payload->>'op' = 'withdraw'"
                        + " AND l.kind = 'withdrawal' AND l.user_address = :user")
                .bind("since", new Timestamp(w.createdAtMillis() - 60_000)).bind("ts", w.commandTimestamp())
                .bind("user", w.user())
                .mapTo(Long.class).one()) > 0;
    }

    /**
     * Reads each trade at the decimals of its {@code markets} row, as settlement resume does: a price or size
     * finer than its market's, past 64 bits, or not positive, a NULL address, or a market with no row stops
     * start-up naming the trade; read as it was, it stopped start-up with a bare {@code ArithmeticException}
     * (or, for a NULL, a {@code NullPointerException}) from the settlement guard.
     */
    @Override
    public void forEachTrade(TradeVisitor visitor) {
        jdbi.useHandle(h -> h.createQuery("SELECT t.trade_number, t.market_id, t.taker_address, t.maker_address,"
                        + " t.price, t.size, m.price_decimals, m.size_decimals"
                        + " FROM trades t LEFT JOIN markets m ON m.market_id = t.market_id")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    StoredRow row = new StoredRow(rs, "trades", "trade_number");
                    int priceDecimals = rs.getInt("price_decimals");
                    if (rs.wasNull()) {
                        throw row.damaged("market_id", rs.getLong("market_id") + " has no markets row");
                    }
                    int sizeDecimals = rs.getInt("size_decimals");
                    visitor.trade(rs.getLong("market_id"), row.text("taker_address"), row.text("maker_address"),
                            positive(row, "price", row.scaled("price", priceDecimals), priceDecimals),
                            positive(row, "size", row.scaled("size", sizeDecimals), sizeDecimals));
                    return 0;
                })
                .forEach(x -> { }));
    }

    private static BigDecimal positive(StoredRow row, String column, long scaled, int decimals) {
        if (scaled <= 0) {
            throw row.damaged(column, BigDecimal.valueOf(scaled, decimals).toPlainString() + " is not positive");
        }
        return BigDecimal.valueOf(scaled, decimals);
    }
}
