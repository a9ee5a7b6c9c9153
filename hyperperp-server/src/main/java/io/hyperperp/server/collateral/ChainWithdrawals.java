package io.hyperperp.server.collateral;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.aptos.settlement.AptosSettlementSink;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.server.collateral.CollateralStore.Withdrawal;
import io.hyperperp.server.collateral.CollateralStore.WithdrawalStatus;
import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdrawals paid on chain as {@code vault_coin::withdraw_for}, sent through the settlement sink's
 * exactly-once driver (the one owner of the admin account's sequence numbers). Each withdrawal is
 * recorded before the engine debits it, the engine debits it, then its transaction is recorded
 * before it is posted and followed to an outcome; one that committed as an abort or was refused
 * before it could commit is credited back in the engine by a deposit with the id
 * {@code withdrawal-refund:<id>} (idempotent, so a refund repeated after a restart is booked once).
 * {@link #resume()} finishes at start-up what a previous run left (docs/onchain.md).
 */
public final class ChainWithdrawals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChainWithdrawals.class);
    /** Prefix of the deposit id that credits a failed withdrawal back. */
    public static final String REFUND_PREFIX = "withdrawal-refund:";

    private final CollateralStore store;
    private final AptosSettlementSink sink;
    private final VaultCoin vault;
    private final SettlementGuard guard;
    private final Function<Command, CompletableFuture<CommandResult>> engine;
    private final LongSupplier micros;
    private final long retryMillis;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hyperperp-withdrawals");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * Withdrawals kept in {@code store}, paid from {@code vault} through {@code sink}, counted by
     * {@code guard}; {@code engine} runs the refunds (timestamps from {@code micros}); a transient
     * failure is retried after {@code retryMillis}.
     */
    public ChainWithdrawals(CollateralStore store, AptosSettlementSink sink, VaultCoin vault, SettlementGuard guard,
                            Function<Command, CompletableFuture<CommandResult>> engine, LongSupplier micros,
                            long retryMillis) {
        this.store = store;
        this.sink = sink;
        this.vault = vault;
        this.guard = guard;
        this.engine = engine;
        this.micros = micros;
        this.retryMillis = retryMillis;
    }

    /** Records a withdrawal before the engine sees it (the guard counts it from now); returns its id. */
    public long record(Withdraw w) {
        long id = store.insertWithdrawal(w.userAddress(), BigInteger.valueOf(w.amount()), w.timestamp());
        guard.withdrawing(w.userAddress(), BigInteger.valueOf(w.amount()));
        return id;
    }

    /**
     * Follows the engine's answer to the recorded withdrawal {@code id}, however late it comes (a
     * request that timed out waiting for it leaves the answer to this): debited, the transaction goes
     * out; rejected, or never taken (the queue was full, the runtime is shutting down), the record is
     * refused and the guard gives the amount back; persistence failing or the engine failing, whether
     * it was debited is not known, so the record stays requested and the next start looks for its debit
     * in the command log ({@link #resume()}). The returned future completes with the engine's answer
     * once the record is updated (never later than that, and with the answer even if updating the
     * record failed: that is logged, and the next start finishes it).
     */
    public CompletableFuture<CommandResult> follow(long id, Withdraw w, CompletableFuture<CommandResult> answer) {
        CompletableFuture<CommandResult> followed = new CompletableFuture<>();
        answer.whenCompleteAsync((result, error) -> {
            try {
                if (error == null) {
                    booked(id, w, result);
                } else {
                    LOG.warn("withdrawal {}: the engine failed on it ({}); left requested for the next start", id,
                            error.toString());
                }
            } catch (RuntimeException e) {
                LOG.error("withdrawal {}: recording the engine's answer failed ({}); the next start finishes it", id,
                        e.toString());
            }
            if (error == null) {
                followed.complete(result);
            } else {
                followed.completeExceptionally(error);
            }
        }, this::onOwnThread);
        return followed;
    }

    private void booked(long id, Withdraw w, CommandResult result) {
        switch (result.status()) {
            case PROCESSED -> {
                if (result.rejection().isPresent()) {
                    refused(id, w, result.rejection().get().name());
                } else {
                    debited(id, w);
                }
            }
            case OVERLOADED, SHUT_DOWN -> refused(id, w, "not taken by the engine: " + result.status());
            // Not taken either, but the runtime stopped committing and the group's outcome is the log's.
            case UNAVAILABLE -> LOG.warn("withdrawal {}: persistence is failing; left requested for the next start", id);
        }
    }

    /** The engine refused the debit: nothing is sent. */
    public void refused(long id, Withdraw w, String reason) {
        store.updateWithdrawal(id, WithdrawalStatus.REFUSED, null, reason);
        guard.restored(w.userAddress(), BigInteger.valueOf(w.amount()));
    }

    /** The engine debited the withdrawal: its transaction goes out. */
    public void debited(long id, Withdraw w) {
        store.updateWithdrawal(id, WithdrawalStatus.DEBITED, null, null);
        send(new Withdrawal(id, w.userAddress(), BigInteger.valueOf(w.amount()), w.timestamp(),
                WithdrawalStatus.DEBITED, null, System.currentTimeMillis()));
    }

    /**
     * Finishes what a previous run left: a withdrawal whose debit is not known is sent if the engine
     * committed it (else it is marked refused), one debited is resumed with its recorded
     * transaction, one that failed is credited back.
     */
    public void resume() {
        for (Withdrawal w : store.openWithdrawals()) {
            switch (w.status()) {
                case REQUESTED -> {
                    if (store.debitCommitted(w)) {
                        store.updateWithdrawal(w.id(), WithdrawalStatus.DEBITED, null, null);
                        send(w);
                    } else {
                        store.updateWithdrawal(w.id(), WithdrawalStatus.REFUSED, null, "the engine never debited it");
                        guard.restored(w.user(), w.amount());
                    }
                }
                case DEBITED -> send(w);
                case FAILED -> refund(w);
                default -> { }
            }
        }
    }

    private void send(Withdrawal w) {
        if (closed) {
            return;
        }
        AtomicReference<Submission> last = new AtomicReference<>(w.submission());
        sink.call("withdrawal " + w.id(), vault.withdrawFor(AccountAddress.parse(w.user()), w.amount()), w.submission(),
                        s -> {
                            store.recordSubmission(w.id(), s);
                            last.set(s);
                        })
                .whenComplete((outcome, error) -> {
                    if (closed) {
                        return; // shutting down: the record stays, and the next start follows it
                    }
                    try {
                        settled(w, last.get(), outcome, error);
                    } catch (RuntimeException e) {
                        LOG.warn("withdrawal {}: {}; retrying", w.id(), e.toString());
                        later(() -> send(again(w, last.get())));
                    }
                });
    }

    private void settled(Withdrawal w, Submission last, SettlementOutcome o, Throwable error) {
        if (error != null) {
            LOG.warn("withdrawal {}: {}; retrying", w.id(), error.toString());
            later(() -> send(again(w, last)));
            return;
        }
        switch (o.kind()) {
            case CONFIRMED -> {
                store.updateWithdrawal(w.id(), WithdrawalStatus.CONFIRMED, o.txHash(), null);
                LOG.info("withdrawal {} of {} base units to {} committed in {}", w.id(), w.amount(), w.user(), o.txHash());
            }
            // Still unknown: the same recorded transaction is followed again.
            case TRANSIENT -> later(() -> send(again(w, last)));
            // It provably never committed: a new transaction may be built.
            case EXPIRED -> later(() -> send(again(w, null)));
            case FILL_REJECTED, FATAL -> {
                LOG.warn("withdrawal {} of {} base units to {} failed ({}): credited back", w.id(), w.amount(),
                        w.user(), o.message());
                store.updateWithdrawal(w.id(), WithdrawalStatus.FAILED, o.txHash(), o.message());
                refund(w);
            }
        }
    }

    private void refund(Withdrawal w) {
        if (closed) {
            return;
        }
        Deposit credit = new Deposit(micros.getAsLong(), w.user(), w.amount().longValueExact(), REFUND_PREFIX + w.id());
        engine.apply(credit).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("withdrawal {}: crediting back failed: {}; retrying", w.id(), e.toString());
                later(() -> refund(w));
                return;
            }
            if (r.rejection().isPresent()) {
                // Left failed: the next start tries again; an operator must look at it.
                LOG.error("withdrawal {}: the engine refused to credit back {} base units to {}: {}", w.id(),
                        w.amount(), w.user(), r.rejection().get());
                store.updateWithdrawal(w.id(), WithdrawalStatus.FAILED, null, "crediting back refused: "
                        + r.rejection().get());
                return;
            }
            store.updateWithdrawal(w.id(), WithdrawalStatus.REFUNDED, null, null);
            guard.restored(w.user(), w.amount());
        });
    }

    /** Runs {@code task} on this class's thread, or right here once that thread is shut down. */
    private void onOwnThread(Runnable task) {
        try {
            retries.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static Withdrawal again(Withdrawal w, Submission submission) {
        return new Withdrawal(w.id(), w.user(), w.amount(), w.commandTimestamp(), w.status(), submission,
                w.createdAtMillis());
    }

    private void later(Runnable r) {
        if (!closed) {
            retries.schedule(r, retryMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops retrying; what is unfinished stays recorded for the next start. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
    }
}
