package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * The batcher's open batches, one per market, and the timers that seal them when their timeout
 * passes. Runs on the {@link SettlementScheduler}'s thread only.
 *
 * <p>A market has at most one timer pending. A batch that fills up before its timeout leaves its
 * timer behind; when that timer fires it re-arms itself for the batch the market has opened since,
 * if any, at that batch's own deadline. One timer per batch instead would leave a busy market with
 * thousands of dead timers queued (its batch rate times the timeout), each holding its batch.
 */
final class OpenBatches {

    private final LongObjectHashMap<OpenBatch> open = new LongObjectHashMap<>();
    private final LongHashSet timerPending = new LongHashSet();
    private final SettlementScheduler scheduler;
    private final long timeoutMillis;
    private final int fillsPerBatch;
    private final BooleanSupplier stopped;
    private final Consumer<OpenBatch> sealer;

    /**
     * @param sealer receives each batch once, already removed from the open batches
     */
    OpenBatches(SettlementScheduler scheduler, long timeoutMillis, int fillsPerBatch, BooleanSupplier stopped,
                Consumer<OpenBatch> sealer) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
        this.fillsPerBatch = fillsPerBatch;
        this.stopped = stopped;
        this.sealer = sealer;
    }

    /** Adds a fill to its market's open batch (opening one), sealing the batch when it is full. */
    void add(SettlementFill fill) {
        long marketId = fill.marketId();
        OpenBatch batch = open.get(marketId);
        if (batch == null) {
            batch = new OpenBatch(marketId, fillsPerBatch, scheduler.nowMillis() + timeoutMillis);
            open.put(marketId, batch);
            if (timerPending.add(marketId)) {
                arm(marketId, timeoutMillis);
            }
        }
        batch.fills.add(fill);
        if (batch.fills.size() >= fillsPerBatch) {
            seal(batch);
        }
    }

    /** Seals every open batch now, in market order. */
    void sealAll() {
        List<OpenBatch> all = new ArrayList<>(open.size());
        open.forEachValue(all::add);
        all.sort((a, b) -> Long.compare(a.marketId, b.marketId));
        for (OpenBatch batch : all) {
            seal(batch);
        }
    }

    /** Open batches (tests). */
    int size() {
        return open.size();
    }

    /** Markets with a timer queued on the scheduler (tests). */
    int timersPending() {
        return timerPending.size();
    }

    private void seal(OpenBatch batch) {
        open.remove(batch.marketId);
        sealer.accept(batch);
    }

    private void arm(long marketId, long delayMillis) {
        scheduler.schedule(() -> onTimer(marketId), delayMillis);
    }

    private void onTimer(long marketId) {
        timerPending.remove(marketId);
        if (stopped.getAsBoolean()) {
            return;
        }
        OpenBatch batch = open.get(marketId);
        if (batch == null) {
            return;
        }
        long wait = batch.sealAtMillis - scheduler.nowMillis();
        if (wait > 0) {
            timerPending.add(marketId);
            arm(marketId, wait);
        } else {
            seal(batch);
        }
    }
}
