package io.hyperperp.core.settlement;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

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
 * <p>Every state change runs on the {@link SettlementScheduler}, one task at a time.
 */
public final class SettlementBatcher implements GroupListener {

    private static final System.Logger LOG = System.getLogger(SettlementBatcher.class.getName());

    private final SettlementConfig config;
    private final MarketRegistry markets;
    private final SettlementStore store;
    private final SettlementSink sink;
    private final SettlementScheduler scheduler;
    private final PriceOracle oracle;
    private final SettlementListener listener;
    private final int fillsPerBatch;
    private final SplittableRandom jitter;

    private final LongObjectHashMap<OpenBatch> open = new LongObjectHashMap<>();
    private final LongObjectHashMap<MarketSpec> specs = new LongObjectHashMap<>();
    private final ArrayDeque<SettlementBatch> waiting = new ArrayDeque<>();
    private long lastBatchId;
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
        this.markets = Objects.requireNonNull(markets, "markets");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.oracle = oracle;
        this.listener = listener == null ? SettlementListener.NONE : listener;
        this.fillsPerBatch = Math.max(1, Math.min(config.batchSize(), sink.maxFillsPerBatch()));
        this.jitter = new SplittableRandom(config.jitterSeed());
        for (MarketSpec spec : markets.configured()) {
            SettlementPrices.priceX(spec.tickSize(), spec.priceDecimals()); // every price must map exactly
        }
    }

    /**
     * Resumes from the store: unfinished batches go back to the sink (which first looks for a
     * transaction it already sent), and fills without a batch are batched again.
     */
    public void start() {
        scheduler.execute(() -> {
            lastBatchId = Math.max(lastBatchId, store.lastBatchId());
            for (SettlementBatch batch : store.unfinished()) {
                if (batch.status() == BatchStatus.PENDING || batch.status() == BatchStatus.SUBMITTED) {
                    dispatch(batch);
                }
            }
            for (SettlementFill fill : store.unbatched()) {
                add(fill);
            }
        });
    }

    /** Takes the fills of a committed engine group (the runtime calls this on its thread). */
    @Override
    public void onCommitted(ProcessedGroup group) {
        List<SettlementFill> fills = null;
        for (var command : group.commands()) {
            for (EngineEvent event : command.events()) {
                if (event instanceof EngineEvent.Fill fill) {
                    if (fills == null) {
                        fills = new ArrayList<>();
                    }
                    fills.add(SettlementPrices.toSettlementFill(fill, spec(fill.marketId())));
                }
            }
        }
        if (fills != null) {
            submitFills(fills);
        }
    }

    /** Takes fills (in trade order) for batching. */
    public void submitFills(List<SettlementFill> fills) {
        store.addUnbatched(fills);
        scheduler.execute(() -> {
            for (SettlementFill fill : fills) {
                add(fill);
            }
        });
    }

    /** Seals every open batch now (shutdown, tests). */
    public void flush() {
        scheduler.execute(() -> {
            List<OpenBatch> all = new ArrayList<>();
            open.forEachValue(all::add);
            all.sort((a, b) -> Long.compare(a.marketId, b.marketId));
            for (OpenBatch batch : all) {
                seal(batch);
            }
        });
    }

    /**
     * An operator's retry of a failed or held batch: it is sealed again (fresh expiry) and
     * submitted. Completes with the batch as saved, or exceptionally if it cannot be retried.
     */
    public CompletableFuture<SettlementBatch> retry(long batchId) {
        CompletableFuture<SettlementBatch> result = new CompletableFuture<>();
        scheduler.execute(() -> {
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
            dispatch(again);
            result.complete(again);
        });
        return result;
    }

    // ---- on the scheduler ------------------------------------------------------------------

    private MarketSpec spec(long marketId) {
        synchronized (specs) {
            MarketSpec spec = specs.get(marketId);
            if (spec == null) {
                spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
                specs.put(marketId, spec);
            }
            return spec;
        }
    }

    private void add(SettlementFill fill) {
        OpenBatch batch = open.get(fill.marketId());
        if (batch == null) {
            batch = new OpenBatch(fill.marketId(), fillsPerBatch);
            open.put(fill.marketId(), batch);
            OpenBatch scheduled = batch;
            scheduler.schedule(() -> {
                if (open.get(scheduled.marketId) == scheduled) {
                    seal(scheduled);
                }
            }, config.batchTimeoutMillis());
        }
        batch.fills.add(fill);
        if (batch.fills.size() >= fillsPerBatch) {
            seal(batch);
        }
    }

    private void seal(OpenBatch batch) {
        open.remove(batch.marketId);
        long now = scheduler.nowMillis();
        SettlementBatch sealed = newBatch(batch.marketId, batch.fills, 0, now);
        String deviation = oracleDeviation(sealed);
        if (deviation != null) {
            sealed = sealed.withStatus(BatchStatus.HELD, deviation, now);
            save(sealed);
            listener.alert(sealed, deviation);
            return;
        }
        save(sealed);
        dispatch(sealed);
    }

    private SettlementBatch newBatch(long marketId, List<SettlementFill> fills, long parentId, long now) {
        int slippage = config.maxSlippageBps();
        return new SettlementBatch(++lastBatchId, marketId, fills, now / 1000, SettlementPrices.minPx(fills, slippage),
                SettlementPrices.maxPx(fills, slippage), now / 1000 + config.batchTtlSeconds(), BatchStatus.PENDING,
                0, null, null, parentId, now, now);
    }

    private String oracleDeviation(SettlementBatch batch) {
        if (oracle == null) {
            return null;
        }
        OptionalLong reference = oracle.referencePriceX(batch.marketId());
        if (reference.isEmpty()) {
            return null;
        }
        for (SettlementFill fill : batch.fills()) {
            if (SettlementPrices.deviates(fill.priceX(), reference.getAsLong(), config.maxSlippageBps())) {
                return "PRICE_DEVIATION: trade " + fill.tradeId() + " price_x " + fill.priceX()
                        + " is more than " + config.maxSlippageBps() + " bps from the oracle's "
                        + reference.getAsLong();
            }
        }
        return null;
    }

    private void save(SettlementBatch batch) {
        store.save(batch);
        listener.batchChanged(batch);
    }

    private void dispatch(SettlementBatch batch) {
        if (inFlight >= config.maxInFlight()) {
            waiting.add(batch);
            return;
        }
        inFlight++;
        attempt(batch);
    }

    private void attempt(SettlementBatch batch) {
        long batchId = batch.batchId();
        CompletableFuture<SettlementOutcome> outcome;
        try {
            outcome = sink.settle(batch, submission -> recordSubmission(batchId, submission));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(SettlementOutcome.transientFailure(e.toString()));
        }
        outcome.whenComplete((result, error) -> scheduler.execute(() -> handle(batchId,
                error != null ? SettlementOutcome.transientFailure(error.toString()) : result)));
    }

    private void recordSubmission(long batchId, Submission submission) {
        long now = scheduler.nowMillis();
        store.recordSubmission(batchId, submission, now);
        scheduler.execute(() -> store.find(batchId).ifPresent(listener::batchChanged));
    }

    private void handle(long batchId, SettlementOutcome outcome) {
        SettlementBatch batch = store.find(batchId).orElseThrow(
                () -> new IllegalStateException("settlement batch " + batchId + " vanished from the store"));
        long now = scheduler.nowMillis();
        switch (outcome.kind()) {
            case CONFIRMED -> {
                save(batch.withStatus(BatchStatus.CONFIRMED, null, now));
                release();
            }
            case TRANSIENT -> {
                SettlementBatch counted = batch.withAttempt(outcome.message(), now);
                save(counted);
                long delay = backoff(counted.attempts());
                LOG.log(Level.WARNING, "settlement of batch " + batchId + " failed (" + outcome.message()
                        + "), retrying in " + delay + " ms");
                scheduler.schedule(() -> attempt(store.find(batchId).orElseThrow()), delay);
            }
            case EXPIRED -> {
                SettlementBatch again = batch.withAttempt(outcome.message(), now)
                        .resealed(now / 1000, now / 1000 + config.batchTtlSeconds(), now);
                save(again);
                attempt(again);
            }
            case FILL_REJECTED -> {
                if (batch.fills().size() == 1) {
                    fail(batch.withAttempt(outcome.message(), now), "fill rejected on chain: " + outcome.message());
                } else {
                    split(batch.withAttempt(outcome.message(), now), now);
                }
                release();
            }
            case FATAL -> {
                fail(batch.withAttempt(outcome.message(), now), "settlement failed: " + outcome.message());
                release();
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
        List<SettlementFill> fills = batch.fills();
        int half = fills.size() / 2;
        SettlementBatch left = newBatch(batch.marketId(), fills.subList(0, half), batch.batchId(), now);
        SettlementBatch right = newBatch(batch.marketId(), fills.subList(half, fills.size()), batch.batchId(), now);
        SettlementBatch parent = batch.withStatus(BatchStatus.SPLIT, batch.lastError(), now);
        store.saveSplit(parent, List.of(left, right));
        listener.batchChanged(parent);
        listener.batchChanged(left);
        listener.batchChanged(right);
        dispatch(left);
        dispatch(right);
    }

    private void release() {
        inFlight--;
        while (inFlight < config.maxInFlight() && !waiting.isEmpty()) {
            inFlight++;
            attempt(waiting.poll());
        }
    }

    private long backoff(int attempts) {
        long base = config.retryInitialMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(Math.max(base, config.retryInitialMillis()), config.retryMaxMillis());
        return capped / 2 + jitter.nextLong(capped / 2 + 1);
    }

    /** Fills collecting for one market until sealed. */
    private static final class OpenBatch {
        final long marketId;
        final List<SettlementFill> fills;

        OpenBatch(long marketId, int capacity) {
            this.marketId = marketId;
            this.fills = new ArrayList<>(Math.min(capacity, 1024));
        }
    }
}
