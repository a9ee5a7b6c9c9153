package io.hyperperp.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of batcher + in-memory store + local ledger on an inline scheduler. Disabled unless
 * {@code -Dhyperperp.bench=true}:
 * {@code mvn -q -pl hyperperp-core test -Dtest=SettlementThroughput -Dhyperperp.bench=true}. Its name does
 * not end in "Test", so ordinary builds do not even load it. Prints fills/s and ns per fill for 5M
 * fills after warm-up.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "hyperperp.bench", matches = "true")
class SettlementThroughput {

    static final int GROUP = 20;

    /** Runs tasks at once on the calling thread; timers are never needed (batches seal by size). */
    static final class InlineScheduler implements SettlementScheduler {
        long now = 1_700_000_000_000L;

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            // the benchmark seals by size and flushes at the end
        }
    }

    static List<List<SettlementFill>> groups(long firstTrade, int fills) {
        String[] users = new String[64];
        for (int i = 0; i < users.length; i++) {
            users[i] = String.format("0x%064x", i + 1);
        }
        List<List<SettlementFill>> out = new ArrayList<>(fills / GROUP + 1);
        List<SettlementFill> group = new ArrayList<>(GROUP);
        long x = 12345;
        for (int i = 0; i < fills; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            int r = (int) (x >>> 33);
            group.add(new SettlementFill(firstTrade + i, users[r & 63], users[(r >>> 6) & 63], 1 + (r >>> 12) % 4,
                    10_000L * (1 + (r >>> 14) % 100), 1_000_000L * (60_000 + (r >>> 8) % 1_000), 5,
                    1_700_000_000L + i / 100_000, (r & 1) == 0 ? Side.BUY : Side.SELL));
            if (group.size() == GROUP) {
                out.add(group);
                group = new ArrayList<>(GROUP);
            }
        }
        if (!group.isEmpty()) {
            out.add(group);
        }
        return out;
    }

    static long run(List<List<SettlementFill>> groups, int fills) {
        InlineScheduler scheduler = new InlineScheduler();
        InMemorySettlementStore store = new InMemorySettlementStore();
        LocalSettlementLedger ledger = new LocalSettlementLedger(MarketRegistry.defaults());
        SettlementBatcher batcher = new SettlementBatcher(SettlementConfig.defaults(), MarketRegistry.defaults(),
                store, ledger, scheduler, null, null);
        batcher.start();
        long start = System.nanoTime();
        for (List<SettlementFill> g : groups) {
            batcher.submitFills(g);
        }
        batcher.flush();
        long elapsed = System.nanoTime() - start;
        assertThat(ledger.settledTradeCount()).isEqualTo(fills);
        assertThat(store.list(BatchStatus.CONFIRMED, Integer.MAX_VALUE)).hasSize((int) store.lastBatchId());
        return elapsed;
    }

    @Test
    void settlesFiveMillionFills() {
        int warm = 1_000_000;
        for (int i = 0; i < 3; i++) {
            run(groups(1, warm), warm);
        }
        int fills = 5_000_000;
        List<List<SettlementFill>> input = groups(1, fills);
        System.gc();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long ns = run(input, fills);
            best = Math.min(best, ns);
            System.out.printf("settlement throughput: %,d fills in %,d ms = %,.0f fills/s, %.0f ns/fill%n",
                    fills, ns / 1_000_000, fills * 1e9 / ns, (double) ns / fills);
        }
        System.out.printf("settlement throughput (best of 3): %,.0f fills/s, %.0f ns/fill%n",
                fills * 1e9 / best, (double) best / fills);
    }
}
