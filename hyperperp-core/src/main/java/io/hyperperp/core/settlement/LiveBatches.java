package io.hyperperp.core.settlement;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The last saved state of every batch dispatched and not yet finished, so that an outcome or a
 * retry needs no store read; the store stays the truth across restarts. Used on the batcher's
 * scheduler only.
 */
final class LiveBatches {

    private final LongObjectHashMap<SettlementBatch> batches = new LongObjectHashMap<>();
    private final SettlementStore store;

    LiveBatches(SettlementStore store) {
        this.store = store;
    }

    /** Keeps step with what was just saved or dispatched: only pending and submitted batches stay. */
    void track(SettlementBatch batch) {
        if (batch.status() == BatchStatus.PENDING || batch.status() == BatchStatus.SUBMITTED) {
            batches.put(batch.batchId(), batch);
        } else {
            batches.remove(batch.batchId());
        }
    }

    /** The batch in flight with this number, or null. */
    SettlementBatch get(long batchId) {
        return batches.get(batchId);
    }

    /** Forgets a batch that reached its outcome. */
    void remove(long batchId) {
        batches.remove(batchId);
    }

    /** The batch as last saved: from memory while it is in flight, else from the store. */
    SettlementBatch current(long batchId) {
        SettlementBatch batch = batches.get(batchId);
        if (batch != null) {
            return batch;
        }
        return store.find(batchId).orElseThrow(
                () -> new IllegalStateException("settlement batch " + batchId + " vanished from the store"));
    }
}
