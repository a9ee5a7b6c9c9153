package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import io.hyperperp.aptos.client.LedgerInfo;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink.SubmissionRecorder;
import io.hyperperp.core.settlement.Submission;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one job's transaction of {@link AptosSettlementSink} (a batch's, or a withdrawal's) to an outcome: posts (and resends
 * the same bytes after transport failures), follows it until it commits, and abandons it only when
 * it provably can never commit (expired by ledger time and unknown to the node, or its sequence
 * number consumed by another transaction, then a new one is built at once).
 */
final class TransactionDriver {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);
    /** VM status codes of the prologue that the sink handles specially. */
    private static final int VM_TRANSACTION_EXPIRED = 6;
    private static final int VM_SEQUENCE_NUMBER_TOO_NEW = 4;

    private final AptosClient client;
    private final AccountAddress sender;
    private final BatchCall calls;
    private final AptosSettlementSink.Tuning tuning;
    private final TransactionFactory factory;
    private final SequenceWindow window;
    private final ChainReadings readings;
    private final RetryPolicy retry;
    private final SinkCounters counters;
    private final BooleanSupplier closed;

    TransactionDriver(AptosClient client, AptosSettings settings, AptosSettlementSink.Tuning tuning,
                      TransactionFactory factory, SequenceWindow window, ChainReadings readings, RetryPolicy retry,
                      SinkCounters counters, BooleanSupplier closed) {
        this.client = client;
        this.sender = settings.adminAddress();
        this.calls = settings.batchCall();
        this.tuning = tuning;
        this.factory = factory;
        this.window = window;
        this.readings = readings;
        this.retry = retry;
        this.counters = counters;
        this.closed = closed;
    }

    /** One attempt at {@code job}: resumes its recorded transaction if any, else builds one; never throws. */
    SettlementOutcome run(ChainJob job, SubmissionRecorder recorder) {
        try {
            ChainTransaction tx;
            boolean needSend;
            Submission previous = job.submission();
            if (previous == null) {
                tx = retry.retrying(() -> factory.build(job, recorder));
                needSend = true;
            } else {
                ChainTransaction recorded = factory.fromSubmission(previous);
                tx = recorded;
                TransactionStatus status = retry.retrying(() -> lookup(recorded.hash()));
                if (status instanceof TransactionStatus.Committed c) {
                    SettlementOutcome o = committedOutcome(tx, c, job);
                    if (o.kind() != SettlementOutcome.Kind.TRANSIENT) {
                        return o;
                    }
                    // Committed as an abort worth retrying (e.g. paused): that transaction is final,
                    // so a new one cannot double-apply.
                    tx = retry.retrying(() -> factory.build(job, recorder));
                    needSend = true;
                } else if (status instanceof TransactionStatus.Pending) {
                    needSend = false;
                } else {
                    SettlementOutcome dead = retry.retrying(() -> deadCheck(recorded));
                    if (dead != null) {
                        return dead;
                    }
                    needSend = true;
                }
            }
            return drive(job, recorder, tx, needSend, previous != null);
        } catch (AttemptEnded d) {
            return d.outcome;
        } catch (AptosException e) {
            return SettlementOutcome.transientFailure(e.getMessage());
        }
    }

    /** Sends (if needed) and follows one job's transaction to an outcome. */
    private SettlementOutcome drive(ChainJob job, SubmissionRecorder recorder, ChainTransaction first,
                                    boolean sendFirst, boolean resumed) {
        ChainTransaction tx = first;
        boolean needSend = sendFirst;
        boolean posted = resumed;
        int failures = 0;
        int rebuilds = 0;
        counters.enterFlight();
        try {
            while (true) {
                if (closed.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return SettlementOutcome.transientFailure("aptos sink is closed");
                }
                try {
                    if (needSend) {
                        if (posted) {
                            counters.resends.increment();
                        }
                        posted = true;
                        try {
                            client.submit(tx.signed());
                            needSend = false;
                            failures = 0;
                            continue;
                        } catch (AptosException e) {
                            switch (e.kind()) {
                                case RATE_LIMITED, MEMPOOL_IS_FULL, INVALID_TRANSACTION_UPDATE ->
                                    // Not accepted (or another transaction holds our number in mempool): resend later.
                                    failures = retry.transportFailure(e, failures);
                                case SERVER_ERROR, NETWORK, TIMEOUT, INVALID_RESPONSE -> {
                                    // Unknown whether it was accepted: look it up before resending.
                                    failures = retry.transportFailure(e, failures);
                                    needSend = !known(tx);
                                }
                                case SEQUENCE_NUMBER_TOO_OLD -> {
                                    ChainTransaction replacement = resync(job, recorder, tx);
                                    if (replacement == tx) {
                                        needSend = false; // ours is known (pending or committed): follow it
                                    } else if (replacement == null) {
                                        failures = retry.transportFailure(e, failures); // our number is still free
                                    } else {
                                        if (++rebuilds > 3) {
                                            return SettlementOutcome.transientFailure(
                                                    "sequence numbers keep being taken: " + e.getMessage());
                                        }
                                        tx = replacement;
                                        posted = false;
                                    }
                                }
                                case VM_ERROR -> {
                                    int code = e.vmErrorCode().orElse(-1);
                                    if (code == VM_TRANSACTION_EXPIRED) {
                                        SettlementOutcome dead = deadCheck(tx);
                                        if (dead != null) {
                                            return dead;
                                        }
                                        failures = retry.transportFailure(e, failures);
                                        needSend = !known(tx);
                                    } else if (code == VM_SEQUENCE_NUMBER_TOO_NEW) {
                                        failures = retry.transportFailure(e, failures);
                                    } else if (known(tx)) {
                                        needSend = false;
                                    } else {
                                        window.forget(tx);
                                        return SettlementOutcome.fatal(null, "transaction rejected by the node: "
                                                + e.getMessage());
                                    }
                                }
                                default -> {
                                    if (known(tx)) {
                                        needSend = false;
                                    } else {
                                        window.forget(tx);
                                        return SettlementOutcome.fatal(null, "transaction refused: " + e.getMessage());
                                    }
                                }
                            }
                            continue;
                        }
                    }
                    // Follow the accepted transaction.
                    long started = System.nanoTime();
                    TransactionStatus status;
                    try {
                        status = client.waitByHash(tx.hash());
                    } catch (AptosException e) {
                        if (e.kind() != ErrorKind.TRANSACTION_NOT_FOUND) {
                            throw e;
                        }
                        // Accepted but unknown now (dropped from mempool?): resend the same bytes unless expired.
                        SettlementOutcome dead = deadCheckIfLate(tx);
                        if (dead != null) {
                            return dead;
                        }
                        retry.pause(tuning.notFoundPause());
                        needSend = true;
                        continue;
                    }
                    failures = 0;
                    if (status instanceof TransactionStatus.Committed c) {
                        return committedOutcome(tx, c, job);
                    }
                    SettlementOutcome dead = deadCheckIfLate(tx);
                    if (dead != null) {
                        return dead;
                    }
                    if (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(5)) {
                        retry.pause(Duration.ofMillis(5));
                    }
                } catch (AptosException e) {
                    // A lookup, ledger or account read failed.
                    if (!e.retryable() && e.kind() != ErrorKind.INVALID_RESPONSE) {
                        return SettlementOutcome.transientFailure(e.getMessage());
                    }
                    failures = retry.transportFailure(e, failures);
                }
            }
        } catch (AttemptEnded d) {
            return d.outcome;
        } finally {
            counters.leaveFlight();
        }
    }

    /** True if the node knows the transaction (pending or committed); transport errors propagate to the retry. */
    private boolean known(ChainTransaction tx) {
        try {
            return lookup(tx.hash()) != null;
        } catch (AptosException e) {
            return false; // resending identical bytes is harmless
        }
    }

    /** by_hash; null if not found. */
    private TransactionStatus lookup(String hash) {
        try {
            return client.transactionByHash(hash);
        } catch (AptosException e) {
            if (e.kind() == ErrorKind.TRANSACTION_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The proof that a transaction can never commit: ledger time (read now) has reached its
     * expiration, and only then the node does not know it. Returns the outcome to report (EXPIRED, or
     * the committed result) or null while it may still commit.
     */
    private SettlementOutcome deadCheck(ChainTransaction tx) {
        LedgerInfo ledger = client.ledgerInfo();
        readings.noteLedger(ledger);
        if (ledger.ledgerTimestampSecs() < tx.expiration()) {
            return null;
        }
        TransactionStatus status = lookup(tx.hash());
        if (status instanceof TransactionStatus.Committed c) {
            return committedOutcome(tx, c, null);
        }
        if (status != null) {
            return null; // still in mempool; the node drops it soon
        }
        // Dead: ask where the account is now, which tells a floor the node lied up to from a busy chain.
        String reconciled = window.reconcileAfterExpiry(tx, client.account(sender).sequenceNumber());
        window.forget(tx);
        counters.expired.increment();
        LOG.info("transaction {} (sequence {}) expired at {} without committing", tx.hash(), tx.seq(), tx.expiration());
        return SettlementOutcome.expired(null, "transaction " + tx.hash() + " (sequence " + tx.seq() + ") expired at "
                + tx.expiration() + " without committing" + (reconciled == null ? "" : "; " + reconciled));
    }

    private SettlementOutcome deadCheckIfLate(ChainTransaction tx) {
        return readings.estimatedLedgerSecs() >= tx.expiration() ? deadCheck(tx) : null;
    }

    /**
     * After "sequence number too old": read the account first, then look for our own hash. Returns
     * {@code tx} if the node knows it, null if our number is in fact still free (resend), or a
     * new recorded transaction when our number was consumed by another transaction (ours can then
     * never commit).
     */
    private ChainTransaction resync(ChainJob job, SubmissionRecorder recorder, ChainTransaction tx) {
        long chainSeq = client.account(sender).sequenceNumber();
        window.raiseFloor(chainSeq);
        TransactionStatus status = lookup(tx.hash());
        if (status != null) {
            return tx;
        }
        if (chainSeq <= tx.seq()) {
            return null;
        }
        window.forget(tx);
        counters.rebuilt.increment();
        LOG.warn("sequence number {} of transaction {} was used by another transaction (account is at {}); "
                + "building a new one", tx.seq(), tx.hash(), chainSeq);
        return factory.build(job, recorder);
    }

    private SettlementOutcome committedOutcome(ChainTransaction tx, TransactionStatus.Committed c,
                                               ChainJob job) {
        requireOurs(tx, c);
        window.committed(tx);
        counters.committed.increment();
        if (c.success()) {
            if (job != null) {
                counters.confirmedFills.add(job.fills());
            }
            return SettlementOutcome.confirmed(c.hash());
        }
        counters.aborted.increment();
        SettlementOutcome o = AbortClassifier.classify(calls.contract(), c.hash(), c.vmStatus());
        LOG.warn("transaction {} committed as failure: {} -> {}", c.hash(), c.vmStatus(), o.kind());
        return o;
    }

    /**
     * A committed answer under our hash must name the sender and sequence number we signed: otherwise a node could
     * confirm another transaction (another batch's, another account's) under our hash lookup, and a batch that never
     * settled would be reported confirmed. Such an answer is INVALID_RESPONSE: the lookup is asked again, nothing
     * is believed and nothing is resent on its word.
     */
    private void requireOurs(ChainTransaction tx, TransactionStatus.Committed c) {
        if (!c.sender().equals(sender) || c.sequenceNumber() != tx.seq()) {
            String m = "transaction " + tx.hash() + " reported committed as " + c.sender() + " #" + c.sequenceNumber()
                    + ", submitted as " + sender + " #" + tx.seq();
            LOG.error("{}: not believed", m);
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, m, null, null, null, null);
        }
    }
}
