package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the batcher's batches: numbers them in sequence, gives them their price bounds and
 * expiry, and cuts a batch into pieces. Runs on the {@link SettlementScheduler}'s thread only.
 */
final class BatchMaker {

    private final SettlementConfig config;
    private long lastBatchId;

    BatchMaker(SettlementConfig config, long lastBatchId) {
        this.config = config;
        this.lastBatchId = lastBatchId;
    }

    /** Numbers new batches after {@code storedLastBatchId} too (a store another batcher wrote to). */
    void continueAfter(long storedLastBatchId) {
        lastBatchId = Math.max(lastBatchId, storedLastBatchId);
    }

    /** A pending batch of {@code fills}, sealed {@code now}; {@code parentId} 0 for none. */
    SettlementBatch batch(long marketId, List<SettlementFill> fills, long parentId, long now) {
        int slippage = config.maxSlippageBps();
        return new SettlementBatch(++lastBatchId, marketId, fills, now / 1000, SettlementPrices.minPx(fills, slippage),
                SettlementPrices.maxPx(fills, slippage), now / 1000 + config.batchTtlSeconds(), BatchStatus.PENDING,
                0, null, null, parentId, now, now);
    }

    /** The batch after an expired attempt: sealed again now, with a fresh expiry. */
    SettlementBatch resealed(SettlementBatch expired, String message, long now) {
        return expired.withAttempt(message, now).resealed(now / 1000, now / 1000 + config.batchTtlSeconds(), now);
    }

    /** {@code batch}'s fills in pieces of at most {@code size}, children of {@code batch}. */
    List<SettlementBatch> pieces(SettlementBatch batch, int size, long now) {
        List<SettlementFill> fills = batch.fills();
        List<SettlementBatch> pieces = new ArrayList<>();
        for (int from = 0; from < fills.size(); from += size) {
            pieces.add(batch(batch.marketId(), fills.subList(from, Math.min(fills.size(), from + size)),
                    batch.batchId(), now));
        }
        return pieces;
    }

    /** {@code batch}'s fills in two halves (the first one smaller when the count is odd). */
    List<SettlementBatch> halves(SettlementBatch batch, long now) {
        List<SettlementFill> fills = batch.fills();
        int half = fills.size() / 2;
        return List.of(batch(batch.marketId(), fills.subList(0, half), batch.batchId(), now),
                batch(batch.marketId(), fills.subList(half, fills.size()), batch.batchId(), now));
    }
}
