package io.hyperperp.aptos.settlement;

import static io.hyperperp.aptos.settlement.SinkFixture.await;
import static io.hyperperp.aptos.settlement.SinkFixture.batch;
import static io.hyperperp.aptos.settlement.SinkFixture.fills;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.aptos.sim.SimFaults;
import io.hyperperp.aptos.tx.SignedTransaction;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementOutcome.Kind;
import io.hyperperp.core.settlement.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AptosSettlementSinkTest {

    private static SinkFixture fixture(BatchLayout layout) {
        return new SinkFixture(NodeSimulator.builder().start(), layout);
    }

    private static SinkFixture fixture(NodeSimulator sim, BatchLayout layout) {
        return new SinkFixture(sim, layout);
    }

    @Test
    void batchLayoutRecordsBeforeSendingAndConfirms() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            AtomicBoolean unknownWhenRecorded = new AtomicBoolean();
            SinkFixture.Recorder recorder = new SinkFixture.Recorder() {
                @Override
                public void record(Submission s) {
                    try {
                        f.client.transactionByHash(s.txHash());
                    } catch (AptosException e) {
                        unknownWhenRecorded.set(e.kind() == ErrorKind.TRANSACTION_NOT_FOUND);
                    }
                    super.record(s);
                }
            };
            SettlementOutcome o = await(sink.settle(batch(1, fills(1, 50)), recorder));
            assertThat(o.kind()).as(o.toString()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).hasSize(1);
            Submission s = recorder.last();
            assertThat(o.txHash()).isEqualTo(s.txHash());
            assertThat(unknownWhenRecorded).isTrue();
            assertThat(s.sequenceNumber()).isZero();
            SignedTransaction signed = SignedTransaction.fromBcs(s.signedTransaction());
            assertThat(signed.hash()).isEqualTo(s.txHash());
            assertThat(signed.raw().expirationTimestampSecs()).isEqualTo(s.expirationSecs());
            assertThat(s.expirationSecs() - f.sim.ledgerTimeSecs()).isBetween(59L, 62L);
            assertThat(signed.raw().gasUnitPrice()).isEqualTo(100); // the node's estimate
            assertThat(f.appliedCounts()).hasSize(50).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(1);
        }
    }

    @Test
    void maxFillsPerBatchFillsSixtyFourKibAndSuchABatchCommits() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            int max = sink.maxFillsPerBatch();
            assertThat(max).isEqualTo(f.settings.batchCall().maxFillsPerTransaction()).isGreaterThan(500);
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            SettlementOutcome o = await(sink.settle(batch(1, fills(1, max)), recorder));
            assertThat(o.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(SignedTransaction.fromBcs(recorder.last().signedTransaction()).raw().toBcs().length)
                    .isLessThanOrEqualTo(64 * 1024);
            assertThat(f.appliedCounts()).hasSize(max);
            SettlementOutcome tooBig = await(sink.settle(batch(2, fills(10_000, max + 1)), recorder));
            assertThat(tooBig.kind()).isEqualTo(Kind.FATAL);
            assertThat(tooBig.message()).contains("at most " + max);
        }
    }

    @Test
    void perFillLayoutSettlesOneFillPerBatchAndTransaction() throws Exception {
        NodeSimulator sim = NodeSimulator.builder().batchFunctionDeployed(false).start();
        try (SinkFixture f = fixture(sim, BatchLayout.PER_FILL); AptosSettlementSink sink = f.sink()) {
            assertThat(sink.maxFillsPerBatch()).isEqualTo(1);
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            List<CompletableFuture<SettlementOutcome>> futures = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                futures.add(sink.settle(batch(i, fills(i, 1)), recorder));
            }
            for (CompletableFuture<SettlementOutcome> fut : futures) {
                assertThat(await(fut).kind()).isEqualTo(Kind.CONFIRMED);
            }
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).doesNotHaveDuplicates()
                    .allSatisfy(seq -> assertThat(seq).isBetween(0L, 19L));
            SignedTransaction t = SignedTransaction.fromBcs(recorder.last().signedTransaction());
            assertThat(t.raw().payload().function()).isEqualTo("apply_batch_simple");
            assertThat(f.appliedCounts()).hasSize(20).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            SettlementOutcome two = await(sink.settle(batch(99, fills(100, 2)), recorder));
            assertThat(two.kind()).isEqualTo(Kind.FATAL);
        }
    }

    @Test
    void resumingACommittedSubmissionReportsItWithoutANewTransaction() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            SettlementBatch b = batch(1, fills(1, 5));
            SettlementOutcome first = await(sink.settle(b, recorder));
            long executions = f.sim.executions();
            SettlementOutcome again = await(sink.settle(SinkFixture.withSubmission(b, recorder.last()), recorder));
            assertThat(again).isEqualTo(first);
            assertThat(f.sim.executions()).isEqualTo(executions);
            assertThat(recorder.recorded).hasSize(1);
        }
    }

    @Test
    void aRecordedButUnsentTransactionIsSentByteForByteOnResume() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SettlementBatch b = batch(1, fills(1, 3));
            SignedTransaction signed = sign(f, b, 0, f.sim.ledgerTimeSecs() + 60);
            Submission s = new Submission(signed.hash(), 0, signed.raw().expirationTimestampSecs(), signed.toBcs());
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            SettlementOutcome o = await(sink.settle(SinkFixture.withSubmission(b, s), recorder));
            assertThat(o.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(o.txHash()).isEqualTo(signed.hash());
            assertThat(recorder.recorded).isEmpty();
            // The counter moved past the resumed number: the next batch uses 1.
            assertThat(await(sink.settle(batch(2, fills(10, 1)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.last().sequenceNumber()).isEqualTo(1);
        }
    }

    @Test
    void lostResponsesServerErrorsRateLimitsAndFullMempoolsEndInOneCommit() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            long trade = 1;
            List<Runnable> faults = List.of(
                () -> f.sim.faults().loseResponseNext(1, SimFaults.LostMode.HTTP_500),
                () -> f.sim.faults().loseResponseNext(1, SimFaults.LostMode.CLOSE_CONNECTION),
                () -> f.sim.faults().serverErrorNext(2, 503),
                () -> f.sim.faults().rateLimitNext(2, 0),
                () -> f.sim.faults().mempoolFullNext(2),
                () -> f.sim.faults().sequenceTooOldNext(1),
                () -> f.sim.faults().dropNext(1),
                () -> f.sim.faults().latency(Duration.ofMillis(30)));
            int i = 0;
            for (Runnable fault : faults) {
                fault.run();
                SettlementOutcome o = await(sink.settle(batch(++i, fills(trade, 4)), recorder));
                f.sim.faults().reset();
                assertThat(o.kind()).as("fault %d: %s", i, o).isEqualTo(Kind.CONFIRMED);
                trade += 4;
            }
            assertThat(recorder.recorded).hasSize(faults.size()); // never a second transaction for a batch
            assertThat(f.appliedCounts()).hasSize((int) trade - 1).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            assertThat(f.sim.executions()).isEqualTo(faults.size());
            assertThat(sink.stats().resends()).isPositive();
        }
    }

    @Test
    void aSequenceNumberTakenByAnotherTransactionIsRebuiltAfterLookingForOurHash() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            assertThat(await(sink.settle(batch(1, fills(1, 2)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            // Someone else uses sequence number 1 behind the sink's back.
            SignedTransaction foreign = sign(f, batch(50, fills(500, 1)), 1, f.sim.ledgerTimeSecs() + 60);
            f.client.submit(foreign);
            awaitCommit(f, foreign.hash());
            SettlementOutcome o = await(sink.settle(batch(2, fills(10, 2)), recorder));
            assertThat(o.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(0L, 1L, 2L);
            assertThat(o.txHash()).isEqualTo(recorder.last().txHash());
            assertThat(sink.stats().rebuilt()).isEqualTo(1);
            assertThat(f.appliedCounts()).containsEntry(10L, 1).containsEntry(11L, 1);
        }
    }

    @Test
    void aTransactionIsRebuiltOnlyAfterItsExpirationPassedByLedgerTimeAndItsNumberIsReused() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            f.sim.faults().dropNext(1_000_000);
            CompletableFuture<SettlementOutcome> pending = sink.settle(batch(1, fills(1, 3)), recorder);
            SinkFixture.awaitResend(sink);
            assertThat(pending).isNotDone(); // not found, not expired: resent, never rebuilt
            assertThat(recorder.recorded).hasSize(1);
            f.sim.advanceClock(Duration.ofSeconds(61));
            SettlementOutcome o = await(pending);
            assertThat(o.kind()).isEqualTo(Kind.EXPIRED);
            assertThat(o.message()).contains(recorder.last().txHash());
            f.sim.faults().reset();
            // The batcher seals it again (no submission): the freed number 0 is used again.
            SettlementOutcome again = await(sink.settle(batch(1, fills(1, 3)), recorder));
            assertThat(again.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(0L, 0L);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(1);
            assertThat(f.appliedCounts()).hasSize(3);
        }
    }

    @Test
    void committedAbortsMapToOutcomeKindsAndConsumeTheSequenceNumber() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            Map<Integer, Kind> expected = Map.of(11, Kind.FILL_REJECTED, 13, Kind.EXPIRED, 3, Kind.FATAL,
                    1, Kind.FATAL, 20, Kind.FILL_REJECTED, 12, Kind.EXPIRED);
            long seq = 0;
            for (Map.Entry<Integer, Kind> e : expected.entrySet()) {
                f.sim.faults().forceAbortNext(1, e.getKey());
                SettlementOutcome o = await(sink.settle(batch(e.getKey(), fills(e.getKey() * 10L, 2)), recorder));
                assertThat(o.kind()).as("abort %d: %s", e.getKey(), o).isEqualTo(e.getValue());
                assertThat(o.txHash()).isEqualTo(recorder.last().txHash());
                assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(++seq);
            }
            SettlementOutcome rejected = classify(11);
            assertThat(rejected.message()).isEqualTo("E_PRICE_OUT_OF_BOUNDS");
            assertThat(f.appliedCounts()).isEmpty();
        }
    }

    @Test
    void aPausedContractIsTransientAndTheRetryBuildsANewTransaction() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            SettlementBatch b = batch(1, fills(1, 2));
            f.sim.faults().forceAbortNext(1, 4);
            SettlementOutcome o = await(sink.settle(b, recorder));
            assertThat(o.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(o.message()).contains("E_PAUSED");
            SettlementOutcome retry = await(sink.settle(SinkFixture.withSubmission(b, recorder.last()), recorder));
            assertThat(retry.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(0L, 1L);
            assertThat(f.appliedCounts()).hasSize(2);
        }
    }

    @Test
    void poisonFillIsRejectedAndUnauthorizedIsFatal() throws Exception {
        AccountAddress someoneElse = AccountAddress.parse("0xadd");
        try (SinkFixture f = fixture(BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            f.sim.faults().poisonSize(7);
            SettlementOutcome o = await(sink.settle(batch(1, fills(5, 4)), new SinkFixture.Recorder()));
            assertThat(o.kind()).isEqualTo(Kind.FILL_REJECTED);
            assertThat(o.message()).isEqualTo("E_PRICE_OUT_OF_BOUNDS");
        }
        NodeSimulator sim = NodeSimulator.builder().admin(someoneElse).start();
        try (SinkFixture f = fixture(sim, BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            SettlementOutcome o = await(sink.settle(batch(1, fills(5, 4)), new SinkFixture.Recorder()));
            assertThat(o.kind()).isEqualTo(Kind.FATAL);
            assertThat(o.message()).startsWith("E_UNAUTHORIZED");
        }
    }

    @Test
    void simulationSetsMaxGasAndCatchesAbortsBeforeSpendingASequenceNumber() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH);
             AptosSettlementSink sink = f.sink(f.settings.withSimulate(true).withGasPrice(150))) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            assertThat(await(sink.settle(batch(1, fills(1, 3)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            SignedTransaction t = SignedTransaction.fromBcs(recorder.last().signedTransaction());
            assertThat(t.raw().maxGasAmount()).isEqualTo(18); // simulator reports 12 gas used, × 1.5
            assertThat(t.raw().gasUnitPrice()).isEqualTo(150);
            f.sim.faults().poisonSize(20);
            SettlementOutcome o = await(sink.settle(batch(2, fills(20, 2)), recorder));
            assertThat(o.kind()).isEqualTo(Kind.FILL_REJECTED);
            assertThat(o.txHash()).isNull();
            assertThat(recorder.recorded).hasSize(1);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(1);
            f.sim.faults().reset();
            assertThat(await(sink.settle(batch(3, fills(30, 2)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.last().sequenceNumber()).isEqualTo(1); // the simulated number was not lost
        }
    }

    @Test
    void oneWriterPerAdminAccount() {
        try (SinkFixture f = fixture(BatchLayout.BATCH)) {
            AptosSettlementSink first = f.sink();
            assertThatThrownBy(f::sink).isInstanceOf(IllegalStateException.class).hasMessageContaining("one writer");
            first.close();
            f.sink().close();
        }
    }

    @Test
    void aClosedSinkReportsTransientAndSendsNothing() throws Exception {
        try (SinkFixture f = fixture(BatchLayout.BATCH)) {
            AptosSettlementSink sink = f.sink();
            sink.close();
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            assertThat(await(sink.settle(batch(1, fills(1, 1)), recorder)).kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(recorder.recorded).isEmpty();
        }
    }

    @Test
    void abortClassification() {
        AccountAddress c = SinkFixture.CONTRACT;
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0xcafe::perp_engine: 0xb").kind())
                .isEqualTo(Kind.FILL_REJECTED);
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0xcafe::market_registry: "
                + "E_UNKNOWN_MARKET(0x14): no market").message()).isEqualTo("E_UNKNOWN_MARKET");
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0xcafe::perp_engine: 0x6000d").kind())
                .isEqualTo(Kind.EXPIRED);
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0xcafe::perp_engine: 0x1").kind())
                .isEqualTo(Kind.FATAL);
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0x1::coin: 0xb").kind())
                .isEqualTo(Kind.FATAL);
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "OUT_OF_GAS").kind()).isEqualTo(Kind.FATAL);
        assertThat(AptosSettlementSink.classifyAbort(c, "0x1", "Move abort in 0xcafe::perp_engine: E_PAUSED(0x4): p")
                .kind()).isEqualTo(Kind.TRANSIENT);
    }

    private static SettlementOutcome classify(int code) {
        return AptosSettlementSink.classifyAbort(SinkFixture.CONTRACT, "0x1",
                "Move abort in 0xcafe::perp_engine: E_PRICE_OUT_OF_BOUNDS(0x" + Integer.toHexString(code) + "): x");
    }

    static SignedTransaction sign(SinkFixture f, SettlementBatch b, long seq, long expiration) {
        return SettlementTransactions.sign(f.settings.batchCall(), SettlementTransactions.toChainFills(b.fills()),
                new BatchParams(b.oracleTs(), b.minPx(), b.maxPx(), b.expiry(), f.adminAddress), f.admin,
                f.adminAddress, seq, 10_000, 100, expiration, 4).get(0);
    }

    static void awaitCommit(SinkFixture f, String hash) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try {
                if (f.client.transactionByHash(hash) instanceof TransactionStatus.Committed) {
                    return;
                }
            } catch (AptosException e) {
                // not yet
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not committed: " + hash);
    }
}
