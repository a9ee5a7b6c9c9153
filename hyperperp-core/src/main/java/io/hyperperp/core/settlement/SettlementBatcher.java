package io.hyperperp.core.settlement;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * Groups fills into per-market settlement batches and drives every batch to exactly one final
 * outcome: confirmed on chain, or failed and visible to operators.
 *
 * <p>A market's open batch is sealed when it reaches the batch size (capped by what the sink can
 * take in one transaction) or when the timeout since its first fill passes. A sealed batch is
 * saved (with its fill assignment) before it is handed to the sink. Transient failures retry with
 * exponential back-off and jitter; an expired batch is sealed again with a fresh expiry; an abort
 * caused by a fill splits the batch in two until the poison fill sits alone and fails, so the
 * other fills still settle.
 *
 * <p>Every state change runs on the {@link SettlementScheduler}, one task at a time. Fills must be
 * delivered once each (the runtime calls {@link #onCommitted} once per group); a fill the store
 * already holds unbatched when {@link #start()} resumes is not batched twice.
 */
public final class SettlementBatcher implements GroupListener {

    private static final System.Logger LOG = System.getLogger(SettlementBatcher.class.getName());

    private final SettlementConfig config;
    private final SettlementStore store;
    private final SettlementSink sink;
    private final SettlementScheduler scheduler;
    private final SettlementListener listener;
    private final int fillsPerBatch;
    private final RetryBackoff backoff;
    private final OracleCheck oracleCheck;

    private final OpenBatches open;
    private final GroupFills groupFills;
    private final ArrayDeque<SettlementBatch> waiting = new ArrayDeque<>();
    private final LiveBatches live;
    /** Consecutive failed attempts of each batch in flight (drives the back-off); in memory only. */
    private final LongIntHashMap failures = new LongIntHashMap();
    /** Numbers {@link #submitFills} calls, so that {@link #start()} can tell which fills it resumed. */
    private final AtomicLong tickets = new AtomicLong();
    /** Trades start() took from the store, and the last ticket whose fills may be among them. */
    private LongHashSet resumedTrades;
    private long resumedUpToTicket;
    private volatile boolean stopped;
    private final BatchMaker maker;
    private int inFlight;

    /**
     * A batcher; call {@link #start()} before feeding it.
     *
     * @param oracle may be null: no reference-price check
     */
    public SettlementBatcher(SettlementConfig config, MarketRegistry markets, SettlementStore store,
                             SettlementSink sink, SettlementScheduler scheduler, PriceOracle oracle,
                             SettlementListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(markets, "markets");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = listener == null ? SettlementListener.NONE : listener;
        this.fillsPerBatch = Math.max(1, Math.min(config.batchSize(), sink.maxFillsPerBatch()));
        this.backoff = new RetryBackoff(config.retryInitialMillis(), config.retryMaxMillis(), config.jitterSeed());
        this.oracleCheck = new OracleCheck(oracle, config.maxSlippageBps());
        this.live = new LiveBatches(store);
        this.groupFills = new GroupFills(markets);
        this.open = new OpenBatches(scheduler, config.batchTimeoutMillis(), fillsPerBatch, () -> stopped, this::seal);
        for (MarketSpec spec : markets.configured()) {
            SettlementPrices.checkPriceScale(spec);
        }
        if (!markets.strict()) {
            long unconfigured = 0;
            for (MarketSpec spec : markets.configured()) {
                unconfigured = Math.max(unconfigured, spec.marketId() + 1);
            }
            markets.find(unconfigured).ifPresent(SettlementPrices::checkPriceScale);
        }
        this.maker = new BatchMaker(config, store.lastBatchId());
    }

    /**
     * Resumes from the store: unfinished batches go back to the sink (which first looks for a
     * transaction it already sent), and fills without a batch are batched again.
     */
    public void start() {
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            maker.continueAfter(store.lastBatchId());
            for (SettlementBatch batch : store.unfinished()) {
                if (batch.status() == BatchStatus.PENDING || batch.status() == BatchStatus.SUBMITTED) {
                    dispatch(fitToSink(batch, scheduler.nowMillis()));
                }
            }
            List<SettlementFill> unbatched = store.unbatched();
            // submitFills calls that stored their fills before this snapshot have a ticket <= this one.
            long lastTicket = tickets.get();
            if (!unbatched.isEmpty()) {
                resumedTrades = new LongHashSet(unbatched.size());
                resumedUpToTicket = lastTicket;
                for (SettlementFill fill : unbatched) {
                    resumedTrades.add(fill.tradeId());
                    open.add(fill);
                }
            }
        });
    }

    /**
     * Stops this batcher: outcomes still to come, timers and queued work are ignored from now on
     * (what is unsettled stays in the store for the next batcher). Open batches are not sealed.
     */
    public void stop() {
        stopped = true;
    }

    /** Takes the fills of a committed engine group (the runtime calls this on its thread). */
    @Override
    public void onCommitted(ProcessedGroup group) {
        List<SettlementFill> fills = groupFills.of(group);
        if (!fills.isEmpty()) {
            submitFills(fills);
        }
    }

    /** Takes fills (in trade order) for batching. */
    public void submitFills(List<SettlementFill> fills) {
        long ticket = tickets.incrementAndGet();
        store.addUnbatched(fills);
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            LongHashSet resumed = resumedTrades;
            if (resumed != null && ticket > resumedUpToTicket) {
                resumedTrades = null; // every call that start() may have overlapped has run
                resumed = null;
            }
            for (SettlementFill fill : fills) {
                if (resumed == null || !resumed.contains(fill.tradeId())) {
                    open.add(fill);
                }
            }
        });
    }

    /** Seals every open batch now (shutdown, tests). */
    public void flush() {
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            open.sealAll();
        });
    }

    /**
     * An operator's retry of a failed or held batch: it is sealed again (fresh expiry) and
     * submitted. Completes with the batch as saved, or exceptionally if it cannot be retried.
     */
    public CompletableFuture<SettlementBatch> retry(long batchId) {
        CompletableFuture<SettlementBatch> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (stopped) {
                result.completeExceptionally(new IllegalStateException("settlement batcher is stopped"));
                return;
            }
            Optional<SettlementBatch> found = store.find(batchId);
            if (found.isEmpty()) {
                result.completeExceptionally(new IllegalArgumentException("no settlement batch " + batchId));
                return;
            }
            SettlementBatch batch = found.get();
            if (batch.status() != BatchStatus.FAILED && batch.status() != BatchStatus.HELD) {
                result.completeExceptionally(new IllegalStateException(
                        "batch " + batchId + " is " + batch.status().wireName() + "; only failed or held batches retry"));
                return;
            }
            long now = scheduler.nowMillis();
            SettlementBatch again = batch.forRetry(now / 1000, now / 1000 + config.batchTtlSeconds(), now);
            save(again);
            LOG.log(Level.INFO, "operator retry of settlement batch " + batchId);
            dispatch(fitToSink(again, now));
            result.complete(again);
        });
        return result;
    }

    // ---- on the scheduler ------------------------------------------------------------------

    private void seal(OpenBatch batch) {
        long now = scheduler.nowMillis();
        SettlementBatch sealed = maker.batch(batch.marketId, batch.fills, 0, now);
        String deviation = oracleCheck.deviation(sealed);
        if (deviation != null) {
            sealed = sealed.withStatus(BatchStatus.HELD, deviation, now);
            save(sealed);
            LOG.log(Level.WARNING, "settlement batch " + sealed.batchId() + " held: " + deviation);
            listener.alert(sealed, deviation);
            return;
        }
        save(sealed);
        dispatch(sealed);
    }

    private void save(SettlementBatch batch) {
        store.save(batch);
        live.track(batch);
        listener.batchChanged(batch);
    }

    /**
     * A pending batch bigger than the sink takes in one transaction (sealed for another sink) is
     * split into pieces that fit; one that already has a transaction is left as it is.
     */
    private SettlementBatch fitToSink(SettlementBatch batch, long now) {
        List<SettlementFill> fills = batch.fills();
        if (fills.size() <= fillsPerBatch || batch.submission() != null) {
            return batch;
        }
        List<SettlementBatch> pieces = maker.pieces(batch, fillsPerBatch, now);
        saveSplit(batch.withStatus(BatchStatus.SPLIT,
                "split: " + fills.size() + " fills exceed the sink's " + fillsPerBatch + " per transaction", now),
                pieces);
        for (int i = 0; i < pieces.size() - 1; i++) {
            dispatch(pieces.get(i));
        }
        return pieces.get(pieces.size() - 1);
    }

    /** Saves a split batch and its pieces (not yet dispatched). */
    private void saveSplit(SettlementBatch parent, List<SettlementBatch> pieces) {
        store.saveSplit(parent, pieces);
        live.track(parent);
        pieces.forEach(live::track);
        listener.batchChanged(parent);
        pieces.forEach(listener::batchChanged);
    }

    private void dispatch(SettlementBatch batch) {
        if (batch.status() == BatchStatus.SPLIT) {
            return;
        }
        live.track(batch);
        if (inFlight >= config.maxInFlight()) {
            waiting.add(batch);
            return;
        }
        inFlight++;
        attempt(batch);
    }

    private void attempt(SettlementBatch batch) {
        if (stopped) {
            return;
        }
        long batchId = batch.batchId();
        CompletableFuture<SettlementOutcome> outcome;
        try {
            outcome = sink.settle(batch, submission -> recordSubmission(batchId, submission));
            if (outcome == null) {
                outcome = CompletableFuture.completedFuture(SettlementOutcome.transientFailure("sink returned null"));
            }
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(SettlementOutcome.transientFailure(e.toString()));
        }
        outcome.whenComplete((result, error) -> scheduler.execute(() -> handle(batchId,
                error != null || result == null
                        ? SettlementOutcome.transientFailure(error != null ? error.toString() : "no outcome")
                        : result)));
    }

    private void recordSubmission(long batchId, Submission submission) {
        long now = scheduler.nowMillis();
        store.recordSubmission(batchId, submission, now);
        // Runs before the outcome's task: the sink records before it sends.
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            SettlementBatch batch = live.get(batchId);
            if (batch == null) {
                store.find(batchId).ifPresent(listener::batchChanged);
            } else {
                SettlementBatch submitted = batch.withSubmission(submission, now);
                live.track(submitted);
                listener.batchChanged(submitted);
            }
        });
    }

    private void handle(long batchId, SettlementOutcome outcome) {
        if (stopped) {
            return;
        }
        SettlementBatch batch = live.current(batchId);
        long now = scheduler.nowMillis();
        switch (outcome.kind()) {
            case CONFIRMED -> {
                save(batch.withStatus(BatchStatus.CONFIRMED, null, now));
                release(batchId);
            }
            case TRANSIENT -> {
                SettlementBatch counted = batch.withAttempt(outcome.message(), now);
                save(counted);
                long delay = backoff(failures.addToValue(batchId, 1));
                LOG.log(Level.WARNING, "settlement of batch " + batchId + " failed (" + outcome.message()
                        + "), retrying in " + delay + " ms");
                retryLater(batchId, delay);
            }
            case EXPIRED -> {
                SettlementBatch again = maker.resealed(batch, outcome.message(), now);
                save(again);
                int times = failures.addToValue(batchId, 1);
                LOG.log(Level.WARNING, "settlement batch " + batchId + " expired (" + outcome.message()
                        + "); sealed again with expiry " + again.expiry());
                if (times == 1) {
                    attempt(again);
                } else {
                    // Expiring again and again (clock skew?): do not spin.
                    retryLater(batchId, backoff(times - 1));
                }
            }
            case FILL_REJECTED -> {
                SettlementBatch counted = batch.withAttempt(outcome.message(), now);
                if (batch.fills().size() == 1) {
                    fail(counted, "fill rejected on chain: " + outcome.message() + " (trade "
                            + batch.fills().get(0).tradeId() + ")");
                    release(batchId);
                } else {
                    release(batchId);
                    split(counted, now);
                }
            }
            case FATAL -> {
                fail(batch.withAttempt(outcome.message(), now), "settlement failed: " + outcome.message());
                release(batchId);
            }
        }
    }

    private void fail(SettlementBatch batch, String message) {
        SettlementBatch failed = batch.withStatus(BatchStatus.FAILED, message, scheduler.nowMillis());
        save(failed);
        LOG.log(Level.ERROR, "settlement batch " + failed.batchId() + " failed: " + message);
        listener.alert(failed, message);
    }

    private void split(SettlementBatch batch, long now) {
        List<SettlementBatch> halves = maker.halves(batch, now);
        LOG.log(Level.WARNING, "settlement batch " + batch.batchId() + " rejected (" + batch.lastError()
                + "); split into " + halves.get(0).batchId() + " and " + halves.get(1).batchId());
        saveSplit(batch.withStatus(BatchStatus.SPLIT, batch.lastError(), now), halves);
        halves.forEach(this::dispatch);
    }

    private void retryLater(long batchId, long delayMillis) {
        scheduler.schedule(() -> {
            if (!stopped) {
                attempt(live.current(batchId));
            }
        }, delayMillis);
    }

    private void release(long batchId) {
        failures.remove(batchId);
        live.remove(batchId);
        inFlight--;
        while (inFlight < config.maxInFlight() && !waiting.isEmpty()) {
            inFlight++;
            attempt(waiting.poll());
        }
    }

    /** The wait before the next try after {@code failures} consecutive failures (see {@link RetryBackoff}). */
    long backoff(int failures) {
        return backoff.delayMillis(failures);
    }
}
