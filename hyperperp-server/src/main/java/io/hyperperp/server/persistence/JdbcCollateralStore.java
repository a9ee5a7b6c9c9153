package io.hyperperp.server.persistence;

import io.hyperperp.core.settlement.Submission;
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
    /** Decimals of the engine's collateral: its ledger entries hold base units moved this far right. */
    private final int collateralDecimals;

    /** A store over the database {@code jdbi} reaches, for an engine with {@code collateralDecimals}. */
    public JdbcCollateralStore(Jdbi jdbi, int collateralDecimals) {
        this.jdbi = jdbi;
        this.collateralDecimals = collateralDecimals;
    }

    /** A {@code collateral_credits} row read as (deposit_id, user_address, amount, used_for). */
    private static Credit credit(ResultSet rs) throws SQLException {
        return new Credit(rs.getString(1), rs.getString(2), rs.getBigDecimal(3).toBigIntegerExact(), rs.getString(4));
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
        return jdbi.withHandle(h -> h.createQuery("SELECT reference, user_address, amount FROM ledger_entries l"
                        + " WHERE kind = 'deposit' AND reference LIKE 'admin:%' AND NOT EXISTS"
                        + " (SELECT 1 FROM collateral_credits c WHERE c.deposit_id = l.reference) ORDER BY entry_number")
                .map((rs, ctx) -> new Credit(rs.getString(1), rs.getString(2),
                        rs.getBigDecimal(3).movePointRight(collateralDecimals).toBigIntegerExact(), null))
                .list());
    }

    @Override
    public Optional<Credit> bookedDeposit(String depositId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_address, amount FROM ledger_entries"
                        + " WHERE kind = 'deposit' AND reference = :id")
                .bind("id", depositId)
                .map((rs, ctx) -> new Credit(depositId, rs.getString(1),
                        rs.getBigDecimal(2).movePointRight(collateralDecimals).toBigIntegerExact(), null))
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
                .map((rs, ctx) -> new Freeze(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBigDecimal(4).toBigIntegerExact(), rs.getTimestamp(5).getTime(), rs.getBoolean(6)))
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
        String hash = rs.getString("tx_hash");
        byte[] bytes = rs.getBytes("signed_transaction");
        Submission s = hash == null || bytes == null ? null
                : new Submission(hash, rs.getLong("sequence_number"), rs.getLong("expiration_secs"), bytes);
        return new Withdrawal(rs.getLong("withdrawal_id"), rs.getString("user_address"),
                rs.getBigDecimal("amount").toBigIntegerExact(), rs.getLong("command_timestamp"),
                WithdrawalStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), s,
                rs.getTimestamp("created_at").getTime());
    }

    @Override
    public Map<String, BigInteger> withdrawnByUser() {
        Map<String, BigInteger> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT user_address, sum(amount) FROM chain_withdrawals"
                        + " WHERE status IN ('requested', 'debited', 'confirmed') GROUP BY user_address")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact()))
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

    @Override
    public void forEachTrade(TradeVisitor visitor) {
        jdbi.useHandle(h -> h.createQuery("SELECT market_id, taker_address, maker_address, price, size FROM trades")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    visitor.trade(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getBigDecimal(5));
                    return 0;
                })
                .forEach(x -> { }));
    }
}
