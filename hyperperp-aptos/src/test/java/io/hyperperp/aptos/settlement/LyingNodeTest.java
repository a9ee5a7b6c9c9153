package io.hyperperp.aptos.settlement;

import static io.hyperperp.aptos.settlement.SinkFixture.batch;
import static io.hyperperp.aptos.settlement.SinkFixture.fills;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementOutcome.Kind;
import io.hyperperp.core.settlement.Submission;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node that lies to the settlement sink: about the admin account's sequence number (ahead, once or for good, and
 * behind our own commits), and about which transaction committed under our hash. Settlement recovers when the node
 * tells the truth again, says so loudly when it never does, and never applies a batch twice or reports one settled
 * that was not.
 */
class LyingNodeTest {

    private static SinkFixture fixture() {
        return new SinkFixture(NodeSimulator.builder().start(), BatchLayout.BATCH);
    }

    /** The outcome within 15 s (a stalled sink fails here rather than hanging). */
    private static SettlementOutcome await(CompletableFuture<SettlementOutcome> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    /** Waits until the sink's first transaction is parked in the node's mempool (its number was never reached). */
    private static void awaitParked(SinkFixture f, SinkFixture.Recorder recorder) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (recorder.recorded.isEmpty() || f.sim.mempoolSize(f.adminAddress) == 0) {
            assertThat(System.nanoTime()).as("a transaction parked within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aFloorReadFarAheadOnceComesDownWhenItsTransactionExpiresAndTheBatchSettlesOnce() throws Exception {
        try (SinkFixture f = fixture(); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            f.sim.faults().lieAboutSequenceNext(1, 1000);
            CompletableFuture<SettlementOutcome> first = sink.settle(batch(1, fills(1, 3)), recorder);
            awaitParked(f, recorder);
            assertThat(recorder.last().sequenceNumber()).isEqualTo(1000);
            f.sim.advanceClock(Duration.ofSeconds(61));
            SettlementOutcome expired = await(first);
            assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
            assertThat(expired.message()).contains("new transactions start at 0");
            // The batcher seals it again: built at the number the chain is really at, it commits.
            SettlementOutcome again = await(sink.settle(batch(1, fills(1, 3)), recorder));
            assertThat(again.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(1000L, 0L);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(1);
            assertThat(f.appliedCounts()).containsEntry(1L, 1).containsEntry(2L, 1).containsEntry(3L, 1).hasSize(3);
        }
    }

    @Test
    void aNodeThatKeepsReadingTheAccountAheadOfItsChainIsNamedInTheOutcomeAndNothingIsApplied() throws Exception {
        try (SinkFixture f = fixture(); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            f.sim.faults().lieAboutSequenceNext(Integer.MAX_VALUE, 1000);
            CompletableFuture<SettlementOutcome> first = sink.settle(batch(1, fills(1, 3)), recorder);
            awaitParked(f, recorder);
            f.sim.advanceClock(Duration.ofSeconds(61));
            SettlementOutcome expired = await(first);
            assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
            // once may be a transaction the node dropped; the batch sealed again waits at the same number, in vain
            assertThat(expired.message()).contains("reads the admin account at sequence number 1000")
                    .doesNotContain("contradicts");
            CompletableFuture<SettlementOutcome> second = sink.settle(batch(1, fills(1, 3)), recorder);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (recorder.recorded.size() < 2 || f.sim.mempoolSize(f.adminAddress) == 0) {
                assertThat(System.nanoTime()).as("the second transaction parked within 10 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            f.sim.advanceClock(Duration.ofSeconds(61));
            SettlementOutcome again = await(second);
            assertThat(again.kind()).isEqualTo(Kind.EXPIRED);
            assertThat(again.message()).contains("reads the admin account at sequence number 1000")
                    .contains("contradicts its chain");
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(1000L, 1000L);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isZero();
            assertThat(f.appliedCounts()).isEmpty();
        }
    }

    @Test
    void aNodeReadingTheAccountBehindOurOwnCommitsNeverLowersTheFloorBelowThem() throws Exception {
        try (SinkFixture f = fixture(); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            assertThat(await(sink.settle(batch(1, fills(1, 2)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            f.sim.faults().lieAboutSequenceNext(Integer.MAX_VALUE, -1);
            assertThat(await(sink.settle(batch(2, fills(10, 2)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            // Batch 3's transaction is lost and expires; the node then reads the account one behind the truth.
            f.sim.faults().dropNext(1_000_000);
            CompletableFuture<SettlementOutcome> third = sink.settle(batch(3, fills(20, 2)), recorder);
            SinkFixture.awaitResend(sink);
            f.sim.advanceClock(Duration.ofSeconds(61));
            assertThat(await(third).kind()).isEqualTo(Kind.EXPIRED);
            f.sim.faults().dropNext(0);
            SettlementOutcome again = await(sink.settle(batch(3, fills(20, 2)), recorder));
            assertThat(again.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(recorder.recorded).extracting(Submission::sequenceNumber).containsExactly(0L, 1L, 2L, 2L);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(3);
            assertThat(f.appliedCounts()).hasSize(6).allSatisfy((size, n) -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    void anotherTransactionConfirmedUnderOurHashIsNotBelievedAndOursStillSettles() throws Exception {
        try (SinkFixture f = fixture(); AptosSettlementSink sink = f.sink()) {
            SinkFixture.Recorder recorder = new SinkFixture.Recorder();
            assertThat(await(sink.settle(batch(1, fills(1, 2)), recorder)).kind()).isEqualTo(Kind.CONFIRMED);
            // Batch 2's first post is lost, and the node answers our hash with batch 1's committed transaction.
            f.sim.faults().dropNext(1).forgeConfirmationNext(3);
            SettlementOutcome o = await(sink.settle(batch(2, fills(10, 2)), recorder));
            assertThat(o.kind()).isEqualTo(Kind.CONFIRMED);
            assertThat(o.txHash()).isEqualTo(recorder.last().txHash());
            assertThat(recorder.last().sequenceNumber()).isEqualTo(1);
            assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(2);
            assertThat(f.appliedCounts()).containsEntry(10L, 1).containsEntry(11L, 1).hasSize(4);
        }
    }
}
