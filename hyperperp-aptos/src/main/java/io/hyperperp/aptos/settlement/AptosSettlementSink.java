package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import io.hyperperp.aptos.client.LedgerInfo;
import io.hyperperp.aptos.client.SimulationResult;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.hyperperp.MoveAbort;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.Submission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles batches on Aptos through the HyperPerp contract: the {@link SettlementSink} the server
 * uses when a chain is configured.
 *
 * <p><b>One writer per admin account.</b> The sink owns the admin account's sequence numbers: a
 * local counter initialised from the node's account sequence number, and at most
 * {@link AptosSettings#maxInFlight()} transactions in flight (one worker thread each). A second
 * open sink for the same account in one JVM is refused.
 *
 * <p><b>Exactly once.</b> For every batch: the transaction is built (gas price from the node
 * unless configured, optional simulation that sets max gas, expiration = ledger time + TTL), signed,
 * and its hash, sequence number, expiration and bytes are stored through the
 * {@link SubmissionRecorder} <em>before</em> it is posted. After a 5xx, 429, 507, timeout or broken
 * connection the same bytes are looked up by hash and resent. A transaction is abandoned only when
 * it provably can never commit: its expiration has passed by ledger time and the node does not know
 * it (reported {@code EXPIRED}, so the batcher seals the batch again), or its sequence number was
 * consumed by another committed transaction (then a new transaction is built and recorded at once),
 * or it committed as an abort. Hence two transactions for one batch can never both commit.
 *
 * <p><b>Layouts.</b> {@code batch}: one {@code apply_batch_v} transaction per batch, as many fills
 * as fit in 64 KiB ({@link #maxFillsPerBatch()}). {@code per-fill}: one {@code apply_batch_simple}
 * transaction per fill, and {@link #maxFillsPerBatch()} is 1, so each batch is one fill and one
 * transaction and the batcher's exactly-once bookkeeping applies to each fill unchanged.
 *
 * <p>Construct with {@link #open(AptosSettings)} (runs the start-up checks) or
 * {@link #AptosSettlementSink(AptosClient, AptosSettings)}; {@link #close()} when done.
 */
public final class AptosSettlementSink implements SettlementSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);
    private static final Set<AccountAddress> WRITERS = ConcurrentHashMap.newKeySet();
    /** VM status codes of the prologue that the sink handles specially. */
    private static final int VM_TRANSACTION_EXPIRED = 6;
    private static final int VM_SEQUENCE_NUMBER_TOO_NEW = 4;
    private static final Set<HyperPerpError> FILL_ERRORS = Set.of(HyperPerpError.PRICE_OUT_OF_BOUNDS,
            HyperPerpError.INSUFFICIENT_MARGIN, HyperPerpError.UNKNOWN_MARKET, HyperPerpError.POSITION_NOT_FOUND,
            HyperPerpError.INVALID_LEVERAGE, HyperPerpError.INSUFFICIENT_COLLATERAL, HyperPerpError.AMOUNT_TOO_SMALL,
            HyperPerpError.POSITION_REGISTRY_NOT_FOUND, HyperPerpError.POSITION_REGISTRY_EXISTS,
            HyperPerpError.POSITION_NOT_EMPTY);

    /**
     * Timing knobs of the retry loops (tests shorten them).
     *
     * @param transportRetries  consecutive transport failures (5xx, 429, 507, network, timeout) one
     *                          attempt absorbs before it reports TRANSIENT to the batcher
     * @param backoffInitial    first pause after a transport failure (doubles, capped)
     * @param backoffMax        longest pause, also the cap of a 429's Retry-After
     * @param notFoundPause     pause before resending a transaction the node does not know
     * @param ledgerRefresh     how long a ledger-time reading is trusted for expirations
     * @param gasPriceRefresh   how long a gas estimate is reused
     * @param simulationHeadroom max gas = gas used by the simulation × this
     */
    public record Tuning(int transportRetries, Duration backoffInitial, Duration backoffMax, Duration notFoundPause,
                         Duration ledgerRefresh, Duration gasPriceRefresh, double simulationHeadroom) {

        /** Production defaults: 8 retries, 50 ms doubling to 2 s, 10 s ledger refresh, 60 s gas refresh, 1.5× gas. */
        public static Tuning defaults() {
            return new Tuning(8, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(20),
                    Duration.ofSeconds(10), Duration.ofSeconds(60), 1.5);
        }
    }

    /**
     * Counters since the sink was created.
     *
     * @param transactions      transactions built and recorded (first sends)
     * @param resends           posts of bytes that had been posted (or recorded) before
     * @param committed         transactions seen committed (success or abort)
     * @param confirmedFills    fills in successfully committed transactions
     * @param aborted           committed aborts
     * @param rebuilt           transactions replaced because their sequence number was taken
     * @param expired           transactions found expired and unknown to the node
     * @param maxInFlight       most transactions in flight at once
     * @param meanInFlight      in-flight depth seen by each new transaction, averaged
     */
    public record Stats(long transactions, long resends, long committed, long confirmedFills, long aborted,
                        long rebuilt, long expired, int maxInFlight, double meanInFlight) {
    }

    private final AptosClient client;
    private final boolean ownsClient;
    private final AptosSettings settings;
    private final Ed25519PrivateKey key;
    private final AccountAddress sender;
    private final BatchCall calls;
    private final Tuning tuning;
    private final int maxFills;
    private final ExecutorService workers;

    // Sequence numbers (guarded by this).
    private boolean seqInitialised;
    private long nextSeq;
    /** A lower bound of the account's on-chain sequence number. */
    private long chainSeqFloor;
    /** Sequence numbers held by transactions that may still commit (counts), and those by hash. */
    private final TreeMap<Long, Integer> liveSeqs = new TreeMap<>();
    private final Map<String, Long> liveByHash = new HashMap<>();

    // Caches.
    private volatile long gasPrice;
    private volatile long gasPriceAtNanos;
    private volatile long ledgerMicros = -1;
    private volatile long ledgerAtNanos;

    private volatile boolean closed;

    private final LongAdder transactions = new LongAdder();
    private final LongAdder resends = new LongAdder();
    private final LongAdder committed = new LongAdder();
    private final LongAdder confirmedFills = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final LongAdder rebuilt = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlightSeen = new AtomicInteger();
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder depthSamples = new LongAdder();

    /**
     * A sink on an existing client (which stays the caller's to close). Makes no network call; the
     * sequence number is read from the node on first use.
     *
     * @throws IllegalStateException if another open sink writes for the same admin account
     */
    public AptosSettlementSink(AptosClient client, AptosSettings settings) {
        this(client, settings, Tuning.defaults(), false);
    }

    /** Like {@link #AptosSettlementSink(AptosClient, AptosSettings)} with other timings. */
    public AptosSettlementSink(AptosClient client, AptosSettings settings, Tuning tuning) {
        this(client, settings, tuning, false);
    }

    private AptosSettlementSink(AptosClient client, AptosSettings settings, Tuning tuning, boolean ownsClient) {
        this.client = client;
        this.settings = settings;
        this.tuning = tuning;
        this.ownsClient = ownsClient;
        this.key = settings.adminKey();
        this.sender = settings.adminAddress();
        this.calls = settings.batchCall();
        this.maxFills = settings.layout() == BatchLayout.BATCH ? calls.maxFillsPerTransaction() : 1;
        if (maxFills < 1) {
            throw new IllegalArgumentException("not even one fill fits in a transaction");
        }
        if (!WRITERS.add(sender)) {
            throw new IllegalStateException("another settlement sink already writes for admin account " + sender
                    + "; one writer per account");
        }
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.maxInFlight(), r -> {
            Thread t = new Thread(r, "hyperperp-aptos-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The production entry point: a client for {@code settings}, the start-up checks (chain id,
     * admin key, contract function), then the sink. The sink owns the client.
     *
     * @throws AptosStartupChecks.StartupCheckException if a check fails
     */
    public static AptosSettlementSink open(AptosSettings settings) {
        AptosClient client = settings.clientBuilder().build();
        try {
            new AptosStartupChecks(client, settings).verify();
            return new AptosSettlementSink(client, settings, Tuning.defaults(), true);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public int maxFillsPerBatch() {
        return maxFills;
    }

    /** The settings this sink runs with. */
    public AptosSettings settings() {
        return settings;
    }

    /** Counters. */
    public Stats stats() {
        long samples = depthSamples.sum();
        return new Stats(transactions.sum(), resends.sum(), committed.sum(), confirmedFills.sum(), aborted.sum(),
                rebuilt.sum(), expired.sum(), maxInFlightSeen.get(), samples == 0 ? 0 : (double) depthSum.sum() / samples);
    }

    @Override
    public CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
        CompletableFuture<SettlementOutcome> result = new CompletableFuture<>();
        if (closed) {
            result.complete(SettlementOutcome.transientFailure("aptos sink is closed"));
            return result;
        }
        Submission previous = batch.submission();
        if (previous != null) {
            noteResumed(previous);
        }
        try {
            workers.execute(() -> {
                SettlementOutcome outcome;
                try {
                    outcome = run(batch, recorder);
                } catch (Throwable t) {
                    LOG.warn("settling batch {} failed unexpectedly", batch.batchId(), t);
                    outcome = SettlementOutcome.transientFailure(t.toString());
                }
                result.complete(outcome == null ? SettlementOutcome.transientFailure("no outcome") : outcome);
            });
        } catch (RejectedExecutionException e) {
            result.complete(SettlementOutcome.transientFailure("aptos sink is closed"));
        }
        return result;
    }

    /** Stops sending: nothing is posted after this returns normally; pending attempts report TRANSIENT. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("aptos sink workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WRITERS.remove(sender);
        if (ownsClient) {
            client.close();
        }
    }

    // ---- one attempt ---------------------------------------------------------------------

    /** A transaction this sink drives. */
    private record Tx(String hash, long seq, long expiration, SignedTransaction signed) {
    }

    /** Thrown to end an attempt with an outcome from deep inside. */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SettlementOutcome outcome;

        Done(SettlementOutcome outcome) {
            super(outcome.kind() + ": " + outcome.message(), null, false, false);
            this.outcome = outcome;
        }
    }

    private SettlementOutcome run(SettlementBatch batch, SubmissionRecorder recorder) {
        try {
            Tx tx;
            boolean needSend;
            Submission previous = batch.submission();
            if (previous == null) {
                tx = retrying(() -> build(batch, recorder));
                needSend = true;
            } else {
                Tx recorded = fromSubmission(previous);
                tx = recorded;
                TransactionStatus status = retrying(() -> lookup(recorded.hash));
                if (status instanceof TransactionStatus.Committed c) {
                    SettlementOutcome o = committedOutcome(tx, c, batch);
                    if (o.kind() != SettlementOutcome.Kind.TRANSIENT) {
                        return o;
                    }
                    // Committed as an abort worth retrying (e.g. paused): that transaction is final,
                    // so a new one cannot double-apply.
                    tx = retrying(() -> build(batch, recorder));
                    needSend = true;
                } else if (status instanceof TransactionStatus.Pending) {
                    needSend = false;
                } else {
                    SettlementOutcome dead = retrying(() -> deadCheck(recorded));
                    if (dead != null) {
                        return dead;
                    }
                    needSend = true;
                }
            }
            return drive(batch, recorder, tx, needSend, previous != null);
        } catch (Done d) {
            return d.outcome;
        } catch (AptosException e) {
            return SettlementOutcome.transientFailure(e.getMessage());
        }
    }

    /** Runs a node call, absorbing retryable failures like the send loop does. */
    private <T> T retrying(java.util.function.Supplier<T> call) {
        int failures = 0;
        while (true) {
            if (closed) {
                throw new Done(SettlementOutcome.transientFailure("aptos sink is closed"));
            }
            try {
                return call.get();
            } catch (AptosException e) {
                if (!e.retryable()) {
                    throw e;
                }
                failures = transportFailure(e, failures);
            }
        }
    }

    /** Sends (if needed) and follows one batch's transaction to an outcome. */
    private SettlementOutcome drive(SettlementBatch batch, SubmissionRecorder recorder, Tx first, boolean sendFirst,
                                    boolean resumed) {
        Tx tx = first;
        boolean needSend = sendFirst;
        boolean posted = resumed;
        int failures = 0;
        int rebuilds = 0;
        int depth = inFlight.incrementAndGet();
        maxInFlightSeen.accumulateAndGet(depth, Math::max);
        depthSum.add(depth);
        depthSamples.increment();
        try {
            while (true) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return SettlementOutcome.transientFailure("aptos sink is closed");
                }
                try {
                    if (needSend) {
                        if (posted) {
                            resends.increment();
                        }
                        posted = true;
                        try {
                            client.submit(tx.signed);
                            needSend = false;
                            failures = 0;
                            continue;
                        } catch (AptosException e) {
                            switch (e.kind()) {
                                case RATE_LIMITED, MEMPOOL_IS_FULL, INVALID_TRANSACTION_UPDATE ->
                                    // Not accepted (or another transaction holds our number in mempool): resend later.
                                    failures = transportFailure(e, failures);
                                case SERVER_ERROR, NETWORK, TIMEOUT, INVALID_RESPONSE -> {
                                    // Unknown whether it was accepted: look it up before resending.
                                    failures = transportFailure(e, failures);
                                    needSend = !known(tx);
                                }
                                case SEQUENCE_NUMBER_TOO_OLD -> {
                                    Tx replacement = resync(batch, recorder, tx);
                                    if (replacement == tx) {
                                        needSend = false; // ours is known (pending or committed): follow it
                                    } else if (replacement == null) {
                                        failures = transportFailure(e, failures); // our number is still free
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
                                        failures = transportFailure(e, failures);
                                        needSend = !known(tx);
                                    } else if (code == VM_SEQUENCE_NUMBER_TOO_NEW) {
                                        failures = transportFailure(e, failures);
                                    } else if (known(tx)) {
                                        needSend = false;
                                    } else {
                                        forget(tx);
                                        return SettlementOutcome.fatal(null, "transaction rejected by the node: "
                                                + e.getMessage());
                                    }
                                }
                                default -> {
                                    if (known(tx)) {
                                        needSend = false;
                                    } else {
                                        forget(tx);
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
                        status = client.waitByHash(tx.hash);
                    } catch (AptosException e) {
                        if (e.kind() != ErrorKind.TRANSACTION_NOT_FOUND) {
                            throw e;
                        }
                        // Accepted but unknown now (dropped from mempool?): resend the same bytes unless expired.
                        SettlementOutcome dead = deadCheckIfLate(tx);
                        if (dead != null) {
                            return dead;
                        }
                        pause(tuning.notFoundPause());
                        needSend = true;
                        continue;
                    }
                    failures = 0;
                    if (status instanceof TransactionStatus.Committed c) {
                        return committedOutcome(tx, c, batch);
                    }
                    SettlementOutcome dead = deadCheckIfLate(tx);
                    if (dead != null) {
                        return dead;
                    }
                    if (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(5)) {
                        pause(Duration.ofMillis(5));
                    }
                } catch (AptosException e) {
                    // A lookup, ledger or account read failed.
                    if (!e.retryable() && e.kind() != ErrorKind.INVALID_RESPONSE) {
                        return SettlementOutcome.transientFailure(e.getMessage());
                    }
                    failures = transportFailure(e, failures);
                }
            }
        } catch (Done d) {
            return d.outcome;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Counts a transport failure, pauses, and ends the attempt as TRANSIENT when there were too many. */
    private int transportFailure(AptosException e, int failures) {
        int n = failures + 1;
        if (n > tuning.transportRetries()) {
            throw new Done(SettlementOutcome.transientFailure(e.getMessage()));
        }
        long base = tuning.backoffInitial().toMillis() << Math.min(n - 1, 20);
        long delay = Math.min(base, tuning.backoffMax().toMillis());
        if (e.retryAfter().isPresent()) {
            delay = Math.max(delay, Math.min(e.retryAfter().get().toMillis(), tuning.backoffMax().toMillis()));
        }
        LOG.debug("{}; retrying in {} ms", e.getMessage(), delay);
        pause(Duration.ofMillis(delay));
        return n;
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Done(SettlementOutcome.transientFailure("aptos sink is closed"));
        }
    }

    /** True if the node knows the transaction (pending or committed); transport errors propagate to the retry. */
    private boolean known(Tx tx) {
        try {
            return lookup(tx.hash) != null;
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
    private SettlementOutcome deadCheck(Tx tx) {
        LedgerInfo ledger = client.ledgerInfo();
        noteLedger(ledger);
        if (ledger.ledgerTimestampSecs() < tx.expiration) {
            return null;
        }
        TransactionStatus status = lookup(tx.hash);
        if (status instanceof TransactionStatus.Committed c) {
            return committedOutcome(tx, c, null);
        }
        if (status != null) {
            return null; // still in mempool; the node drops it soon
        }
        forget(tx);
        expired.increment();
        LOG.info("transaction {} (sequence {}) expired at {} without committing", tx.hash, tx.seq, tx.expiration);
        return SettlementOutcome.expired(null, "transaction " + tx.hash + " (sequence " + tx.seq + ") expired at "
                + tx.expiration + " without committing");
    }

    private SettlementOutcome deadCheckIfLate(Tx tx) {
        return estimatedLedgerSecs() >= tx.expiration ? deadCheck(tx) : null;
    }

    /**
     * After "sequence number too old": read the account first, then look for our own hash. Returns
     * {@code tx} if the node knows it, null if our number is in fact still free (resend), or a
     * new recorded transaction when our number was consumed by another transaction (ours can then
     * never commit).
     */
    private Tx resync(SettlementBatch batch, SubmissionRecorder recorder, Tx tx) {
        long chainSeq = client.account(sender).sequenceNumber();
        synchronized (this) {
            chainSeqFloor = Math.max(chainSeqFloor, chainSeq);
            nextSeq = Math.max(nextSeq, chainSeqFloor);
        }
        TransactionStatus status = lookup(tx.hash);
        if (status != null) {
            return tx;
        }
        if (chainSeq <= tx.seq) {
            return null;
        }
        forget(tx);
        rebuilt.increment();
        LOG.warn("sequence number {} of transaction {} was used by another transaction (account is at {}); "
                + "building a new one", tx.seq, tx.hash, chainSeq);
        return build(batch, recorder);
    }

    // ---- outcomes --------------------------------------------------------------------------

    private SettlementOutcome committedOutcome(Tx tx, TransactionStatus.Committed c, SettlementBatch batch) {
        forget(tx);
        synchronized (this) {
            chainSeqFloor = Math.max(chainSeqFloor, tx.seq + 1);
            nextSeq = Math.max(nextSeq, chainSeqFloor);
        }
        committed.increment();
        if (c.success()) {
            if (batch != null) {
                confirmedFills.add(batch.fills().size());
            }
            return SettlementOutcome.confirmed(c.hash());
        }
        aborted.increment();
        SettlementOutcome o = classifyAbort(c.hash(), c.vmStatus());
        LOG.warn("transaction {} committed as failure: {} -> {}", c.hash(), c.vmStatus(), o.kind());
        return o;
    }

    /**
     * Maps a failed execution's {@code vm_status} to the batcher's outcome kinds:
     * {@code E_BATCH_EXPIRED} and {@code E_ORACLE_STALE} are EXPIRED (a fresh seal fixes them); the
     * per-fill aborts ({@code E_PRICE_OUT_OF_BOUNDS}, {@code E_UNKNOWN_MARKET}, margin and position
     * errors...) are FILL_REJECTED with the error name; {@code E_PAUSED} is TRANSIENT (the next
     * attempt builds a new transaction); configuration errors ({@code E_UNAUTHORIZED},
     * {@code E_NOT_INITIALIZED}...), aborts of other modules and VM failures are FATAL.
     *
     * @param contract the HyperPerp contract address (aborts elsewhere are FATAL)
     */
    public static SettlementOutcome classifyAbort(AccountAddress contract, String txHash, String vmStatus) {
        Optional<MoveAbort> abort = MoveAbort.parse(vmStatus);
        if (abort.isEmpty()) {
            return SettlementOutcome.fatal(txHash, vmStatus);
        }
        MoveAbort a = abort.get();
        Optional<HyperPerpError> error = a.moduleAddress().equals(contract) ? a.hyperPerpError() : Optional.empty();
        if (error.isEmpty()) {
            return SettlementOutcome.fatal(txHash, vmStatus);
        }
        HyperPerpError e = error.get();
        String name = e.constantName();
        if (e == HyperPerpError.BATCH_EXPIRED || e == HyperPerpError.ORACLE_STALE) {
            return SettlementOutcome.expired(txHash, name);
        }
        if (FILL_ERRORS.contains(e)) {
            return SettlementOutcome.fillRejected(txHash, name);
        }
        if (e == HyperPerpError.PAUSED) {
            return SettlementOutcome.transientFailure(name + " (contract paused; committed as " + txHash + ")");
        }
        return SettlementOutcome.fatal(txHash, name + ": " + vmStatus);
    }

    private SettlementOutcome classifyAbort(String txHash, String vmStatus) {
        return classifyAbort(calls.contract(), txHash, vmStatus);
    }

    // ---- building ---------------------------------------------------------------------------

    private Tx build(SettlementBatch batch, SubmissionRecorder recorder) {
        if (settings.layout() == BatchLayout.PER_FILL && batch.fills().size() != 1) {
            throw new Done(SettlementOutcome.fatal(null, "layout per-fill settles one fill per batch; batch "
                    + batch.batchId() + " has " + batch.fills().size()));
        }
        if (batch.fills().size() > maxFills) {
            throw new Done(SettlementOutcome.fatal(null, "batch " + batch.batchId() + " has " + batch.fills().size()
                    + " fills; at most " + maxFills + " fit in one transaction"));
        }
        List<SettlementFill> fills;
        BatchParams params;
        try {
            fills = SettlementTransactions.toChainFills(batch.fills());
            params = new BatchParams(batch.oracleTs(), batch.minPx(), batch.maxPx(), batch.expiry(),
                    settings.eventsAddress());
        } catch (IllegalArgumentException e) {
            throw new Done(SettlementOutcome.fatal(null, "batch " + batch.batchId() + " cannot be encoded: "
                    + e.getMessage()));
        }
        EntryFunction payload = calls.payloads(fills, params).get(0);
        long price = gasPrice();
        long expiration = estimatedLedgerSecs() + settings.txnTtlSecs();
        long seq = allocate();
        boolean handedOver = false;
        try {
            long maxGas = settings.maxGas();
            if (settings.simulate()) {
                maxGas = simulatedMaxGas(new RawTransaction(sender, seq, payload, maxGas, price, expiration,
                        settings.chainId()));
            }
            RawTransaction raw = new RawTransaction(sender, seq, payload, maxGas, price, expiration, settings.chainId());
            SignedTransaction signed = raw.sign(key);
            String hash = signed.hash();
            Tx tx = new Tx(hash, seq, expiration, signed);
            synchronized (this) {
                liveByHash.put(hash, seq);
            }
            handedOver = true;
            if (closed) {
                forget(tx);
                throw new Done(SettlementOutcome.transientFailure("aptos sink is closed"));
            }
            // Record before sending: after a crash the transaction is looked up by this hash.
            try {
                recorder.record(new Submission(hash, seq, expiration, signed.toBcs()));
            } catch (RuntimeException e) {
                forget(tx); // never sent: it cannot commit
                throw new Done(SettlementOutcome.transientFailure("recording the submission failed: " + e));
            }
            transactions.increment();
            return tx;
        } finally {
            if (!handedOver) {
                release(seq);
            }
        }
    }

    private long simulatedMaxGas(RawTransaction raw) {
        SimulationResult r = client.simulate(raw.forSimulation(key.publicKey()));
        if (r.success()) {
            long gas = (long) Math.ceil(r.gasUsed() * tuning.simulationHeadroom());
            return Math.max(1, Math.min(settings.maxGas(), gas));
        }
        if (r.moveAbort().isPresent()) {
            // It would abort: report without spending gas or a sequence number.
            throw new Done(classifyAbort(null, r.vmStatus()));
        }
        LOG.debug("simulation inconclusive ({}); using max gas {}", r.vmStatus(), settings.maxGas());
        return settings.maxGas();
    }

    private Tx fromSubmission(Submission s) {
        byte[] bytes = s.signedTransaction();
        SignedTransaction signed;
        try {
            signed = SignedTransaction.fromBcs(bytes);
        } catch (RuntimeException e) {
            throw new Done(SettlementOutcome.fatal(s.txHash(), "recorded transaction " + s.txHash()
                    + " cannot be decoded: " + e.getMessage()));
        }
        if (!signed.hash().equalsIgnoreCase(s.txHash())) {
            throw new Done(SettlementOutcome.fatal(s.txHash(), "recorded transaction bytes do not hash to "
                    + s.txHash()));
        }
        return new Tx(signed.hash(), s.sequenceNumber(), s.expirationSecs(), signed);
    }

    // ---- sequence numbers -------------------------------------------------------------------

    /**
     * The lowest sequence number not held by a live transaction, from the account's sequence number
     * up to the counter; otherwise the counter's next value. Reserved until released or forgotten.
     */
    private synchronized long allocate() {
        if (!seqInitialised) {
            long chainSeq = client.account(sender).sequenceNumber();
            chainSeqFloor = Math.max(chainSeqFloor, chainSeq);
            nextSeq = Math.max(nextSeq, chainSeqFloor);
            seqInitialised = true;
            LOG.info("admin account {} is at sequence number {}", sender, chainSeq);
        }
        long seq = chainSeqFloor;
        while (seq < nextSeq && liveSeqs.containsKey(seq)) {
            seq++;
        }
        if (seq >= nextSeq) {
            nextSeq = seq + 1;
        }
        liveSeqs.merge(seq, 1, Integer::sum);
        return seq;
    }

    private synchronized void release(long seq) {
        liveSeqs.computeIfPresent(seq, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** The transaction can no longer commit, or committed: its number is no longer held. */
    private synchronized void forget(Tx tx) {
        Long seq = liveByHash.remove(tx.hash);
        if (seq != null) {
            release(seq);
        }
    }

    /** A resumed submission holds its number (so new transactions do not collide with it). */
    private synchronized void noteResumed(Submission s) {
        String hash = s.txHash().toLowerCase(java.util.Locale.ROOT);
        if (!liveByHash.containsKey(hash)) {
            liveByHash.put(hash, s.sequenceNumber());
            liveSeqs.merge(s.sequenceNumber(), 1, Integer::sum);
        }
        nextSeq = Math.max(nextSeq, s.sequenceNumber() + 1);
    }

    // ---- caches ----------------------------------------------------------------------------

    private long gasPrice() {
        if (settings.gasPrice() > 0) {
            return settings.gasPrice();
        }
        long now = System.nanoTime();
        if (gasPrice == 0 || now - gasPriceAtNanos > tuning.gasPriceRefresh().toNanos()) {
            try {
                gasPrice = Math.max(1, client.estimateGasPrice().regular());
                gasPriceAtNanos = now;
            } catch (AptosException e) {
                if (gasPrice == 0) {
                    throw e;
                }
                LOG.debug("gas estimate failed; keeping {}: {}", gasPrice, e.getMessage());
            }
        }
        return gasPrice;
    }

    private void noteLedger(LedgerInfo info) {
        ledgerMicros = info.ledgerTimestampMicros();
        ledgerAtNanos = System.nanoTime();
    }

    /** Ledger time now, estimated from the last reading plus local time elapsed (refreshed when old). */
    private long estimatedLedgerSecs() {
        long now = System.nanoTime();
        if (ledgerMicros < 0 || now - ledgerAtNanos > tuning.ledgerRefresh().toNanos()) {
            noteLedger(client.ledgerInfo());
            now = System.nanoTime();
        }
        return (ledgerMicros + (now - ledgerAtNanos) / 1_000) / 1_000_000L;
    }
}
