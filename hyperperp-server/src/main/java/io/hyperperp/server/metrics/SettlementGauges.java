package io.hyperperp.server.metrics;

import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementStore;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The settlement gauges of {@code /metrics}: unfinished batches by status, and the age of the oldest
 * batch still waiting for the chain. Both read the store's unfinished batches when scraped.
 */
public final class SettlementGauges {

    private final Supplier<SettlementStore> store;

    /** Gauges over the store the supplier gives at each scrape (a backend may replace it on fail-over). */
    public SettlementGauges(Supplier<SettlementStore> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Registers {@code hyperperp_settlement_batches} and {@code hyperperp_settlement_lag_seconds}. */
    public void register(Metrics metrics) {
        metrics.gauge("hyperperp_settlement_batches", "Unfinished settlement batches by status", this::batches);
        metrics.gauge("hyperperp_settlement_lag_seconds", "Age of the oldest pending or submitted batch", this::lag);
    }

    private Map<String, Double> batches() {
        Map<String, Double> out = new TreeMap<>();
        for (BatchStatus s : BatchStatus.values()) {
            if (!s.isFinal()) {
                out.put("status=\"" + s.wireName() + "\"", 0.0);
            }
        }
        for (var b : store.get().unfinished()) {
            out.merge("status=\"" + b.status().wireName() + "\"", 1.0, Double::sum);
        }
        return out;
    }

    private Map<String, Double> lag() {
        long oldest = Long.MAX_VALUE;
        for (var b : store.get().unfinished()) {
            if (b.status() == BatchStatus.PENDING || b.status() == BatchStatus.SUBMITTED) {
                oldest = Math.min(oldest, b.createdAtMs());
            }
        }
        // Wall-clock age for operators: the server edge, not the deterministic core.
        double lag = oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
        return Map.of("", lag);
    }
}
