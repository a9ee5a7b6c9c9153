package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.InMemorySettlementStore;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementConfig;
import io.hyperperp.core.settlement.SettlementFill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Settlement throughput through batcher + in-memory store + Aptos sink (layout {@code batch}) +
 * simulator with 50 ms between acceptance and commit. Disabled unless {@code -Dhyperperp.bench=true}:
 * {@code mvn -q -pl hyperperp-aptos test -Dtest=AptosSettlementThroughput -Dhyperperp.bench=true}.
 * Its name does not end in "Test", so ordinary builds do not load it. Prints fills/s, fills per
 * transaction and the in-flight depth.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "hyperperp.bench", matches = "true")
class AptosSettlementThroughput {

    static final long COMMIT_LATENCY_MS = 50;

    @Test
    void batchLayoutWithFiftyMillisecondCommits() throws Exception {
        int fills = Integer.getInteger("hyperperp.bench.fills", 300_000);
        NodeSimulator sim = NodeSimulator.builder().frozenClock(false).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH)) {
            f.sim.faults().commitLatency(Duration.ofMillis(COMMIT_LATENCY_MS));
            run(f, 30_000, 1, "warm-up");
            double rate = run(f, fills, 1_000_000, "measured");
            assertThat(rate).isPositive();
        }
    }

    static double run(SinkFixture f, int n, long firstTrade, String label) throws Exception {
        InMemorySettlementStore store = new InMemorySettlementStore();
        try (ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
             AptosSettlementSink sink = f.sink()) {
            int perTx = sink.maxFillsPerBatch();
            SettlementConfig config = SettlementConfig.defaults().withBatching(perTx, 100).withMaxInFlight(8);
            SettlementBatcher batcher = new SettlementBatcher(config, MarketRegistry.defaults(), store, sink,
                    scheduler, null, null);
            batcher.start();
            List<List<SettlementFill>> groups = new ArrayList<>();
            List<SettlementFill> g = new ArrayList<>();
            for (long t = firstTrade; t < firstTrade + n; t++) {
                g.add(new SettlementFill(t, SinkFixture.user((int) (t % 64)), SinkFixture.user(64 + (int) (t % 61)), 1,
                        1 + t % 1_000, 5_000_000_000L + t % 1_000, 5, 1_700_000_000L,
                        t % 2 == 0 ? io.hyperperp.core.order.Side.BUY : io.hyperperp.core.order.Side.SELL));
                if (g.size() == 100) {
                    groups.add(g);
                    g = new ArrayList<>();
                }
            }
            if (!g.isEmpty()) {
                groups.add(g);
            }
            long start = System.nanoTime();
            for (List<SettlementFill> group : groups) {
                batcher.submitFills(group);
            }
            batcher.flush();
            while (!(store.unbatched().isEmpty() && store.unfinished().isEmpty())) {
                Thread.sleep(5);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            batcher.stop();
            AptosSettlementSink.Stats s = sink.stats();
            double rate = n / secs;
            System.out.printf(Locale.ROOT, "%s: %d fills in %.2f s = %,.0f fills/s; %d transactions, %.1f fills per "
                    + "transaction (max %d); in flight mean %.1f, max %d; commit latency %d ms; resends %d%n",
                    label, n, secs, rate, s.committed(), (double) s.confirmedFills() / Math.max(1, s.committed()),
                    perTx, s.meanInFlight(), s.maxInFlight(), COMMIT_LATENCY_MS, s.resends());
            return rate;
        }
    }
}
