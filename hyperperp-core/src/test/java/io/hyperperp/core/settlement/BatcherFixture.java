package io.hyperperp.core.settlement;

import io.hyperperp.core.market.MarketRegistry;
import java.util.ArrayList;
import java.util.List;

/** What the settlement batcher tests share: a manual scheduler, an in-memory store, a scripted sink, the listener's record. */
abstract class BatcherFixture {

    static final long TIMEOUT = 5_000;

    final ManualScheduler scheduler = new ManualScheduler();
    final InMemorySettlementStore store = new InMemorySettlementStore();
    final ScriptedSink sink = new ScriptedSink(scheduler);
    final List<String> alerts = new ArrayList<>();
    final List<SettlementBatch> changes = new ArrayList<>();
    final SettlementListener listener = new SettlementListener() {
        @Override
        public void batchChanged(SettlementBatch batch) {
            changes.add(batch);
        }

        @Override
        public void alert(SettlementBatch batch, String message) {
            alerts.add(batch.batchId() + ": " + message);
        }
    };
    PriceOracle oracle;

    SettlementBatcher batcher(SettlementConfig config) {
        SettlementBatcher b = new SettlementBatcher(config, MarketRegistry.defaults(), store, sink, scheduler, oracle,
                listener);
        b.start();
        scheduler.runUntilIdle();
        return b;
    }

    SettlementBatcher batcher() {
        return batcher(SettlementConfig.defaults());
    }

    SettlementBatch batch(long id) {
        return store.find(id).orElseThrow();
    }

    List<SettlementBatch> all() {
        List<SettlementBatch> out = new ArrayList<>(store.list(null, Integer.MAX_VALUE));
        out.sort((a, b) -> Long.compare(a.batchId(), b.batchId()));
        return out;
    }

}
