package io.hyperperp.core.event;

import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * A read-only view of an order as the engine sees it right now.
 *
 * <p>Views handed to an {@link EngineEventHandler} are only valid during the callback: the engine
 * reuses order objects. Call {@link OrderSnapshot#of(OrderView)} to keep one.
 */
public interface OrderView {

    /** The engine's order number; {@link io.hyperperp.core.order.Ids#order(long)} gives the UUID. */
    long orderId();

    /** The owner's address. */
    String userAddress();

    /** The market id. */
    long marketId();

    /** Buy or sell. */
    Side side();

    /** Limit or market. */
    OrderType orderType();

    /** Time in force. */
    TimeInForce timeInForce();

    /** Limit price (for a market order: its protection price), scaled. */
    long price();

    /** Total size: filled plus open. */
    long size();

    /** Filled size so far. */
    long filledSize();

    /** Size still open. */
    long openSize();

    /** The client order id, or {@code null}. */
    String clientOrderId();

    /** Whether the order may only reduce the position. */
    boolean reduceOnly();

    /** The effective self-trade prevention mode. */
    StpMode stp();

    /** Good-til-time in microseconds, or 0. */
    long expiresAt();

    /** The sequence number at which the order got its current queue priority. */
    long prioritySequence();

    /** Timestamp of the command that placed it. */
    long createdAt();

    /** Current status. */
    OrderStatus status();

    /** True for the orders a liquidation places to close a position; their fills are liquidation fills. */
    default boolean liquidation() {
        return false;
    }
}
