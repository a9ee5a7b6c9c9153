package io.hyperperp.core.engine.internal;

import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;

/**
 * Keeps every net position and every price level's total inside 64 bits, decided when an order
 * is placed or amended, before anything changes.
 *
 * <p>A position can only move towards its user's open orders: a buy fill raises the position by
 * exactly what it takes off the user's open buy size. So if, for every user and market,
 * {@code position + open buys} and {@code open sells - position} never exceed {@link Long#MAX_VALUE}
 * when an order is placed, no fill can ever overflow a position, whoever trades and in whatever
 * order. Likewise a level's total only grows when an order joins it.
 */
final class SizeLimits {

    private SizeLimits() {
    }

    /**
     * Checks a new order of {@code size} on {@code side} at {@code price}; {@code mayRest} says
     * whether its remainder may join a level.
     */
    static RejectReason checkPlacement(OrderBook book, UserAccount user, Side side, long price, long size,
                                       boolean mayRest, int openOrders) {
        if (!exposureFits(book, user, side, size, null)) {
            return RejectReason.POSITION_TOO_LARGE;
        }
        if (mayRest && !levelFits(book, side, price, size, null, openOrders)) {
            return RejectReason.LEVEL_TOO_LARGE;
        }
        return null;
    }

    /**
     * Checks a resting order amended to {@code newOpen} at {@code newPrice}; {@code openOrders} is
     * the number of open orders in the engine.
     */
    static RejectReason checkAmend(Order order, long newPrice, long newOpen, int openOrders) {
        // An amend that does not grow the order cannot grow the exposure, which fitted before.
        if (newOpen > order.size - order.filled && !exposureFits(order.book, order.user, order.side(), newOpen, order)) {
            return RejectReason.POSITION_TOO_LARGE;
        }
        if (!levelFits(order.book, order.side(), newPrice, newOpen, order, openOrders)) {
            return RejectReason.LEVEL_TOO_LARGE;
        }
        return null;
    }

    /**
     * True if the position, moved by all of the user's open orders on {@code side} in this market
     * ({@code excluded} left out) and by {@code added}, stays within ±{@link Long#MAX_VALUE}.
     */
    private static boolean exposureFits(OrderBook book, UserAccount user, Side side, long added, Order excluded) {
        // The common case, decided from the user alone: no position of theirs is past half the range.
        if (added <= book.maxSize && user.openOrderCount < book.ordersBelowExposureOverflow
                && user.largePositions == 0) {
            return true;
        }
        long position = user.position(book);
        // Positions never reach Long.MIN_VALUE (this check keeps them within ±MAX), so negating is safe.
        long towardsSide = side == Side.BUY ? position : -position;
        long headroom = Long.MAX_VALUE - Math.abs(position);
        if (added <= headroom) {
            headroom -= added;
            // Each open order in this market is at most max_size, so a short count needs no walk.
            if (user.openOrderCount <= headroom / book.spec.maxSize()) {
                return true;
            }
        }
        // Exact sum in 128 bits (high, low): the open sizes alone may pass 2^63 when the position
        // points the other way.
        long high = towardsSide >> 63;
        long low = towardsSide;
        long sum = low + added;
        high += Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;
        for (Order order = user.firstOrder; order != null; order = order.userNext) {
            if (order != excluded && order.book == book && order.side() == side) {
                sum = low + (order.size - order.filled);
                high += Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
                low = sum;
            }
        }
        return high < 0 || (high == 0 && low >= 0);
    }

    /** True if the level at {@code price} ({@code excluded}'s own size left out) can take {@code added} more. */
    private static boolean levelFits(OrderBook book, Side side, long price, long added, Order excluded,
                                     int openOrders) {
        if (added <= book.maxSize && openOrders < book.ordersBelowLevelOverflow) {
            // Few enough orders in the whole engine that no level can be near the limit.
            return true;
        }
        PriceLevel level = book.side(side).at(price);
        if (level == null) {
            return true;
        }
        long total = level.totalSize;
        if (excluded != null && excluded.level == level) {
            total -= excluded.size - excluded.filled;
        }
        return added <= Long.MAX_VALUE - total;
    }
}
