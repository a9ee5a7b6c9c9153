package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.Submission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Collaborators (package-private): {@link SequenceWindow} (sequence numbers),
 * {@link TransactionFactory} (building and recording), {@link TransactionDriver} (sending and
 * confirmation), {@link RetryPolicy} (transport backoff), {@link ChainReadings} (gas price and
 * ledger time), {@link AbortClassifier} and {@link SinkCounters}.
 *
 * <p>Construct with {@link #open(AptosSettings)} (runs the start-up checks) or
 * {@link #AptosSettlementSink(AptosClient, AptosSettings)}; {@link #close()} when done.
 */
public final class AptosSettlementSink implements SettlementSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);
    private static final Set<AccountAddress> WRITERS = ConcurrentHashMap.newKeySet();

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
    private final AccountAddress sender;
    private final int maxFills;
    private final ExecutorService workers;

    private final SequenceWindow window;
    private final SinkCounters counters = new SinkCounters();
    private final TransactionDriver driver;
    private final TransactionFactory factory;

    private volatile boolean closed;

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
        this.ownsClient = ownsClient;
        this.sender = settings.adminAddress();
        BatchCall calls = settings.batchCall();
        this.maxFills = settings.layout() == BatchLayout.BATCH ? calls.maxFillsPerTransaction() : 1;
        if (maxFills < 1) {
            throw new IllegalArgumentException("not even one fill fits in a transaction");
        }
        if (!WRITERS.add(sender)) {
            throw new IllegalStateException("another settlement sink already writes for admin account " + sender
                    + "; one writer per account");
        }
        this.window = new SequenceWindow(client, sender);
        ChainReadings readings = new ChainReadings(client, settings, tuning);
        this.factory = new TransactionFactory(client, settings, tuning, maxFills, window, readings,
                counters, this::isClosed);
        RetryPolicy retry = new RetryPolicy(tuning, this::isClosed);
        this.driver = new TransactionDriver(client, settings, tuning, factory, window, readings, retry, counters,
                this::isClosed);
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

    /** Counters. */    public Stats stats() {
        return counters.stats();
    }

    @Override
    public CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
        return enqueue(factory.batchJob(batch), recorder);
    }

    /**
     * Sends another call of the admin account, such as {@code vault_coin::withdraw_for}, through the
     * same exactly-once driver as the batches (one owner of the admin's sequence numbers): the
     * transaction is recorded through {@code recorder} before it is posted; {@code previous} is what
     * an earlier attempt recorded (null for the first), which is looked up and resent, never
     * replaced unless it provably cannot commit. The outcome kinds are the batches': CONFIRMED,
     * TRANSIENT (try again with the recorded transaction), EXPIRED (it never committed: a new
     * transaction may be built), FILL_REJECTED or FATAL (with a hash: it committed as an abort;
     * without: it was refused before it could commit).
     *
     * @param label names the call in messages and logs, e.g. "withdrawal 12"
     */
    public CompletableFuture<SettlementOutcome> call(String label, EntryFunction payload, Submission previous,
                                                     SubmissionRecorder recorder) {
        return enqueue(new ChainJob() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public Submission submission() {
                return previous;
            }

            @Override
            public EntryFunction payload() {
                return payload;
            }

            @Override
            public int fills() {
                return 0;
            }
        }, recorder);
    }

    private CompletableFuture<SettlementOutcome> enqueue(ChainJob job, SubmissionRecorder recorder) {
        CompletableFuture<SettlementOutcome> result = new CompletableFuture<>();
        if (closed) {
            result.complete(SettlementOutcome.transientFailure("aptos sink is closed"));
            return result;
        }
        Submission previous = job.submission();
        if (previous != null) {
            window.noteResumed(previous);
        }
        try {
            workers.execute(() -> {
                SettlementOutcome outcome;
                try {
                    outcome = driver.run(job, recorder);
                } catch (Throwable t) {
                    LOG.warn("sending {} failed unexpectedly", job.label(), t);
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

    private boolean isClosed() {
        return closed;
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
        return AbortClassifier.classify(contract, txHash, vmStatus);
    }
}
