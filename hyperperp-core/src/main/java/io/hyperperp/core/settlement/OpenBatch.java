package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.List;

/** Fills collecting for one market until the batcher seals them into a batch. */
final class OpenBatch {
    final long marketId;
    final List<SettlementFill> fills;
    /** When the timeout since the batch's first fill passes (scheduler milliseconds). */
    final long sealAtMillis;

    OpenBatch(long marketId, int capacity, long sealAtMillis) {
        this.marketId = marketId;
        this.fills = new ArrayList<>(Math.min(capacity, 1024));
        this.sealAtMillis = sealAtMillis;
    }
}
