package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * Places new orders: validate, accept, match, then rest or cancel the remainder.
 *
 * <p>Validation happens before anything changes, so a rejected command leaves no trace but its
 * rejection event.
 */
final class OrderEntry {

    private final EngineState state;
    private final Matcher matcher;

    OrderEntry(EngineState state, Matcher matcher) {
        this.state = state;
        this.matcher = matcher;
    }

    /**
     * Places an order the engine makes itself (a triggered conditional order, a liquidation's
     * closing order); {@code presetOrderId} is the number it keeps, or 0 for a new number.
     */
    void place(PlaceOrder command, long presetOrderId) {
        place(FlatCommand.of(command), presetOrderId);
    }

    /**
     * Places an order; {@code presetOrderId} is the number of a triggered conditional order that
     * keeps its id, or 0 for a new number.
     */
    void place(FlatCommand command, long presetOrderId) {
        state.placing = command;
        try {
            placeChecked(command, presetOrderId);
        } finally {
            state.placing = null;
        }
    }

    private void placeChecked(FlatCommand command, long presetOrderId) {
        OrderBook book = state.book(command.marketId());
        if (book == null) {
            state.reject(command, state.missingBookReason(command.marketId()));
            return;
        }
        RejectReason reason = validate(book, command);
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        UserAccount user = state.user(command);
        if (command.clientOrderId() != null && user.orderIdForClientId(command) != 0) {
            state.reject(command, RejectReason.DUPLICATE_CLIENT_ORDER_ID);
            return;
        }
        Side side = command.side();
        OrderType orderType = command.orderType();
        TimeInForce timeInForce = command.timeInForce();
        reason = SizeLimits.checkPlacement(book, user, side, command.price(), command.size(),
                orderType == OrderType.LIMIT && timeInForce.mayRest(), state.openOrders.size());
        if (reason != null) {
            state.reject(command, reason);
            return;
        }
        long size = command.size();
        if (command.reduceOnly()) {
            long allowed = EngineState.reducible(user, book, side);
            if (allowed == 0) {
                state.reject(command, RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
            size = Math.min(size, allowed);
        }
        BookSide opposite = book.side(side.opposite());
        if (timeInForce == TimeInForce.POST_ONLY && opposite.crossedBy(command.price())) {
            state.reject(command, RejectReason.POST_ONLY_WOULD_CROSS);
            return;
        }

        long price = command.price();
        PriceLevel bestOpposite = opposite.best();
        if (orderType == OrderType.MARKET && price == PlaceOrder.NO_PRICE && bestOpposite != null) {
            price = OrderRules.marketProtectionPrice(book, side, bestOpposite.price);
        }

        if (book.margined) {
            RejectReason margin = state.ledger.admits(user, book, side, price, size);
            if (margin != null) {
                state.reject(command, margin);
                return;
            }
        }

        Order order = state.orderPool.acquire();
        order.orderId = presetOrderId != 0 ? presetOrderId : ++state.orderCounter;
        order.user = user;
        order.placeIn(book, side);
        order.setOrderType(orderType);
        order.setTimeInForce(timeInForce);
        order.price = price;
        order.size = size;
        order.filled = 0;
        order.clientOrderId = command.clientOrderId();
        order.reduceOnly = command.reduceOnly();
        StpMode stp = command.stp();
        order.setStp(stp == null ? book.spec.defaultStp() : stp);
        order.expiresAt = command.expiresAt();
        order.createdAt = command.timestamp();
        order.setStatus(OrderStatus.PENDING);
        order.liquidation = state.liquidating;
        long sequence = state.nextSequence();
        order.prioritySequence = sequence;
        state.events.orderAccepted(sequence, state.now, order);

        if (orderType == OrderType.MARKET && bestOpposite == null) {
            state.cancelIncoming(order, CancelReason.NO_LIQUIDITY);
            return;
        }
        if (timeInForce == TimeInForce.FOK && matcher.fillable(order) < order.size) {
            state.cancelIncoming(order, CancelReason.FOK_UNFILLABLE);
            return;
        }
        // The opposite best was read above and nothing has changed the book since: an order that
        // does not reach it (most limit orders) rests without the matcher's call and second look.
        finishTaker(order, bestOpposite == null ? Matcher.Stop.BOOK_EXHAUSTED
                : !Matcher.crosses(side, price, bestOpposite.price) ? Matcher.Stop.PRICE_LIMIT
                : matcher.match(order));
    }

    /** After matching: report a full fill, rest the remainder or cancel it with the right reason. */
    void finishTaker(Order order, Matcher.Stop stop) {
        if (order.filled == order.size) {
            state.events.orderFilled(state.nextSequence(), state.now, order);
            state.release(order);
            return;
        }
        switch (stop) {
            case SELF_TRADE -> state.cancelIncoming(order, CancelReason.SELF_TRADE);
            case REDUCE_ONLY -> state.cancelIncoming(order, CancelReason.REDUCE_ONLY);
            default -> {
                if (order.orderType() == OrderType.MARKET) {
                    state.cancelIncoming(order, stop == Matcher.Stop.PRICE_LIMIT
                            ? CancelReason.PRICE_PROTECTION : CancelReason.NO_LIQUIDITY);
                } else if (!order.timeInForce().mayRest()) {
                    state.cancelIncoming(order, CancelReason.IOC_REMAINDER);
                } else {
                    state.rest(order);
                }
            }
        }
    }

    private RejectReason validate(OrderBook book, FlatCommand command) {
        MarketSpec spec = book.spec;
        if (command.userAddressEmpty()) {
            return RejectReason.INVALID_USER;
        }
        RejectReason reason = OrderRules.checkSize(book, command.size(), true);
        if (reason != null) {
            return reason;
        }
        if (command.orderType() == OrderType.MARKET) {
            if (command.timeInForce() != TimeInForce.IOC && command.timeInForce() != TimeInForce.FOK) {
                return RejectReason.INVALID_TIME_IN_FORCE;
            }
            if (command.price() < 0) {
                return RejectReason.INVALID_PRICE;
            }
        } else {
            reason = OrderRules.checkPrice(book, command.price());
            if (reason != null) {
                return reason;
            }
            reason = OrderRules.checkNotional(book, command.price(), command.size());
            if (reason != null) {
                return reason;
            }
        }
        if (!command.clientOrderIdWellFormed()) {
            return RejectReason.INVALID_CLIENT_ORDER_ID;
        }
        if (command.expiresAt() != PlaceOrder.NO_EXPIRY && command.expiresAt() <= command.timestamp()) {
            return RejectReason.INVALID_EXPIRY;
        }
        return null;
    }
}
