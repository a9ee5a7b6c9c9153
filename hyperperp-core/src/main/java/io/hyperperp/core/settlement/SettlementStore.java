package io.hyperperp.core.settlement;

import java.util.List;
import java.util.Optional;

/**
 * Durable record of settlement: fills waiting for a batch, batches and which batch each fill
 * belongs to. Every method may be called from several threads.
 */
public interface SettlementStore {

    /**
     * Notes fills that have no batch yet. Stores whose fills are already durable (the database
     * stores them with the trades) may ignore this.
     */
    void addUnbatched(List<SettlementFill> fills);

    /** Fills without a batch, in trade order: after a restart they are batched again. */
    List<SettlementFill> unbatched();

    /** Inserts or updates a batch and assigns its fills to it, atomically. */
    void save(SettlementBatch batch);

    /** Marks a batch split and saves its children (fills move to them), atomically. */
    void saveSplit(SettlementBatch parent, List<SettlementBatch> children);

    /** Records the transaction sent for a batch (and marks it submitted) before it is sent. */
    void recordSubmission(long batchId, Submission submission, long nowMs);

    /** A batch by number. */
    Optional<SettlementBatch> find(long batchId);

    /** Batches in a state (all states if null), newest first, at most {@code limit}. */
    List<SettlementBatch> list(BatchStatus status, int limit);

    /** Batches that are neither confirmed nor split, oldest first. */
    List<SettlementBatch> unfinished();

    /** The highest batch number ever saved, or 0. */
    long lastBatchId();
}
