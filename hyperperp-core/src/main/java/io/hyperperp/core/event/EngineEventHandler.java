package io.hyperperp.core.event;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.order.Side;

/**
 * Receives the engine's output, one call per event, on the engine thread.
 *
 * <p>Arguments are primitives and views so that the matching hot path allocates nothing; a
 * handler that wants to keep an event copies it (see {@link EventRecorder}). Every event carries a
 * global sequence number, strictly increasing by one, and the timestamp of the command that caused
 * it. Handlers must not call back into the engine.
 *
 * <p>Every method is abstract on purpose: a handler that forgot an event type would silently drop
 * it (and leave gaps in the sequence numbers it sees), so the compiler makes each handler decide.
 * The exceptions drop nothing: {@link #flatCommandRejected} passes its event on to
 * {@link #commandRejected}, and {@link #riskEvent} is for handlers that follow accounts.
 */
public interface EngineEventHandler {

    /** An order passed validation and entered the engine. */
    void orderAccepted(long sequence, long timestamp, OrderView order);

    /** A command was refused; nothing changed. */
    void commandRejected(long sequence, long timestamp, Command command, RejectReason reason);

    /**
     * A command the engine read flat was refused; nothing changed. The engine calls this, not
     * {@link #commandRejected(long, long, Command, RejectReason)}, for every place, cancel and amend
     * it refuses, so that a handler with no use for the command's record need not have one built
     * (a record and its strings per rejection). This default builds it ({@link FlatCommand#command()})
     * and passes it on, so a handler that does not override this sees the same event as ever.
     *
     * <p>{@code command} is the engine's reusable slot: valid only during this call.
     */
    default void flatCommandRejected(long sequence, long timestamp, FlatCommand command, RejectReason reason) {
        commandRejected(sequence, timestamp, command.command(), reason);
    }

    /**
     * A trade between a taker and a resting maker, at the maker's price.
     *
     * @param tradeId  trade number ({@link io.hyperperp.core.order.Ids#trade(long)} gives the UUID)
     * @param taker    the incoming order, after this fill
     * @param maker    the resting order, after this fill
     * @param takerFee fee charged to the taker in quote units at the price scale
     * @param makerFee fee charged to the maker (negative: a rebate paid to it)
     */
    void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
              long price, long size, long takerFee, long makerFee);

    /** An order left the book unfilled or partly filled. */
    void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason);

    /** An order's price and/or open size changed; the view shows the new values. */
    void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice, long previousOpenSize);

    /** An order is completely filled. */
    void orderFilled(long sequence, long timestamp, OrderView order);

    /** The total size or order count at one price level changed; size 0 means the level is gone. */
    void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                      int orderCount);

    /** A conditional order was accepted and waits for its trigger. */
    void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order);

    /**
     * A conditional order's trigger fired at {@code referencePrice}; the order enters the book next
     * (an order_accepted with the same id, or a command_rejected if it no longer passes).
     */
    void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                      long referencePrice);

    /** An untriggered conditional order was cancelled (by the user, expiry, or its OCO group). */
    void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                      CancelReason reason);

    /** An untriggered conditional order changed; {@code order} shows the new values. */
    void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                    ConditionalOrderSnapshot previous);

    /** A market's mark price changed. */
    void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice);

    /**
     * An account changed other than by a fill: deposit, withdrawal, leverage, funding, or a step of
     * a liquidation (see {@link io.hyperperp.core.risk.RiskEvent.Kind}).
     */
    default void riskEvent(long sequence, long timestamp, io.hyperperp.core.risk.RiskEvent event) {
    }

    /** A handler that ignores everything. */
    EngineEventHandler NO_OP = new EngineEventHandler() {
        @Override
        public void orderAccepted(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        }

        @Override
        public void flatCommandRejected(long sequence, long timestamp, FlatCommand command, RejectReason reason) {
        }

        @Override
        public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker,
                         OrderView maker, long price, long size, long takerFee, long makerFee) {
        }

        @Override
        public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        }

        @Override
        public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                                 long previousOpenSize) {
        }

        @Override
        public void orderFilled(long sequence, long timestamp, OrderView order) {
        }

        @Override
        public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price,
                                 long totalSize, int orderCount) {
        }

        @Override
        public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        }

        @Override
        public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                         long referencePrice) {
        }

        @Override
        public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                         CancelReason reason) {
        }

        @Override
        public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                       ConditionalOrderSnapshot previous) {
        }

        @Override
        public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        }
    };
}
