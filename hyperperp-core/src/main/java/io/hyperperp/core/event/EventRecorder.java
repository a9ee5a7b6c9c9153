package io.hyperperp.core.event;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.List;

/** An {@link EngineEventHandler} that keeps every event as an {@link EngineEvent} value. */
public final class EventRecorder implements EngineEventHandler {

    private final List<EngineEvent> events = new ArrayList<>();

    /** The events recorded since the last {@link #drain()}, oldest first (a live list). */
    public List<EngineEvent> events() {
        return events;
    }

    /** Returns the recorded events and starts a new list. */
    public List<EngineEvent> drain() {
        List<EngineEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        events.add(new EngineEvent.OrderAccepted(sequence, timestamp, OrderSnapshot.of(order)));
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        events.add(new EngineEvent.CommandRejected(sequence, timestamp, command, reason));
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        events.add(new EngineEvent.Fill(sequence, timestamp, tradeId, marketId, OrderSnapshot.of(taker),
                OrderSnapshot.of(maker), price, size, takerFee, makerFee, taker.liquidation()));
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        events.add(new EngineEvent.OrderCancelled(sequence, timestamp, OrderSnapshot.of(order), reason));
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        events.add(new EngineEvent.OrderAmended(sequence, timestamp, OrderSnapshot.of(order), previousPrice,
                previousOpenSize));
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        events.add(new EngineEvent.OrderFilled(sequence, timestamp, OrderSnapshot.of(order)));
    }

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
        events.add(new EngineEvent.ConditionalAccepted(sequence, timestamp, order));
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
        events.add(new EngineEvent.ConditionalTriggered(sequence, timestamp, order, referencePrice));
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
        events.add(new EngineEvent.ConditionalCancelled(sequence, timestamp, order, reason));
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
        events.add(new EngineEvent.ConditionalAmended(sequence, timestamp, order, previous));
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
        events.add(new EngineEvent.MarkPriceUpdated(sequence, timestamp, marketId, markPrice));
    }

    @Override
    public void riskEvent(long sequence, long timestamp, io.hyperperp.core.risk.RiskEvent event) {
        events.add(new EngineEvent.Risk(sequence, timestamp, event));
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
        events.add(new EngineEvent.LevelChanged(sequence, timestamp, marketId, side, price, totalSize, orderCount));
    }
}
