package io.hyperperp.core.settlement;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A sink for tests that answers as scripted, then confirms (optionally applying to a ledger). */
final class ScriptedSink implements SettlementSink {

    /** One call of {@link #settle}, with the batch as the sink saw it. */
    record Call(SettlementBatch batch, long atMillis) {
    }

    final List<Call> calls = new ArrayList<>();
    final Set<Long> poison = new HashSet<>();
    final List<CompletableFuture<SettlementOutcome>> hanging = new ArrayList<>();
    private final SettlementScheduler clock;
    int maxFills = 1_000;
    int transientLeft;
    int expiredLeft;
    int fatalLeft;
    boolean hang;
    boolean recordBeforeHanging;
    LocalSettlementLedger ledger;

    ScriptedSink(SettlementScheduler clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<SettlementOutcome> settle(SettlementBatch batch, SubmissionRecorder recorder) {
        calls.add(new Call(batch, clock.nowMillis()));
        if (hang) {
            if (recordBeforeHanging && batch.submission() == null) {
                recorder.record(submissionFor(batch));
            }
            CompletableFuture<SettlementOutcome> never = new CompletableFuture<>();
            hanging.add(never);
            return never;
        }
        if (transientLeft > 0) {
            transientLeft--;
            return CompletableFuture.completedFuture(SettlementOutcome.transientFailure("HTTP 503"));
        }
        if (expiredLeft > 0) {
            expiredLeft--;
            return CompletableFuture.completedFuture(SettlementOutcome.expired("0xexp", "E_BATCH_EXPIRED"));
        }
        if (fatalLeft > 0) {
            fatalLeft--;
            return CompletableFuture.completedFuture(SettlementOutcome.fatal("0xfatal", "UNAUTHORIZED"));
        }
        for (SettlementFill fill : batch.fills()) {
            if (poison.contains(fill.tradeId())) {
                return CompletableFuture.completedFuture(
                        SettlementOutcome.fillRejected("0xabort", "E_PRICE_OUT_OF_BOUNDS"));
            }
        }
        if (ledger != null) {
            return CompletableFuture.completedFuture(ledger.apply(batch));
        }
        return CompletableFuture.completedFuture(SettlementOutcome.confirmed("0x" + Long.toHexString(batch.batchId())));
    }

    static Submission submissionFor(SettlementBatch batch) {
        return new Submission("0xfeed" + batch.batchId(), batch.batchId(), batch.expiry(), new byte[] {1, 2, 3});
    }

    @Override
    public int maxFillsPerBatch() {
        return maxFills;
    }

    /** The batch ids the sink was asked to settle, in order. */
    List<Long> calledIds() {
        return calls.stream().map(c -> c.batch().batchId()).toList();
    }
}
