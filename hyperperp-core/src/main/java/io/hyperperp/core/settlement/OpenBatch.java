package io.hyperperp.core.settlement;

import java.util.ArrayList;
import java.util.List;

/** Fills collecting for one market until the batcher seals them into a batch. */
final class OpenBatch {
    final long marketId;
    final List<SettlementFill> fills;

    OpenBatch(long marketId, int capacity) {
        this.marketId = marketId;
        this.fills = new ArrayList<>(Math.min(capacity, 1024));
    }
}
