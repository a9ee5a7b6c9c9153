package io.hyperperp.server.collateral;

import io.hyperperp.core.settlement.Submission;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where collateral on chain is kept across restarts: credited deposits (and the order each
 * confirmed), the seed's frozen orders, and withdrawals sent as {@code vault_coin::withdraw_for}.
 * The persistent backend keeps them in PostgreSQL (migration V11); {@link #inMemory()} keeps them
 * for the life of the process, as the in-memory backend keeps everything else.
 */
public interface CollateralStore {

    /**
     * A credited deposit.
     *
     * @param depositId the transaction hash (lower case), or {@code admin:<id>}
     * @param user      the engine's key of the user
     * @param amount    base units of the coin
     * @param usedFor   the seed order id the deposit confirmed, or null
     */
    record Credit(String depositId, String user, BigInteger amount, String usedFor) {
    }

    /**
     * A frozen order of the seed's flow.
     *
     * @param orderId         the id the freeze answered
     * @param user            the engine's key of the user
     * @param orderJson       the native place body, JSON
     * @param required        base units the deposit must pay at least
     * @param expiresAtMillis wall-clock time the freeze lapses, epoch milliseconds
     * @param confirmed       true once the order was placed (the row then only names the id's owner)
     */
    record Freeze(String orderId, String user, String orderJson, BigInteger required, long expiresAtMillis,
                  boolean confirmed) {
    }

    /** Where a withdrawal stands (docs/onchain.md). */
    enum WithdrawalStatus {
        /** Recorded; whether the engine's debit committed is not known yet. */
        REQUESTED,
        /** Debited in the engine; its transaction is being sent. */
        DEBITED,
        /** Committed successfully on chain. */
        CONFIRMED,
        /** Committed as an abort, or refused before it could commit: to be credited back. */
        FAILED,
        /** Credited back in the engine. */
        REFUNDED,
        /** The engine refused the debit: nothing was sent. */
        REFUSED;

        /** The database's name. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A withdrawal.
     *
     * @param id               withdrawal id
     * @param user             the engine's key of the user
     * @param amount           base units of the coin
     * @param commandTimestamp timestamp of the engine's withdraw command
     * @param status           where it stands
     * @param submission       its transaction as recorded before posting, or null
     * @param createdAtMillis  when it was recorded, epoch milliseconds
     */
    record Withdrawal(long id, String user, BigInteger amount, long commandTimestamp, WithdrawalStatus status,
                      Submission submission, long createdAtMillis) {
    }

    /** Stores a credit unless its deposit id is known; true when it was new. */
    boolean insertCredit(Credit credit);

    /** Marks a credit as used to confirm {@code orderId}. */
    void markUsed(String depositId, String orderId);

    /** Every credit. */
    List<Credit> credits();

    /**
     * The credits the engine has not booked (no deposit ledger entry with their id): a crash came
     * between storing them and the engine's commit. The in-memory store has no crash to recover from.
     */
    default List<Credit> creditsNotBooked() {
        return List.of();
    }

    /**
     * The admin deposits ({@code admin:<id>}) the engine booked that have no credit here: the seed's
     * {@code POST /deposit} lets the engine book first and stores the credit after, and a crash came between.
     * The in-memory store has no crash to recover from.
     */
    default List<Credit> adminDepositsNotCredited() {
        return List.of();
    }

    /**
     * The deposit the engine booked under {@code depositId} (its user and base units; {@code usedFor} null),
     * when this store can tell: the persistent store reads the deposit's ledger entry (one look on its unique
     * index), the in-memory one knows its credits and the deposits it was told of ({@link #noteBooked}). Asked
     * only when the engine credited nothing for an id it had seen, to say whose the id is.
     */
    default Optional<Credit> bookedDeposit(String depositId) {
        return Optional.empty();
    }

    /**
     * The engine booked {@code credit} through a route that stores no credit ({@code /v1/deposits}): the in-memory
     * store keeps it for {@link #bookedDeposit}; the persistent store has the ledger entry already.
     */
    default void noteBooked(Credit credit) {
    }

    /** Stores (or replaces) a freeze. */
    void saveFreeze(Freeze freeze);

    /** The freeze's order was placed: it stays only as the owner of its id. */
    void confirmFreeze(String orderId);

    /** Forgets a freeze that lapsed unconfirmed. */
    void deleteFreeze(String orderId);

    /** Every freeze, confirmed or waiting, oldest first. */
    List<Freeze> freezes();

    /** Records a withdrawal in status {@code REQUESTED}; returns its id. */
    long insertWithdrawal(String user, BigInteger amount, long commandTimestamp);

    /** Moves a withdrawal to {@code status}, with the transaction's hash or a reason (either may be null). */
    void updateWithdrawal(long id, WithdrawalStatus status, String txHash, String message);

    /** Records the transaction of a withdrawal before it is posted. */
    void recordSubmission(long id, Submission submission);

    /** Withdrawals not finished: requested, debited or failed. */
    List<Withdrawal> openWithdrawals();

    /** Per user, the withdrawals that took (or may take) from its ledger entry: requested, debited, confirmed. */
    Map<String, BigInteger> withdrawnByUser();

    /**
     * True when the engine committed the debit of {@code withdrawal} (its withdraw command is in the
     * log with a withdrawal ledger entry). Only the persistent store can tell; the in-memory one has
     * no restart to recover from.
     */
    boolean debitCommitted(Withdrawal withdrawal);

    /** Receives a trade of the history (prices and sizes as decimals of the market's units). */
    @FunctionalInterface
    interface TradeVisitor {
        /** One trade: the taker paid its notional to the maker on chain (or will when it settles). */
        void trade(long marketId, String taker, String maker, java.math.BigDecimal price, java.math.BigDecimal size);
    }

    /**
     * Shows every trade of the stored history to {@code visitor}, so that the settlement guard can
     * rebuild its mirror of the ledger entries after a restart. The in-memory store has no history
     * before the process (nor does its backend): it shows none.
     */
    default void forEachTrade(TradeVisitor visitor) {
    }

    /** A store in this process's memory. */
    static CollateralStore inMemory() {
        return new MemoryCollateralStore();
    }
}
