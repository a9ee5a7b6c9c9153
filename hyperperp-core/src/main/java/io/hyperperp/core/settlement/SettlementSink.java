package io.hyperperp.core.settlement;

import java.util.concurrent.CompletableFuture;

/**
 * Where sealed batches go to be settled: the chain, or the local ledger.
 *
 * <p>The batcher calls {@link #settle} once per attempt and waits for the outcome before it tries
 * again. A sink that sends transactions must call {@link SubmissionRecorder#record} with the
 * transaction before sending it, and, when handed a batch that already has a {@link Submission},
 * must first find out what became of that transaction (resending the same bytes) instead of
 * building a new one, unless that one can provably never commit.
 */
public interface SettlementSink {

    /** Settles (or resumes settling) a batch; completes with the outcome, never exceptionally. */
    CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder);

    /** The most fills one batch may hold for this sink (e.g. what fits in one transaction). */
    default int maxFillsPerBatch() {
        return 1_000;
    }

    /** Durable note of a transaction, made before it is sent. */
    @FunctionalInterface
    interface SubmissionRecorder {

        /** Records the submission; returns only once it is stored. */
        void record(Submission submission);
    }
}
