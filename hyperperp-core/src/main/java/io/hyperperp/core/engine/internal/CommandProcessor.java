package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;

/**
 * Runs one command: expire what is due, dispatch, then bring reduce-only orders in line with the
 * positions the command changed.
 */
public final class CommandProcessor {

    private final EngineState state;
    private final OrderEntry entry;
    private final OrderMaintenance maintenance;
    private final ConditionalOrders conditionals;

    /** Wires the command handlers over the given state. */
    public CommandProcessor(EngineState state) {
        this.state = state;
        Matcher matcher = new Matcher(state);
        this.entry = new OrderEntry(state, matcher);
        this.conditionals = new ConditionalOrders(state, entry);
        this.maintenance = new OrderMaintenance(state, matcher, entry, conditionals);
    }

    /** Conditional-order bookkeeping, for snapshots and queries. */
    public ConditionalOrders conditionals() {
        return conditionals;
    }

    /** The earliest {@code expires_at} still waiting (possibly of an order already gone), or {@link Long#MAX_VALUE}. */
    public long nextExpiry() {
        return state.expiries.isEmpty() ? Long.MAX_VALUE : state.expiries.peekTime();
    }

    /** Processes one command to completion. */
    public void process(Command command) {
        long timestamp = command.timestamp();
        state.now = timestamp;
        if (timestamp > state.lastTimestamp) {
            state.lastTimestamp = timestamp;
        }
        maintenance.expireBefore(timestamp);
        if (command instanceof AmendOrder amend) {
            maintenance.amend(amend);
        } else if (command instanceof PlaceOrder place) {
            entry.place(place);
        } else if (command instanceof CancelOrder cancel) {
            maintenance.cancel(cancel);
        } else if (command instanceof CancelAll cancelAll) {
            maintenance.cancelAll(cancelAll);
        } else if (command instanceof PlaceConditionalOrder conditional) {
            conditionals.place(conditional);
        } else if (command instanceof AmendConditionalOrder amendConditional) {
            conditionals.amend(amendConditional);
        } else if (command instanceof UpdateMarkPrice mark) {
            conditionals.updateMark(mark);
        } else if (!(command instanceof AdvanceTime)) {
            // An AdvanceTime's whole effect is the expiry above.
            throw new IllegalArgumentException("unknown command " + command);
        }
        if (state.triggerCheckCount > 0) {
            conditionals.fireTriggered();
        }
        if (state.reduceOnlyCheckCount > 0) {
            maintenance.enforceReduceOnly();
        }
    }
}
