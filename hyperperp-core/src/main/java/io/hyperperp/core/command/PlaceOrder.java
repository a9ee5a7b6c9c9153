package io.hyperperp.core.command;

import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * Places a new order. Prices and sizes are scaled by the market's decimals.
 *
 * @param timestamp     issue time, microseconds
 * @param userAddress   the owner
 * @param marketId      market id
 * @param side          buy or sell
 * @param orderType     limit or market
 * @param timeInForce   gtc, ioc, fok or post_only (a market order must be ioc or fok)
 * @param price         limit price; for a market order the worst acceptable price, or {@link #NO_PRICE}
 * @param size          order size
 * @param clientOrderId the user's own id for the order, or {@code null}
 * @param reduceOnly    whether the order may only reduce the user's position
 * @param stp           self-trade prevention, or {@code null} for the market's default
 * @param expiresAt     good-til-time in microseconds, or {@link #NO_EXPIRY}
 */
public record PlaceOrder(
        long timestamp,
        String userAddress,
        long marketId,
        Side side,
        OrderType orderType,
        TimeInForce timeInForce,
        long price,
        long size,
        String clientOrderId,
        boolean reduceOnly,
        StpMode stp,
        long expiresAt) implements Command {

    /** Marks a market order without an explicit worst price. */
    public static final long NO_PRICE = 0;
    /** Marks an order without good-til-time. */
    public static final long NO_EXPIRY = 0;

    /** Checks the fields that make the record meaningless when missing. */
    public PlaceOrder {
        if (userAddress == null || side == null || orderType == null || timeInForce == null) {
            throw new IllegalArgumentException("user_address, side, order_type and time_in_force are required");
        }
    }

    /** A good-til-cancelled limit order with the market's defaults for everything else. */
    public static PlaceOrder limit(long timestamp, String user, long marketId, Side side, long price, long size) {
        return new PlaceOrder(timestamp, user, marketId, side, OrderType.LIMIT, TimeInForce.GTC, price, size,
                null, false, null, NO_EXPIRY);
    }

    /** A market order protected by the market's maximum slippage. */
    public static PlaceOrder market(long timestamp, String user, long marketId, Side side, long size) {
        return new PlaceOrder(timestamp, user, marketId, side, OrderType.MARKET, TimeInForce.IOC, NO_PRICE, size,
                null, false, null, NO_EXPIRY);
    }

    /** A copy with another time in force. */
    public PlaceOrder withTimeInForce(TimeInForce tif) {
        return new PlaceOrder(timestamp, userAddress, marketId, side, orderType, tif, price, size, clientOrderId,
                reduceOnly, stp, expiresAt);
    }

    /** A copy with a client order id. */
    public PlaceOrder withClientOrderId(String id) {
        return new PlaceOrder(timestamp, userAddress, marketId, side, orderType, timeInForce, price, size, id,
                reduceOnly, stp, expiresAt);
    }

    /** A copy with reduce-only set. */
    public PlaceOrder withReduceOnly(boolean value) {
        return new PlaceOrder(timestamp, userAddress, marketId, side, orderType, timeInForce, price, size,
                clientOrderId, value, stp, expiresAt);
    }

    /** A copy with a self-trade prevention mode. */
    public PlaceOrder withStp(StpMode mode) {
        return new PlaceOrder(timestamp, userAddress, marketId, side, orderType, timeInForce, price, size,
                clientOrderId, reduceOnly, mode, expiresAt);
    }

    /** A copy with a good-til-time. */
    public PlaceOrder withExpiresAt(long micros) {
        return new PlaceOrder(timestamp, userAddress, marketId, side, orderType, timeInForce, price, size,
                clientOrderId, reduceOnly, stp, micros);
    }

    @Override
    public String op() {
        return "place";
    }
}
