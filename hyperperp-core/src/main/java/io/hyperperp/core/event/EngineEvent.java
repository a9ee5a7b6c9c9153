package io.hyperperp.core.event;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.order.Side;

/**
 * An engine event as an immutable value, for code outside the hot path (persistence, streams,
 * tests). {@link EventRecorder} turns handler calls into these.
 */
public sealed interface EngineEvent {

    /** Global sequence number. */
    long sequence();

    /** Timestamp of the causing command, microseconds. */
    long timestamp();

    /** See {@link EngineEventHandler#orderAccepted}. */
    record OrderAccepted(long sequence, long timestamp, OrderSnapshot order) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#commandRejected}. */
    record CommandRejected(long sequence, long timestamp, Command command, RejectReason reason)
            implements EngineEvent {
    }

    /**
     * See {@link EngineEventHandler#fill}. {@code taker} and {@code maker} are as after the fill;
     * {@code liquidation} marks a fill of a liquidation's closing order (the taker).
     */
    record Fill(long sequence, long timestamp, long tradeId, long marketId, OrderSnapshot taker,
                OrderSnapshot maker, long price, long size, long takerFee, long makerFee, boolean liquidation)
            implements EngineEvent {

        /** A fill that is not a liquidation's. */
        public Fill(long sequence, long timestamp, long tradeId, long marketId, OrderSnapshot taker,
                    OrderSnapshot maker, long price, long size, long takerFee, long makerFee) {
            this(sequence, timestamp, tradeId, marketId, taker, maker, price, size, takerFee, makerFee, false);
        }

        /** The taker's side. */
        public Side takerSide() {
            return taker.side();
        }
    }

    /** See {@link EngineEventHandler#orderCancelled}. */
    record OrderCancelled(long sequence, long timestamp, OrderSnapshot order, CancelReason reason)
            implements EngineEvent {
    }

    /** See {@link EngineEventHandler#orderAmended}. */
    record OrderAmended(long sequence, long timestamp, OrderSnapshot order, long previousPrice,
                        long previousOpenSize) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#orderFilled}. */
    record OrderFilled(long sequence, long timestamp, OrderSnapshot order) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#conditionalAccepted}. */
    record ConditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#conditionalTriggered}. */
    record ConditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order, long referencePrice)
            implements EngineEvent {
    }

    /** See {@link EngineEventHandler#conditionalCancelled}. */
    record ConditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order, CancelReason reason)
            implements EngineEvent {
    }

    /** See {@link EngineEventHandler#conditionalAmended}. */
    record ConditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                              ConditionalOrderSnapshot previous) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#markPriceUpdated}. */
    record MarkPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#riskEvent}. */
    record Risk(long sequence, long timestamp, io.hyperperp.core.risk.RiskEvent event) implements EngineEvent {
    }

    /** See {@link EngineEventHandler#levelChanged}. */
    record LevelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                        int orderCount) implements EngineEvent {
    }
}
