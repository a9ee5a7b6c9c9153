package io.hyperperp.core.command;

import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;

/**
 * Places a stop-loss or take-profit order. It waits off the book until its reference price
 * crosses {@code triggerPrice}; then it enters as a normal order (limit: good-till-cancelled at
 * {@code price}; market: immediate-or-cancel with the market's slippage protection, or
 * {@code price} as the worst price) with the same order id and a new time priority.
 *
 * @param timestamp     issue time, microseconds
 * @param userAddress   owner
 * @param marketId      market
 * @param side          side of the order once triggered
 * @param kind          stop or take-profit
 * @param orderType     what it becomes: limit or market
 * @param triggerPrice  the trigger price, scaled
 * @param triggerBy     last trade price or mark price
 * @param price         limit price (limit), worst price or {@link PlaceOrder#NO_PRICE} (market)
 * @param size          size, scaled
 * @param clientOrderId client order id, or null
 * @param reduceOnly    reduce-only, checked when it triggers
 * @param stp           self-trade prevention, or null for the market default
 * @param expiresAt     good-til-time for the conditional order and the order it becomes, or 0
 * @param ocoGroup      one-cancels-other group of the user's conditional orders, or null
 */
public record PlaceConditionalOrder(
        long timestamp, String userAddress, long marketId, Side side, TriggerKind kind, OrderType orderType,
        long triggerPrice, TriggerReference triggerBy, long price, long size, String clientOrderId,
        boolean reduceOnly, StpMode stp, long expiresAt, String ocoGroup) implements Command {

    /** Checks the required fields. */
    public PlaceConditionalOrder {
        if (userAddress == null || side == null || kind == null || orderType == null || triggerBy == null) {
            throw new IllegalArgumentException(
                    "user_address, side, order_type and trigger_by are required for a conditional order");
        }
    }

    /** A stop-market order triggered by the last trade price. */
    public static PlaceConditionalOrder stopMarket(long timestamp, String user, long marketId, Side side,
                                                   long triggerPrice, long size) {
        return new PlaceConditionalOrder(timestamp, user, marketId, side, TriggerKind.STOP, OrderType.MARKET,
                triggerPrice, TriggerReference.LAST, PlaceOrder.NO_PRICE, size, null, false, null,
                PlaceOrder.NO_EXPIRY, null);
    }

    @Override
    public String op() {
        return "place";
    }
}
