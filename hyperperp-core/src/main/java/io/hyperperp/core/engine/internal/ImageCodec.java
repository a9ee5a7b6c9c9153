package io.hyperperp.core.engine.internal;

import io.hyperperp.core.engine.EngineCounters;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MarketState;
import io.hyperperp.core.engine.Position;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Captures engine state as an {@link EngineImage} and rebuilds state from one. */
public final class ImageCodec {

    private ImageCodec() {
    }

    /** Captures the whole state, in a canonical order. */
    public static EngineImage capture(EngineState state) {
        List<MarketState> markets = new ArrayList<>();
        List<OrderSnapshot> orders = new ArrayList<>();
        state.books().forEachValue(book -> {
            markets.add(new MarketState(book.spec, book.lastTradePrice, book.lastSequence, book.markPrice));
            collect(book.bids, orders);
            collect(book.asks, orders);
        });
        markets.sort(Comparator.comparingLong(m -> m.spec().marketId()));
        orders.sort(Comparator.comparingLong(OrderSnapshot::orderId));
        List<Position> positions = new ArrayList<>();
        state.forEachUser(user -> user.forEachPosition(
                (market, size) -> positions.add(new Position(user.address, market, size))));
        positions.sort(Comparator.comparing(Position::userAddress).thenComparingLong(Position::marketId));
        EngineCounters counters = new EngineCounters(state.sequence, state.orderCounter, state.tradeCounter,
                state.lastTimestamp);
        List<ConditionalOrderSnapshot> conditionals = new ArrayList<>();
        state.conditionalOrders.forEachValue(conditionals::add);
        conditionals.sort(Comparator.comparingLong(ConditionalOrderSnapshot::orderId));
        return new EngineImage(counters, markets, orders, positions, conditionals, LedgerCodec.capture(state));
    }

    private static void collect(BookSide side, List<OrderSnapshot> out) {
        for (int slot = 0; slot < side.slotCount(); slot++) {
            for (Order o = side.slot(slot).head(); o != null; o = o.next()) {
                out.add(OrderSnapshot.of(o));
            }
        }
    }

    /** Loads an image into empty state, restoring queue priority, user lists and expiries. */
    public static void restore(EngineState state, ConditionalOrders conditionals, EngineImage image) {
        if (!state.books().isEmpty() || state.userCount() != 0) {
            throw new IllegalStateException("restore needs an empty engine");
        }
        EngineCounters c = image.counters();
        state.sequence = c.sequence();
        state.orderCounter = c.orderCounter();
        state.tradeCounter = c.tradeCounter();
        state.lastTimestamp = c.lastTimestamp();
        for (MarketState market : image.markets()) {
            OrderBook book = state.marketBooks.open(market.spec());
            book.lastTradePrice = market.lastTradePrice();
            book.lastSequence = market.lastSequence();
            book.markPrice = market.markPrice();
        }
        for (Position p : image.positions()) {
            OrderBook book = state.existingBook(p.marketId());
            // a margined market's positions are the ledger's entries, which its restore books below
            if (p.size() != 0 && (book == null || !book.margined)) {
                UserAccount user = state.user(p.userAddress());
                user.setPosition(p.marketId(), user.positions.get(p.marketId()), p.size());
            }
        }
        List<OrderSnapshot> byPriority = new ArrayList<>(image.openOrders());
        byPriority.sort(Comparator.comparingLong(OrderSnapshot::prioritySequence));
        List<Order> restored = new ArrayList<>(byPriority.size());
        for (OrderSnapshot s : byPriority) {
            OrderBook book = state.book(s.marketId());
            if (book == null) {
                throw new IllegalStateException("image has an order in unknown market " + s.marketId());
            }
            Order order = state.orderPool.acquire();
            order.orderId = s.orderId();
            order.user = state.user(s.userAddress());
            order.placeIn(book, s.side());
            order.setOrderType(s.orderType());
            order.setTimeInForce(s.timeInForce());
            order.price = s.price();
            order.size = s.size();
            order.filled = s.filledSize();
            order.clientOrderId = s.clientOrderId();
            order.reduceOnly = s.reduceOnly();
            order.setStp(s.stp());
            order.expiresAt = s.expiresAt();
            order.prioritySequence = s.prioritySequence();
            order.createdAt = s.createdAt();
            order.setStatus(s.status());
            order.bookSide.getOrCreate(order.price).append(order);
            restored.add(order);
        }
        // A user's open orders are listed oldest first, i.e. by order number.
        restored.sort(Comparator.comparingLong(o -> o.orderId));
        for (Order order : restored) {
            order.indexed = true;
            state.openOrders.add(order);
            order.user.link(order, null);
            if (order.reduceOnly) {
                state.reduceOnlyOrders++;
            }
            if (order.user.openOrderCount == MarginMath.MAX_WALKED_ORDERS + 1) {
                state.ledger.exactKeptUsers++; // the totals themselves are recomputed by the ledger's restore
            }
            if (order.expiresAt != 0) {
                state.expiries.push(order.expiresAt, order.orderId);
            }
        }
        for (ConditionalOrderSnapshot conditional : image.conditionalOrders()) {
            conditionals.restore(conditional);
        }
        LedgerCodec.restore(state, image.ledger(), restored);
    }
}
