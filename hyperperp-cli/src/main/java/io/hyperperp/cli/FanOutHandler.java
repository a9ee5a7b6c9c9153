package io.hyperperp.cli;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;

/** Passes every engine event to several handlers, in order. */
public final class FanOutHandler implements EngineEventHandler {

    private final EngineEventHandler[] handlers;

    /** A handler that calls each of {@code handlers} in turn. */
    public FanOutHandler(List<? extends EngineEventHandler> handlers) {
        this.handlers = handlers.toArray(new EngineEventHandler[0]);
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        for (EngineEventHandler h : handlers) {
            h.orderAccepted(sequence, timestamp, order);
        }
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        for (EngineEventHandler h : handlers) {
            h.commandRejected(sequence, timestamp, command, reason);
        }
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        for (EngineEventHandler h : handlers) {
            h.fill(sequence, timestamp, tradeId, marketId, taker, maker, price, size, takerFee, makerFee);
        }
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        for (EngineEventHandler h : handlers) {
            h.orderCancelled(sequence, timestamp, order, reason);
        }
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        for (EngineEventHandler h : handlers) {
            h.orderAmended(sequence, timestamp, order, previousPrice, previousOpenSize);
        }
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        for (EngineEventHandler h : handlers) {
            h.orderFilled(sequence, timestamp, order);
        }
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
        for (EngineEventHandler h : handlers) {
            h.levelChanged(sequence, timestamp, marketId, side, price, totalSize, orderCount);
        }
    }

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        for (EngineEventHandler h : handlers) {
            h.conditionalAccepted(sequence, timestamp, order);
        }
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
        for (EngineEventHandler h : handlers) {
            h.conditionalTriggered(sequence, timestamp, order, referencePrice);
        }
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
        for (EngineEventHandler h : handlers) {
            h.conditionalCancelled(sequence, timestamp, order, reason);
        }
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
        for (EngineEventHandler h : handlers) {
            h.conditionalAmended(sequence, timestamp, order, previous);
        }
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        for (EngineEventHandler h : handlers) {
            h.markPriceUpdated(sequence, timestamp, marketId, markPrice);
        }
    }

    @Override
    public void riskEvent(long sequence, long timestamp, io.hyperperp.core.risk.RiskEvent event) {
        for (EngineEventHandler h : handlers) {
            h.riskEvent(sequence, timestamp, event);
        }
    }
}
