package io.hyperperp.core.runtime;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one submitted command. Its events are walked by index: a for-each over an immutable
 * list makes an iterator, and answering one order walked them five times.
 *
 * @param status  whether the engine processed (and the commit hook committed) the command
 * @param command the command
 * @param events  its events, in order (empty unless processed)
 */
public record CommandResult(Status status, Command command, List<EngineEvent> events) {

    /** What happened to a submitted command. */
    public enum Status {
        /** Processed and committed; see the events. A rejection is a processed command too. */
        PROCESSED,
        /** The queue was full; the command was not taken. Retry later. */
        OVERLOADED,
        /** Persistence is failing; the command was not taken. Retry later. */
        UNAVAILABLE,
        /**
         * The runtime is shutting down or stopped; the command was not taken, or (its commit given up at
         * shutdown, the store failing) it was processed but never committed.
         */
        SHUT_DOWN
    }

    /** Copies the events. */
    public CommandResult {
        events = List.copyOf(events);
    }

    /** True when the engine processed the command (whatever the outcome). */
    public boolean processed() {
        return status == Status.PROCESSED;
    }

    /** The reason, if the engine rejected the command. */
    public Optional<RejectReason> rejection() {
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.CommandRejected r) {
                return Optional.of(r.reason());
            }
        }
        return Optional.empty();
    }

    /** The order this command placed, amended or cancelled, as it stands after the command. */
    public Optional<OrderSnapshot> order() {
        long id = subjectOrderId();
        OrderSnapshot latest = null;
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.Fill f) {
                latest = f.taker().orderId() == id ? f.taker() : f.maker().orderId() == id ? f.maker() : latest;
            } else {
                OrderSnapshot o = orderOf(e);
                if (o != null && o.orderId() == id) {
                    latest = o;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private long subjectOrderId() {
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (command instanceof PlaceOrder && e instanceof EngineEvent.OrderAccepted a) {
                return a.order().orderId();
            }
            if (command instanceof AmendOrder a && e instanceof EngineEvent.OrderAmended m
                    && names(a.orderId(), a.clientOrderId(), m.order())) {
                return m.order().orderId();
            }
            if (command instanceof CancelOrder c && e instanceof EngineEvent.OrderCancelled x
                    && x.reason() == CancelReason.USER && names(c.orderId(), c.clientOrderId(), x.order())) {
                return x.order().orderId();
            }
        }
        return -1;
    }

    private boolean names(long orderId, String clientOrderId, OrderSnapshot order) {
        if (orderId != CancelOrder.NO_ORDER_ID) {
            return order.orderId() == orderId;
        }
        return order.userAddress().equals(command.userAddress()) && clientOrderId.equals(order.clientOrderId());
    }

    private static OrderSnapshot orderOf(EngineEvent e) {
        if (e instanceof EngineEvent.OrderAccepted a) {
            return a.order();
        } else if (e instanceof EngineEvent.OrderAmended a) {
            return a.order();
        } else if (e instanceof EngineEvent.OrderFilled f) {
            return f.order();
        } else if (e instanceof EngineEvent.OrderCancelled c) {
            return c.order();
        }
        return null;
    }

    /** The fills this command caused, in order (every answer to an order reads them: a loop, no stream). */
    public List<EngineEvent.Fill> fills() {
        List<EngineEvent.Fill> fills = null;
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.Fill f) {
                if (fills == null) {
                    fills = new ArrayList<>(4);
                }
                fills.add(f);
            }
        }
        return fills == null ? List.of() : Collections.unmodifiableList(fills);
    }
}
