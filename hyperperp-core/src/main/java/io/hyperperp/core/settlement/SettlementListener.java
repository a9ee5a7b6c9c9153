package io.hyperperp.core.settlement;

/** Hears about batch changes and operator alerts. Called on the batcher's thread; keep it quick. */
public interface SettlementListener {

    /** A batch was saved in a new state. */
    default void batchChanged(SettlementBatch batch) {
    }

    /** Something an operator must look at (a held or failed batch). */
    default void alert(SettlementBatch batch, String message) {
    }

    /** Ignores everything. */
    SettlementListener NONE = new SettlementListener() {
    };
}
