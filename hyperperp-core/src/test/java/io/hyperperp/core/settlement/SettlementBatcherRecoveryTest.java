package io.hyperperp.core.settlement;

import static io.hyperperp.core.settlement.Fills.ONE;
import static io.hyperperp.core.settlement.Fills.fill;
import static io.hyperperp.core.settlement.Fills.ids;
import static io.hyperperp.core.settlement.Fills.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A batch that fails, expires, deviates or waits: retries, back-off, poison fills, operator actions, resuming after a restart. */
class SettlementBatcherRecoveryTest extends BatcherFixture {

    @Test
    void expiredBatchIsSealedAgainWithAFreshExpiry() {
        sink.expiredLeft = 1;
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(2, TIMEOUT));
        scheduler.advance(10_000);
        b.submitFills(range(1, 2, 1));
        scheduler.runUntilIdle();
        assertThat(sink.calls).hasSize(2);
        SettlementBatch first = sink.calls.get(0).batch();
        SettlementBatch second = sink.calls.get(1).batch();
        assertThat(second.batchId()).isEqualTo(first.batchId());
        assertThat(second.fills()).isEqualTo(first.fills());
        assertThat(second.submission()).isNull();
        assertThat(second.expiry()).isEqualTo(scheduler.nowMillis() / 1000 + 300);
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(batch(1).attempts()).isEqualTo(1);
        assertThat(store.lastBatchId()).isEqualTo(1);
    }

    @Test
    void expiringAgainAndAgainBacksOffInsteadOfSpinning() {
        sink.expiredLeft = 5;
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(1, 777_777));
        b.submitFills(range(1, 1, 1));
        scheduler.runUntilIdle();
        assertThat(sink.calls).hasSize(2);
        scheduler.runAll(600_000);
        assertThat(sink.calls).hasSize(6);
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(batch(1).expiry()).isGreaterThan(sink.calls.get(0).batch().expiry());
    }

    static Stream<Arguments> poisonCases() {
        List<Arguments> out = new ArrayList<>();
        for (int n : new int[] {1, 2, 7, 10}) {
            for (int p : new int[] {0, n / 2, n - 1}) {
                out.add(Arguments.of(n, p));
            }
        }
        return out.stream().distinct();
    }

    @ParameterizedTest(name = "{0} fills, poison at {1}")
    @MethodSource("poisonCases")
    void poisonFillIsIsolatedAndTheOthersSettle(int n, int poisonAt) {
        LocalSettlementLedger ledger = new LocalSettlementLedger(MarketRegistry.defaults());
        sink.ledger = ledger;
        long poison = 1 + poisonAt;
        sink.poison.add(poison);
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(n, TIMEOUT));
        b.submitFills(range(1, n, 1));
        scheduler.advance(TIMEOUT);

        List<SettlementBatch> failed = store.list(BatchStatus.FAILED, 100);
        assertThat(failed).hasSize(1);
        assertThat(ids(failed.get(0).fills())).containsExactly(poison);
        assertThat(failed.get(0).lastError()).contains("E_PRICE_OUT_OF_BOUNDS").contains("trade " + poison);
        assertThat(alerts).hasSize(1).first().asString().startsWith(failed.get(0).batchId() + ": ");
        for (SettlementBatch x : all()) {
            assertThat(x.status()).isIn(BatchStatus.CONFIRMED, BatchStatus.SPLIT, BatchStatus.FAILED);
            if (x.status() == BatchStatus.SPLIT) {
                assertThat(x.fills()).extracting(SettlementFill::tradeId).contains(poison);
            }
            if (x.parentId() != 0) {
                assertThat(batch(x.parentId()).status()).isEqualTo(BatchStatus.SPLIT);
                assertThat(batch(x.parentId()).fills()).containsAll(x.fills());
            }
        }
        for (long t = 1; t <= n; t++) {
            SettlementBatch owner = batch(store.batchOf(t));
            assertThat(owner.status()).isEqualTo(t == poison ? BatchStatus.FAILED : BatchStatus.CONFIRMED);
            assertThat(ledger.isSettled(t)).isEqualTo(t != poison);
        }
        int expectedSplits = 0;
        for (int size = n; size > 1; ) {
            int half = size / 2;
            size = poisonAt < half ? half : size - half;
            poisonAt = poisonAt < half ? poisonAt : poisonAt - half;
            expectedSplits++;
        }
        assertThat(store.list(BatchStatus.SPLIT, 100)).hasSize(expectedSplits);
    }

    @Test
    void transientFailuresRetryWithGrowingJitteredBackoffBoundedByTheMaximum() {
        sink.transientLeft = 12;
        SettlementConfig config = SettlementConfig.defaults().withBatching(1, 777_777).withRetry(100, 10_000);
        SettlementBatcher b = batcher(config);
        b.submitFills(range(1, 1, 1));
        scheduler.runAll(3_600_000);
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(sink.calls).hasSize(13);
        assertThat(batch(1).attempts()).isEqualTo(12);
        List<Long> delays = scheduler.scheduledDelays().stream().filter(d -> d != 777_777L).toList();
        assertThat(delays).hasSize(12);
        boolean jittered = false;
        for (int i = 0; i < delays.size(); i++) {
            long base = Math.min(10_000, 100L << i);
            assertThat(delays.get(i)).as("delay %d", i).isBetween((base + 1) / 2, base);
            jittered |= delays.get(i) != base;
            if (i > 0 && base < 10_000) {
                assertThat(delays.get(i)).isGreaterThanOrEqualTo(delays.get(i - 1));
            }
        }
        assertThat(jittered).isTrue();
        assertThat(delays.subList(7, 12)).allMatch(d -> d >= 5_000 && d <= 10_000);
        // the attempts happened at the scheduled times
        for (int i = 1; i < sink.calls.size(); i++) {
            assertThat(sink.calls.get(i).atMillis() - sink.calls.get(i - 1).atMillis()).isEqualTo(delays.get(i - 1));
        }
    }

    @Test
    void backoffNeverOverflows() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withRetry(Long.MAX_VALUE / 4, Long.MAX_VALUE / 2));
        for (int failures : new int[] {1, 2, 3, 10, 63, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(b.backoff(failures)).isBetween(1L, Long.MAX_VALUE / 2);
        }
    }

    @Test
    void operatorRetriesAFailedBatch() throws Exception {
        sink.fatalLeft = 1;
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(3, TIMEOUT));
        b.submitFills(range(1, 3, 1));
        scheduler.runUntilIdle();
        assertThat(batch(1).status()).isEqualTo(BatchStatus.FAILED);
        assertThat(batch(1).lastError()).contains("UNAUTHORIZED");
        assertThat(alerts).hasSize(1);

        scheduler.advance(60_000);
        CompletableFuture<SettlementBatch> retried = b.retry(1);
        scheduler.runUntilIdle();
        assertThat(retried.get().status()).isEqualTo(BatchStatus.PENDING);
        assertThat(retried.get().expiry()).isEqualTo(scheduler.nowMillis() / 1000 + 300);
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(batch(1).lastError()).isNull();

        CompletableFuture<SettlementBatch> again = b.retry(1);
        CompletableFuture<SettlementBatch> missing = b.retry(99);
        scheduler.runUntilIdle();
        assertThat(again).isCompletedExceptionally();
        assertThat(missing).isCompletedExceptionally();
    }

    @Test
    void deviatingFillHoldsTheBatchUntilAnOperatorReleasesIt() throws Exception {
        oracle = market -> market == 1 ? OptionalLong.of(100 * ONE) : OptionalLong.empty();
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(2, TIMEOUT));
        b.submitFills(List.of(fill(1, 1, 105 * ONE), fill(2, 1, 95 * ONE)));     // exactly at the limits
        b.submitFills(List.of(fill(3, 1, 100 * ONE), fill(4, 1, 105 * ONE + 1))); // one unit too high
        b.submitFills(List.of(fill(5, 2, 500 * ONE), fill(6, 2, 1 * ONE)));       // no reference: not checked
        scheduler.runUntilIdle();
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(batch(2).status()).isEqualTo(BatchStatus.HELD);
        assertThat(batch(2).lastError()).contains("PRICE_DEVIATION").contains("trade 4");
        assertThat(batch(3).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(alerts).containsExactly("2: " + batch(2).lastError());
        assertThat(sink.calledIds()).containsExactly(1L, 3L);

        b.retry(2);
        scheduler.runUntilIdle();
        assertThat(batch(2).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(sink.calledIds()).containsExactly(1L, 3L, 2L);
    }

    @Test
    void failingOracleDoesNotLoseTheBatch() {
        oracle = market -> {
            throw new IllegalStateException("oracle down");
        };
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(1, TIMEOUT));
        b.submitFills(range(1, 1, 1));
        scheduler.runUntilIdle();
        assertThat(batch(1).status()).isEqualTo(BatchStatus.CONFIRMED);
    }

    @Test
    void inFlightLimitQueuesBatches() {
        sink.hang = true;
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(1, TIMEOUT).withMaxInFlight(2));
        b.submitFills(range(1, 5, 1));
        scheduler.runUntilIdle();
        assertThat(sink.calledIds()).containsExactly(1L, 2L);
        sink.hang = false;
        sink.hanging.get(0).complete(SettlementOutcome.confirmed("0x1"));
        scheduler.runUntilIdle();
        assertThat(sink.calledIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(batch(2).status()).isEqualTo(BatchStatus.PENDING); // still waiting for its outcome
        assertThat(all()).filteredOn(x -> x.status() == BatchStatus.CONFIRMED).extracting(SettlementBatch::batchId)
                .containsExactly(1L, 3L, 4L, 5L);
    }

    @Test
    void resumesPendingAndSubmittedBatchesAndBatchesLeftoverFills() {
        sink.hang = true;
        sink.recordBeforeHanging = true;
        SettlementConfig config = SettlementConfig.defaults().withBatching(2, TIMEOUT).withMaxInFlight(1);
        SettlementBatcher first = batcher(config);
        first.submitFills(range(1, 5, 1)); // batches 1 {1,2} (sent, recorded) and 2 {3,4} (queued); 5 open
        scheduler.runUntilIdle();
        assertThat(batch(1).status()).isEqualTo(BatchStatus.SUBMITTED);
        assertThat(batch(1).submission()).isEqualTo(ScriptedSink.submissionFor(batch(1)));
        assertThat(batch(2).status()).isEqualTo(BatchStatus.PENDING);
        assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(5L);
        first.stop();

        ScriptedSink second = new ScriptedSink(scheduler);
        SettlementBatcher next = new SettlementBatcher(config, MarketRegistry.defaults(), store, second, scheduler,
                null, listener);
        next.start();
        next.submitFills(range(6, 1, 1)); // stored before start() runs: must not be batched twice
        scheduler.advance(TIMEOUT);
        sink.hanging.forEach(f -> f.complete(SettlementOutcome.confirmed("0xlate"))); // ignored: stopped

        assertThat(second.calls.get(0).batch().batchId()).isEqualTo(1);
        assertThat(second.calls.get(0).batch().submission()).isEqualTo(ScriptedSink.submissionFor(batch(1)));
        assertThat(second.calls.get(1).batch().batchId()).isEqualTo(2);
        assertThat(second.calls.get(1).batch().submission()).isNull();
        assertThat(ids(batch(3).fills())).containsExactly(5L, 6L);
        assertThat(all()).hasSize(3).allMatch(x -> x.status() == BatchStatus.CONFIRMED);
        assertThat(store.unbatched()).isEmpty();
        assertThat(sink.calledIds()).containsExactly(1L);
    }

    @Test
    void resumedPendingBatchTooBigForTheNewSinkIsSplit() {
        sink.hang = true;
        SettlementConfig config = SettlementConfig.defaults().withBatching(10, TIMEOUT).withMaxInFlight(1);
        SettlementBatcher first = batcher(config);
        first.submitFills(range(1, 20, 1)); // batch 1 sent (no record), batch 2 queued
        scheduler.runUntilIdle();
        first.stop();
        ScriptedSink small = new ScriptedSink(scheduler);
        small.maxFills = 4;
        SettlementBatcher next = new SettlementBatcher(config, MarketRegistry.defaults(), store, small, scheduler,
                null, listener);
        next.start();
        scheduler.runUntilIdle();
        assertThat(batch(1).status()).isEqualTo(BatchStatus.SPLIT);
        assertThat(batch(2).status()).isEqualTo(BatchStatus.SPLIT);
        assertThat(small.calls).allMatch(c -> c.batch().fills().size() <= 4);
        for (long t = 1; t <= 20; t++) {
            assertThat(batch(store.batchOf(t)).status()).isEqualTo(BatchStatus.CONFIRMED);
        }
    }

    @Test
    void batchNumbersContinueFromTheStore() {
        SettlementBatcher b = batcher(SettlementConfig.defaults().withBatching(1, TIMEOUT));
        b.submitFills(range(1, 3, 1));
        scheduler.runUntilIdle();
        b.stop();
        SettlementBatcher fresh = new SettlementBatcher(SettlementConfig.defaults().withBatching(1, TIMEOUT),
                MarketRegistry.defaults(), store, sink, scheduler, null, listener);
        fresh.submitFills(range(4, 1, 1)); // even without start()
        scheduler.runUntilIdle();
        assertThat(store.batchOf(4)).isEqualTo(4);
        assertThat(ids(batch(1).fills())).containsExactly(1L);
    }
}
