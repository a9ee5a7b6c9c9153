package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stop-loss and take-profit orders: placement, amendment, cancellation, mark prices, and firing.
 *
 * <p>After every command the books whose last or mark price moved are checked; each order that
 * fires is taken off its queue, reported, its one-cancels-other siblings are cancelled, and it is
 * placed as a normal order with its own id. Its trades may move the price again and fire more
 * orders: the loop runs until nothing fires, without recursion.
 */
public final class ConditionalOrders {

    private final EngineState state;
    private final OrderEntry entry;

    ConditionalOrders(EngineState state, OrderEntry entry) {
        this.state = state;
        this.entry = entry;
    }

    void place(PlaceConditionalOrder command) {
        OrderBook book = state.book(command.marketId());
        if (book == null) {
            state.reject(command, state.missingBookReason(command.marketId()));
            return;
        }
        RejectReason reason = validate(book, command);
        if (reason == null && command.clientOrderId() != null) {
            UserAccount existing = state.existingUser(command.userAddress());
            if (existing != null && existing.orderIdForClientId(command.clientOrderId()) != 0) {
                reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID;
            }
        }
        if (reason == null) {
            boolean onRise = command.kind().triggersOnRise(command.side());
            long reference = command.triggerBy() == io.hyperperp.core.order.TriggerReference.LAST
                    ? book.lastTradePrice : book.markPrice;
            if (ConditionalBook.fires(onRise, command.triggerPrice(), reference)) {
                reason = RejectReason.WOULD_TRIGGER_IMMEDIATELY;
            }
        }
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        ConditionalOrderSnapshot order = new ConditionalOrderSnapshot(++state.orderCounter, command.userAddress(),
                book.marketId, command.side(), command.kind(), command.orderType(), command.triggerPrice(),
                command.triggerBy(), command.price(), command.size(), command.clientOrderId(), command.reduceOnly(),
                command.stp() == null ? book.spec.defaultStp() : command.stp(), command.expiresAt(),
                command.ocoGroup(), command.timestamp(), OrderStatus.UNTRIGGERED);
        add(book, order);
        state.events.conditionalAccepted(state.nextSequence(), state.now, order);
    }

    private RejectReason validate(OrderBook book, PlaceConditionalOrder c) {
        if (c.userAddress().isEmpty()) {
            return RejectReason.INVALID_USER;
        }
        RejectReason reason = OrderRules.checkSize(book, c.size(), true);
        if (reason == null) {
            reason = checkPrices(book, c.orderType(), c.triggerPrice(), c.price(), c.size());
        }
        if (reason == null) {
            reason = OrderRules.checkClientOrderId(c.clientOrderId());
        }
        if (reason == null && c.ocoGroup() != null && OrderRules.checkClientOrderId(c.ocoGroup()) != null) {
            reason = RejectReason.INVALID_OCO_GROUP;
        }
        if (reason == null && c.expiresAt() != PlaceOrder.NO_EXPIRY && c.expiresAt() <= c.timestamp()) {
            reason = RejectReason.INVALID_EXPIRY;
        }
        return reason;
    }

    /** Trigger and limit prices; the price band is checked when the order fires, not now. */
    private static RejectReason checkPrices(OrderBook book, OrderType type, long trigger, long price, long size) {
        if (trigger <= 0 || trigger % book.spec.tickSize() != 0) {
            return RejectReason.INVALID_TRIGGER_PRICE;
        }
        if (type == OrderType.LIMIT) {
            if (price <= 0) {
                return RejectReason.INVALID_PRICE;
            }
            if (price % book.spec.tickSize() != 0) {
                return RejectReason.INVALID_TICK;
            }
        } else if (price < 0) {
            return RejectReason.INVALID_PRICE;
        }
        return OrderRules.checkNotional(book, Math.max(price, trigger), size);
    }

    private void add(OrderBook book, ConditionalOrderSnapshot order) {
        if (book.conditionals == null) {
            book.conditionals = new ConditionalBook();
        }
        book.conditionals.add(order);
        state.conditionalOrders.put(order.orderId(), order);
        UserAccount user = state.user(order.userAddress());
        if (user.conditionals == null) {
            user.conditionals = new TreeMap<>();
        }
        user.conditionals.put(order.orderId(), order);
        if (order.clientOrderId() != null) {
            user.addClientOrderId(order.clientOrderId(), order.orderId());
        }
        if (order.ocoGroup() != null) {
            if (user.ocoGroups == null) {
                user.ocoGroups = new java.util.HashMap<>();
            }
            user.ocoGroups.computeIfAbsent(order.ocoGroup(), g -> new TreeSet<>()).add(order.orderId());
        }
        if (order.expiresAt() != 0) {
            state.expiries.push(order.expiresAt(), order.orderId());
        }
    }

    private void remove(ConditionalOrderSnapshot order) {
        OrderBook book = state.existingBook(order.marketId());
        book.conditionals.remove(order);
        state.conditionalOrders.remove(order.orderId());
        UserAccount user = state.existingUser(order.userAddress());
        user.conditionals.remove(order.orderId());
        if (order.clientOrderId() != null) {
            user.removeClientOrderId(order.clientOrderId());
        }
        if (order.ocoGroup() != null) {
            TreeSet<Long> group = user.ocoGroups.get(order.ocoGroup());
            group.remove(order.orderId());
            if (group.isEmpty()) {
                user.ocoGroups.remove(order.ocoGroup());
            }
        }
    }

    /** The user's untriggered order named by number or client id, or null. */
    ConditionalOrderSnapshot find(String userAddress, long marketId, long orderId, String clientOrderId) {
        ConditionalOrderSnapshot order;
        if (orderId != CancelOrder.NO_ORDER_ID) {
            order = state.conditionalOrders.get(orderId);
        } else {
            UserAccount user = state.existingUser(userAddress);
            long id = user == null ? 0 : user.orderIdForClientId(clientOrderId);
            order = id == 0 ? null : state.conditionalOrders.get(id);
        }
        if (order == null || !order.userAddress().equals(userAddress)) {
            return null;
        }
        return marketId != CancelOrder.ANY_MARKET && order.marketId() != marketId ? null : order;
    }

    void cancel(ConditionalOrderSnapshot order, CancelReason reason) {
        remove(order);
        OrderStatus status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        state.events.conditionalCancelled(state.nextSequence(), state.now, order.withStatus(status), reason);
    }

    /** Cancels a user's untriggered orders in one market or all, oldest first. */
    void cancelAll(UserAccount user, long marketId, boolean allMarkets) {
        if (user.conditionals == null || user.conditionals.isEmpty()) {
            return;
        }
        for (ConditionalOrderSnapshot order : new ArrayList<>(user.conditionals.values())) {
            if (allMarkets || order.marketId() == marketId) {
                cancel(order, CancelReason.USER);
            }
        }
    }

    /** Cancels a liquidated user's untriggered orders in margined markets, oldest first. */
    void cancelForLiquidation(UserAccount user) {
        if (user.conditionals == null || user.conditionals.isEmpty()) {
            return;
        }
        for (ConditionalOrderSnapshot order : new ArrayList<>(user.conditionals.values())) {
            if (state.existingBook(order.marketId()).margined) {
                cancel(order, CancelReason.LIQUIDATION);
            }
        }
    }

    /** Expires an order if it is still the one the expiry entry was made for. */
    void expire(long orderId, long expiresAt) {
        ConditionalOrderSnapshot order = state.conditionalOrders.get(orderId);
        if (order != null && order.expiresAt() == expiresAt) {
            cancel(order, CancelReason.EXPIRED);
        }
    }

    /** An amend of a conditional order: by {@link AmendConditionalOrder}, or a plain {@link AmendOrder}. */
    void amend(Command command, ConditionalOrderSnapshot order, long newTrigger, long newPrice, long newSize) {
        OrderBook book = state.existingBook(order.marketId());
        long trigger = newTrigger == AmendOrder.UNCHANGED ? order.triggerPrice() : newTrigger;
        long price = newPrice == AmendOrder.UNCHANGED ? order.price() : newPrice;
        long size = newSize == AmendOrder.UNCHANGED ? order.size() : newSize;
        RejectReason reason = OrderRules.checkSize(book, size, true);
        if (reason == null) {
            reason = checkPrices(book, order.orderType(), trigger, price, size);
        }
        if (reason == null && trigger == order.triggerPrice() && price == order.price() && size == order.size()) {
            reason = RejectReason.AMEND_NO_CHANGE;
        }
        if (reason == null && ConditionalBook.fires(order.triggersOnRise(), trigger,
                ConditionalBook.reference(order, book.lastTradePrice, book.markPrice))) {
            reason = RejectReason.WOULD_TRIGGER_IMMEDIATELY;
        }
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        ConditionalOrderSnapshot amended = order.amended(trigger, price, size);
        book.conditionals.remove(order);
        book.conditionals.add(amended);
        state.conditionalOrders.put(amended.orderId(), amended);
        state.existingUser(order.userAddress()).conditionals.put(amended.orderId(), amended);
        state.events.conditionalAmended(state.nextSequence(), state.now, amended, order);
    }

    void amend(AmendConditionalOrder command) {
        ConditionalOrderSnapshot order = find(command.userAddress(), command.marketId(), command.orderId(),
                command.clientOrderId());
        if (order == null) {
            state.reject(command, RejectReason.UNKNOWN_ORDER);
            return;
        }
        amend(command, order, command.newTriggerPrice(), command.newPrice(), command.newSize());
    }

    void updateMark(UpdateMarkPrice command) {
        OrderBook book = state.book(command.marketId());
        if (book == null) {
            state.reject(command, state.missingBookReason(command.marketId()));
            return;
        }
        if (command.markPrice() <= 0) {
            state.reject(command, RejectReason.INVALID_PRICE);
            return;
        }
        book.markPrice = command.markPrice();
        book.indexPrice = command.indexPrice();
        state.events.markPriceUpdated(state.nextSequence(), state.now, book.marketId, command.markPrice());
        state.priceMoved(book);
    }

    /** Fires everything the command's price moves reached, cascades included. */
    void fireTriggered() {
        for (int i = 0; i < state.triggerCheckCount; i++) {
            OrderBook book = state.triggerChecks[i];
            book.triggerCheckPending = false;
            ConditionalOrderSnapshot next;
            while (book.conditionals != null
                    && (next = book.conditionals.nextFired(book.lastTradePrice, book.markPrice)) != null) {
                fire(book, next);
            }
            state.triggerChecks[i] = null;
        }
        state.triggerCheckCount = 0;
    }

    private void fire(OrderBook book, ConditionalOrderSnapshot order) {
        remove(order);
        long reference = ConditionalBook.reference(order, book.lastTradePrice, book.markPrice);
        state.events.conditionalTriggered(state.nextSequence(), state.now, order.withStatus(OrderStatus.TRIGGERED),
                reference);
        if (order.ocoGroup() != null) {
            UserAccount user = state.existingUser(order.userAddress());
            TreeSet<Long> group = user.ocoGroups == null ? null : user.ocoGroups.get(order.ocoGroup());
            if (group != null) {
                for (Long siblingId : new ArrayList<>(group)) {
                    cancel(state.conditionalOrders.get(siblingId), CancelReason.OCO);
                }
            }
        }
        TimeInForce tif = order.orderType() == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC;
        PlaceOrder placed = new PlaceOrder(state.now, order.userAddress(), order.marketId(), order.side(),
                order.orderType(), tif, order.price(), order.size(), order.clientOrderId(), order.reduceOnly(),
                order.stp(), order.expiresAt());
        entry.place(placed, order.orderId());
    }

    /** A user's untriggered orders, oldest first, in one market or all. */
    public static List<ConditionalOrderSnapshot> of(UserAccount user, long marketId, boolean allMarkets) {
        List<ConditionalOrderSnapshot> out = new ArrayList<>();
        if (user != null && user.conditionals != null) {
            for (Map.Entry<Long, ConditionalOrderSnapshot> e : user.conditionals.entrySet()) {
                if (allMarkets || e.getValue().marketId() == marketId) {
                    out.add(e.getValue());
                }
            }
        }
        return out;
    }

    /** Rebuilds an untriggered order from an image. */
    void restore(ConditionalOrderSnapshot order) {
        OrderBook book = state.book(order.marketId());
        if (book == null) {
            throw new IllegalStateException("image has a conditional order in unknown market " + order.marketId());
        }
        add(book, order);
    }
}
