package io.hyperperp.core.reference;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerReference;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference model's stop and take-profit orders: a plain map scanned in full whenever a
 * decision is needed (slow and obviously right), written from docs/matching.md.
 */
final class ReferenceConditionals {

    private final ReferenceModel model;
    /** Untriggered orders by number. */
    final TreeMap<Long, ConditionalOrderSnapshot> byId = new TreeMap<>();

    ReferenceConditionals(ReferenceModel model) {
        this.model = model;
    }

    private static boolean fires(ConditionalOrderSnapshot o, long last, long mark) {
        long reference = o.triggerBy() == TriggerReference.LAST ? last : mark;
        return reference != 0 && (o.triggersOnRise() ? reference >= o.triggerPrice() : reference <= o.triggerPrice());
    }

    void place(PlaceConditionalOrder c) {
        RefBook book = model.bookFor(c, c.marketId());
        if (book == null) {
            return;
        }
        RejectReason reason = validate(book, c);
        if (reason == null && c.clientOrderId() != null && model.clientIdInUse(c.userAddress(), c.clientOrderId())) {
            reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        ConditionalOrderSnapshot order = new ConditionalOrderSnapshot(0, c.userAddress(), c.marketId(), c.side(),
                c.kind(), c.orderType(), c.triggerPrice(), c.triggerBy(), c.price(), c.size(), c.clientOrderId(),
                c.reduceOnly(), c.stp() == null ? book.spec.defaultStp() : c.stp(), c.expiresAt(), c.ocoGroup(),
                c.timestamp(), OrderStatus.UNTRIGGERED);
        if (reason == null && fires(order, book.lastTradePrice, book.markPrice)) {
            reason = RejectReason.WOULD_TRIGGER_IMMEDIATELY;
        }
        if (reason != null) {
            model.reject(c, reason);
            return;
        }
        long id = model.nextOrderNumber();
        order = new ConditionalOrderSnapshot(id, order.userAddress(), order.marketId(), order.side(), order.kind(),
                order.orderType(), order.triggerPrice(), order.triggerBy(), order.price(), order.size(),
                order.clientOrderId(), order.reduceOnly(), order.stp(), order.expiresAt(), order.ocoGroup(),
                order.createdAt(), order.status());
        byId.put(id, order);
        model.emit(seq -> new EngineEvent.ConditionalAccepted(seq, model.now(), byId.get(id)));
    }

    private RejectReason validate(RefBook book, PlaceConditionalOrder c) {
        MarketSpec spec = book.spec;
        if (c.userAddress().isEmpty()) {
            return RejectReason.INVALID_USER;
        }
        RejectReason reason = sizeRule(spec, c.size());
        if (reason == null) {
            reason = priceRule(book, c.orderType(), c.triggerPrice(), c.price(), c.size());
        }
        if (reason == null && c.clientOrderId() != null && !ReferenceRules.validClientId(c.clientOrderId())) {
            reason = RejectReason.INVALID_CLIENT_ORDER_ID;
        }
        if (reason == null && c.ocoGroup() != null && !ReferenceRules.validClientId(c.ocoGroup())) {
            reason = RejectReason.INVALID_OCO_GROUP;
        }
        if (reason == null && c.expiresAt() != PlaceOrder.NO_EXPIRY && c.expiresAt() <= c.timestamp()) {
            reason = RejectReason.INVALID_EXPIRY;
        }
        return reason;
    }

    private static RejectReason sizeRule(MarketSpec spec, long size) {
        if (size <= 0) {
            return RejectReason.INVALID_SIZE;
        }
        if (size % spec.lotSize() != 0) {
            return RejectReason.INVALID_LOT;
        }
        if (size < spec.minSize()) {
            return RejectReason.SIZE_TOO_SMALL;
        }
        return size > spec.maxSize() ? RejectReason.SIZE_TOO_LARGE : null;
    }

    private static RejectReason priceRule(RefBook book, OrderType type, long trigger, long price,
                                          long size) {
        long tick = book.spec.tickSize();
        if (trigger <= 0 || trigger % tick != 0) {
            return RejectReason.INVALID_TRIGGER_PRICE;
        }
        if (type == OrderType.LIMIT) {
            if (price <= 0) {
                return RejectReason.INVALID_PRICE;
            }
            if (price % tick != 0) {
                return RejectReason.INVALID_TICK;
            }
        } else if (price < 0) {
            return RejectReason.INVALID_PRICE;
        }
        BigInteger notional = BigInteger.valueOf(Math.max(price, trigger)).multiply(BigInteger.valueOf(size))
                .divide(book.sizeUnit());
        return notional.bitLength() > 63 ? RejectReason.NOTIONAL_OVERFLOW : null;
    }

    /** The user's untriggered order named by number or client id (and market), or null. */
    ConditionalOrderSnapshot find(Command c, long marketId, long orderId, String clientId) {
        ConditionalOrderSnapshot o = null;
        if (orderId != CancelOrder.NO_ORDER_ID) {
            o = byId.get(orderId);
        } else if (clientId != null) {
            for (ConditionalOrderSnapshot candidate : byId.values()) {
                if (candidate.userAddress().equals(c.userAddress()) && clientId.equals(candidate.clientOrderId())) {
                    o = candidate;
                }
            }
        }
        if (o == null || !o.userAddress().equals(c.userAddress())) {
            return null;
        }
        return marketId != CancelOrder.ANY_MARKET && o.marketId() != marketId ? null : o;
    }

    boolean clientIdInUse(String user, String clientId) {
        return byId.values().stream()
                .anyMatch(o -> o.userAddress().equals(user) && clientId.equals(o.clientOrderId()));
    }

    void cancel(ConditionalOrderSnapshot o, CancelReason reason) {
        byId.remove(o.orderId());
        OrderStatus status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        model.emit(seq -> new EngineEvent.ConditionalCancelled(seq, model.now(), o.withStatus(status), reason));
    }

    void cancelAll(String user, long marketId, boolean all) {
        for (ConditionalOrderSnapshot o : new ArrayList<>(byId.values())) {
            if (o.userAddress().equals(user) && (all || o.marketId() == marketId)) {
                cancel(o, CancelReason.USER);
            }
        }
    }

    void amend(AmendConditionalOrder c) {
        ConditionalOrderSnapshot o = find(c, c.marketId(), c.orderId(), c.clientOrderId());
        if (o == null) {
            model.reject(c, RejectReason.UNKNOWN_ORDER);
            return;
        }
        amend(c, o, c.newTriggerPrice(), c.newPrice(), c.newSize());
    }

    void amend(Command c, ConditionalOrderSnapshot o, long newTrigger, long newPrice, long newSize) {
        RefBook book = model.existingBook(o.marketId());
        long trigger = newTrigger == AmendOrder.UNCHANGED ? o.triggerPrice() : newTrigger;
        long price = newPrice == AmendOrder.UNCHANGED ? o.price() : newPrice;
        long size = newSize == AmendOrder.UNCHANGED ? o.size() : newSize;
        RejectReason reason = sizeRule(book.spec, size);
        if (reason == null) {
            reason = priceRule(book, o.orderType(), trigger, price, size);
        }
        if (reason == null && trigger == o.triggerPrice() && price == o.price() && size == o.size()) {
            reason = RejectReason.AMEND_NO_CHANGE;
        }
        ConditionalOrderSnapshot amended = o.amended(trigger, price, size);
        if (reason == null && fires(amended, book.lastTradePrice, book.markPrice)) {
            reason = RejectReason.WOULD_TRIGGER_IMMEDIATELY;
        }
        if (reason != null) {
            model.reject(c, reason);
            return;
        }
        byId.put(o.orderId(), amended);
        model.emit(seq -> new EngineEvent.ConditionalAmended(seq, model.now(), amended, o));
    }

    void updateMark(UpdateMarkPrice c) {
        // The book opens before the price is checked, as in the engine: a refused mark price still lists the market.
        RefBook book = model.bookFor(c, c.marketId());
        if (book == null) {
            return;
        }
        if (c.markPrice() <= 0) {
            model.reject(c, RejectReason.INVALID_PRICE);
            return;
        }
        book.markPrice = c.markPrice();
        model.emit(seq -> new EngineEvent.MarkPriceUpdated(seq, model.now(), c.marketId(), c.markPrice()));
        model.priceMoved(c.marketId());
    }

    /** The untriggered order with the earliest (expires_at, number) before {@code now}, or null. */
    ConditionalOrderSnapshot firstExpired(long now) {
        return byId.values().stream().filter(o -> o.expiresAt() != 0 && o.expiresAt() < now)
                .min(Comparator.comparingLong(ConditionalOrderSnapshot::expiresAt)
                        .thenComparingLong(ConditionalOrderSnapshot::orderId))
                .orElse(null);
    }

    /** Fires, one at a time, what the moved markets' prices reach, until nothing fires. */
    void fire(List<Long> movedMarkets) {
        for (int i = 0; i < movedMarkets.size(); i++) {
            long market = movedMarkets.get(i);
            ConditionalOrderSnapshot next;
            while ((next = nextFired(market)) != null) {
                fireOne(next);
            }
        }
    }

    private ConditionalOrderSnapshot nextFired(long market) {
        RefBook book = model.existingBook(market);
        // Queues in a fixed order: last-rise, last-fall, mark-rise, mark-fall; nearest trigger first.
        for (TriggerReference reference : TriggerReference.values()) {
            for (boolean rise : new boolean[] {true, false}) {
                long price = reference == TriggerReference.LAST ? book.lastTradePrice : book.markPrice;
                Comparator<ConditionalOrderSnapshot> order = rise
                        ? Comparator.comparingLong(ConditionalOrderSnapshot::triggerPrice)
                        : Comparator.comparingLong((ConditionalOrderSnapshot o) -> -o.triggerPrice());
                Optional<ConditionalOrderSnapshot> head = byId.values().stream()
                        .filter(o -> o.marketId() == market && o.triggerBy() == reference && o.triggersOnRise() == rise)
                        .min(order.thenComparingLong(ConditionalOrderSnapshot::orderId));
                if (head.isPresent() && fires(head.get(), reference == TriggerReference.LAST ? price : 0,
                        reference == TriggerReference.MARK ? price : 0)) {
                    return head.get();
                }
            }
        }
        return null;
    }

    private void fireOne(ConditionalOrderSnapshot o) {
        byId.remove(o.orderId());
        RefBook book = model.existingBook(o.marketId());
        long reference = o.triggerBy() == TriggerReference.LAST ? book.lastTradePrice : book.markPrice;
        model.emit(seq -> new EngineEvent.ConditionalTriggered(seq, model.now(), o.withStatus(OrderStatus.TRIGGERED),
                reference));
        if (o.ocoGroup() != null) {
            for (ConditionalOrderSnapshot sibling : new ArrayList<>(byId.values())) {
                if (sibling.userAddress().equals(o.userAddress()) && o.ocoGroup().equals(sibling.ocoGroup())) {
                    cancel(sibling, CancelReason.OCO);
                }
            }
        }
        TimeInForce tif = o.orderType() == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC;
        model.placeWithId(new PlaceOrder(model.now(), o.userAddress(), o.marketId(), o.side(), o.orderType(), tif,
                o.price(), o.size(), o.clientOrderId(), o.reduceOnly(), o.stp(), o.expiresAt()), o.orderId());
    }

    /** A user's untriggered orders, oldest first. */
    List<ConditionalOrderSnapshot> of(String user) {
        return byId.values().stream().filter(o -> o.userAddress().equals(user)).toList();
    }
}
