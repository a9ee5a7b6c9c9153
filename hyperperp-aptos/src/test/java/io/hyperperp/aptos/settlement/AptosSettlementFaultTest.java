package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.aptos.sim.SimFaults;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.InMemorySettlementStore;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Thousands of fills through batcher + in-memory store + Aptos sink + simulator while the
 * simulator injects latency, 5xx, 429, 507, lost responses after acceptance, fake "sequence number
 * too old" answers, dropped transactions, E_BATCH_EXPIRED aborts and poison fills. Every fill must
 * be applied on chain exactly once (poison fills never) without any operator action, also across a
 * restart of batcher and sink over the same store.
 */
class AptosSettlementFaultTest {

    /** One batcher + sink generation over a shared store. */
    static final class Generation implements AutoCloseable {
        final ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
        final AptosSettlementSink sink;
        final SettlementBatcher batcher;
        final List<String> alerts = new CopyOnWriteArrayList<>();

        Generation(SinkFixture f, InMemorySettlementStore store, int batchSize) {
            sink = f.sink();
            SettlementConfig config = SettlementConfig.defaults().withBatching(batchSize, 20).withRetry(10, 200)
                    .withMaxInFlight(8).withJitterSeed(7);
            batcher = new SettlementBatcher(config, MarketRegistry.defaults(), store, sink, scheduler, null,
                    new SettlementListener() {
                        @Override
                        public void alert(SettlementBatch batch, String message) {
                            alerts.add(batch.batchId() + ": " + message);
                        }
                    });
            batcher.start();
        }

        @Override
        public void close() {
            batcher.stop();
            sink.close();
            scheduler.close();
        }
    }

    /** Injects a random fault every few milliseconds until stopped. */
    static final class Injector implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Injector(SimFaults faults, long seed) {
            this(faults, seed, true);
        }

        Injector(SimFaults faults, long seed, boolean varyCommitLatency) {
            SplittableRandom rnd = new SplittableRandom(seed);
            thread = new Thread(() -> {
                while (running.get()) {
                    switch (rnd.nextInt(10)) {
                        case 0 -> faults.serverErrorNext(1, new int[] {500, 502, 503}[rnd.nextInt(3)]);
                        case 1 -> faults.rateLimitNext(1, 0);
                        case 2 -> faults.mempoolFullNext(1);
                        case 3 -> faults.loseResponseNext(1, rnd.nextBoolean() ? SimFaults.LostMode.HTTP_500
                                : SimFaults.LostMode.CLOSE_CONNECTION);
                        case 4 -> faults.sequenceTooOldNext(1);
                        case 5 -> faults.dropNext(1);
                        case 6 -> faults.forceAbortNext(1, 13); // E_BATCH_EXPIRED: sealed again
                        case 7 -> faults.latency(Duration.ofMillis(rnd.nextInt(3)));
                        case 8 -> {
                            if (varyCommitLatency) {
                                faults.commitLatency(Duration.ofMillis(rnd.nextInt(25)));
                            }
                        }
                        default -> {
                        }
                    }
                    try {
                        Thread.sleep(4);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fault-injector");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    static SettlementFill fill(long tradeId) {
        return new SettlementFill(tradeId, SinkFixture.user((int) (tradeId % 16)), SinkFixture.user(16 + (int) (tradeId % 7)),
                1 + tradeId % 3, tradeId, 5_000_000_000L + tradeId % 100, 5, 1_700_000_000L,
                tradeId % 2 == 0 ? Side.BUY : Side.SELL);
    }

    static void feed(SettlementBatcher batcher, long from, long to) throws InterruptedException {
        List<SettlementFill> group = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            group.add(fill(t));
            if (group.size() == 25 || t == to) {
                batcher.submitFills(group);
                group = new ArrayList<>();
                Thread.sleep(1);
            }
        }
    }

    /** Waits until every trade sits in a confirmed or failed batch and nothing is unfinished but failures. */
    static void awaitSettled(InMemorySettlementStore store, long lastTrade) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean done = store.unbatched().isEmpty()
                    && store.unfinished().stream().allMatch(b -> b.status() == BatchStatus.FAILED);
            if (done) {
                boolean all = true;
                for (long t = 1; t <= lastTrade && all; t++) {
                    all = store.batchOf(t) != 0;
                }
                if (all) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not settled in time; unfinished: " + store.unfinished().size()
                + ", unbatched: " + store.unbatched().size());
    }

    static void assertExactlyOnce(SinkFixture f, InMemorySettlementStore store, long lastTrade, Set<Long> poison) {
        Map<Long, Integer> applied = f.appliedCounts();
        List<Long> twice = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long t = 1; t <= lastTrade; t++) {
            int n = applied.getOrDefault(t, 0);
            if (n > 1) {
                twice.add(t);
            }
            if (n == 0 && !poison.contains(t)) {
                missing.add(t);
            }
            SettlementBatch b = store.find(store.batchOf(t)).orElseThrow();
            if (poison.contains(t)) {
                assertThat(n).as("poison trade %d applied", t).isZero();
                assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
                assertThat(b.fills()).hasSize(1);
                assertThat(b.lastError()).contains("E_PRICE_OUT_OF_BOUNDS");
            } else {
                assertThat(b.status()).as("batch of trade %d: %s", t, b).isEqualTo(BatchStatus.CONFIRMED);
            }
        }
        assertThat(twice).as("fills applied twice").isEmpty();
        assertThat(missing).as("fills never applied").isEmpty();
        assertThat(applied.keySet()).allSatisfy(k -> assertThat(k).isBetween(1L, lastTrade));
    }

    @Test
    void thousandsOfFillsUnderInjectedFaultsSettleExactlyOnce() throws Exception {
        long lastTrade = 4_000;
        Set<Long> poison = Set.of(17L, 1_234L, 3_999L);
        NodeSimulator sim = NodeSimulator.builder().frozenClock(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            poison.forEach(f.sim.faults()::poisonSize);
            InMemorySettlementStore store = new InMemorySettlementStore();
            try (Generation g = new Generation(f, store, 40); Injector injector = new Injector(f.sim.faults(), 42)) {
                feed(g.batcher, 1, lastTrade);
                Thread.sleep(1_500);
                injector.close();
                clearTransientFaults(f);
                awaitSettled(store, lastTrade);
                // The last poison batch's alert is raised just after its fills are marked settled: wait for it.
                long alertsBy = System.nanoTime() + 10_000_000_000L;
                while (g.alerts.size() < poison.size() && System.nanoTime() < alertsBy) {
                    Thread.sleep(10);
                }
                assertThat(g.alerts).hasSize(poison.size());
                AptosSettlementSink.Stats stats = g.sink.stats();
                assertThat(stats.resends()).isPositive();
                assertThat(stats.maxInFlight()).isGreaterThan(1);
            }
            assertExactlyOnce(f, store, lastTrade, poison);
        }
    }

    @Test
    void aRestartInTheMiddleResumesSubmissionsByHash() throws Exception {
        long lastTrade = 3_000;
        Set<Long> poison = Set.of(77L, 2_500L);
        NodeSimulator sim = NodeSimulator.builder().frozenClock(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            poison.forEach(f.sim.faults()::poisonSize);
            InMemorySettlementStore store = new InMemorySettlementStore();
            Set<Long> resumedBatches = new HashSet<>();
            try (Injector injector = new Injector(f.sim.faults(), 9, false)) {
                Generation first = new Generation(f, store, 30);
                f.sim.faults().commitLatency(Duration.ofMillis(60));
                feed(first.batcher, 1, 1_500);
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (first.sink.stats().transactions() < 12 && System.nanoTime() < until) {
                    Thread.sleep(2);
                }
                first.close(); // "crash": transactions recorded and in flight, open batches unsealed
                store.unfinished().stream().filter(b -> b.submission() != null)
                        .forEach(b -> resumedBatches.add(b.batchId()));
                try (Generation second = new Generation(f, store, 30)) {
                    feed(second.batcher, 1_501, lastTrade);
                    Thread.sleep(1_000);
                    injector.close();
                    clearTransientFaults(f);
                    awaitSettled(store, lastTrade);
                }
            }
            assertThat(resumedBatches).as("batches with a transaction in flight at the restart").isNotEmpty();
            assertExactlyOnce(f, store, lastTrade, poison);
        }
    }

    @Test
    void perFillLayoutUnderFaultsSettlesEachFillOnce() throws Exception {
        long lastTrade = 600;
        Set<Long> poison = Set.of(300L);
        NodeSimulator sim = NodeSimulator.builder().frozenClock(false).batchFunctionDeployed(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.PER_FILL)) {
            poison.forEach(f.sim.faults()::poisonSize);
            InMemorySettlementStore store = new InMemorySettlementStore();
            try (Generation g = new Generation(f, store, 10); Injector injector = new Injector(f.sim.faults(), 5)) {
                feed(g.batcher, 1, lastTrade);
                Thread.sleep(500);
                injector.close();
                clearTransientFaults(f);
                awaitSettled(store, lastTrade);
                assertThat(g.sink.stats().transactions()).isGreaterThanOrEqualTo(lastTrade);
            }
            assertExactlyOnce(f, store, lastTrade, poison);
        }
    }

    /** Stops the injected faults but keeps the poison fills. */
    private static void clearTransientFaults(SinkFixture f) {
        SimFaults faults = f.sim.faults();
        faults.latency(Duration.ZERO).commitLatency(Duration.ZERO).serverErrorNext(0, 503).rateLimitNext(0, 0)
                .mempoolFullNext(0).loseResponseNext(0, SimFaults.LostMode.HTTP_500).sequenceTooOldNext(0)
                .dropNext(0).forceAbortNext(0, 13);
    }
}
