package io.hyperperp.core.engine;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.risk.LedgerImage;
import java.util.List;

/**
 * The complete state of a {@link MatchingEngine} as values: enough to rebuild it exactly, with
 * every order in its place in the queue. Snapshots serialise it ({@link EngineSnapshots}); the
 * persistence layer rebuilds it from the database.
 *
 * <p>Queue priority inside a price level is the order of {@link OrderSnapshot#prioritySequence()}:
 * the engine only ever appends to a level with a fresh, larger sequence number.
 *
 * @param counters   counters to continue from
 * @param markets    opened markets, ascending by id
 * @param openOrders resting orders, ascending by order number
 * @param positions  non-zero net positions, by user then market
 * @param conditionalOrders untriggered stop and take-profit orders, ascending by order number
 * @param ledger     accounts, collateral and deposit ids
 */
public record EngineImage(EngineCounters counters, List<MarketState> markets, List<OrderSnapshot> openOrders,
                          List<Position> positions, List<ConditionalOrderSnapshot> conditionalOrders,
                          LedgerImage ledger) {

    /** Copies the lists. */
    public EngineImage {
        markets = List.copyOf(markets);
        openOrders = List.copyOf(openOrders);
        positions = List.copyOf(positions);
        conditionalOrders = List.copyOf(conditionalOrders);
        if (ledger == null) {
            ledger = LedgerImage.EMPTY;
        }
    }

    /** An image without accounts. */
    public EngineImage(EngineCounters counters, List<MarketState> markets, List<OrderSnapshot> openOrders,
                       List<Position> positions, List<ConditionalOrderSnapshot> conditionalOrders) {
        this(counters, markets, openOrders, positions, conditionalOrders, LedgerImage.EMPTY);
    }

    /** An image without conditional orders. */
    public EngineImage(EngineCounters counters, List<MarketState> markets, List<OrderSnapshot> openOrders,
                       List<Position> positions) {
        this(counters, markets, openOrders, positions, List.of());
    }
}
