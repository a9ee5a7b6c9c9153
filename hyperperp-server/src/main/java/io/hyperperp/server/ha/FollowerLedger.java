package io.hyperperp.server.ha;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A follower's copy of the leader's local settlement ledger (settled sizes, entry prices, PnL for the positions
 * route), built from the confirmed batches in the store. Batches can be confirmed out of order, so it remembers
 * which ones above the lowest unfinished batch it applied already.
 */
final class FollowerLedger {

    private final LocalSettlementLedger ledger;
    private final Set<Long> applied = new HashSet<>();
    private long complete;

    FollowerLedger(MarketRegistry markets) {
        this.ledger = new LocalSettlementLedger(markets);
    }

    /** @return the ledger (read by request threads; it synchronizes itself) */
    LocalSettlementLedger ledger() {
        return ledger;
    }

    /** Applies the batches confirmed since the last call. */
    void refresh(JdbcSettlementStore store) {
        List<SettlementBatch> unfinished = store.unfinished();
        for (SettlementBatch batch : store.confirmedAfter(complete)) {
            if (applied.add(batch.batchId())) {
                ledger.apply(batch);
            }
        }
        // Below the lowest unfinished batch every batch is final: forget those, read only above from now on.
        long floor = unfinished.isEmpty() ? applied.stream().mapToLong(Long::longValue).max().orElse(complete)
                : unfinished.get(0).batchId() - 1;
        if (floor > complete) {
            complete = floor;
            applied.removeIf(id -> id <= floor);
        }
    }
}
