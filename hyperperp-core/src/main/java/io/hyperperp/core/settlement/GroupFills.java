package io.hyperperp.core.settlement;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * Turns a committed group's fill events into settlement fills, in trade order, with each market's
 * spec looked up once. Called on the runtime's thread.
 */
final class GroupFills {

    private static final System.Logger LOG = System.getLogger(SettlementBatcher.class.getName());

    private final MarketRegistry markets;
    private final LongObjectHashMap<MarketSpec> specs = new LongObjectHashMap<>();

    GroupFills(MarketRegistry markets) {
        this.markets = markets;
    }

    /** The group's fills; empty when it has none. */
    List<SettlementFill> of(ProcessedGroup group) {
        List<SettlementFill> fills = List.of();
        for (var command : group.commands()) {
            for (EngineEvent event : command.events()) {
                if (event instanceof EngineEvent.Fill fill) {
                    if (fills.isEmpty()) {
                        fills = new ArrayList<>();
                    }
                    try {
                        fills.add(SettlementPrices.toSettlementFill(fill, spec(fill.marketId())));
                    } catch (RuntimeException e) {
                        // Cannot happen for markets checked at construction; never drop it quietly.
                        LOG.log(Level.ERROR, "trade " + fill.tradeId() + " cannot be settled: " + e.getMessage(), e);
                    }
                }
            }
        }
        return fills;
    }

    private MarketSpec spec(long marketId) {
        synchronized (specs) {
            MarketSpec spec = specs.get(marketId);
            if (spec == null) {
                spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
                specs.put(marketId, spec);
            }
            return spec;
        }
    }
}
