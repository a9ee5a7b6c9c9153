package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.RejectReason;

/**
 * Runs one command: expire what is due, dispatch, then settle what the command set off until
 * nothing is left: triggered conditional orders, reduce-only orders brought in line with the
 * positions, and liquidations of accounts that fell below maintenance margin (whose fills may set
 * off more of each).
 */
public final class CommandProcessor {

    private final EngineState state;
    private final OrderEntry entry;
    private final OrderMaintenance maintenance;
    private final ConditionalOrders conditionals;
    private final AccountCommands accounts;
    private final Liquidator liquidator;

    /** Wires the command handlers over the given state. */
    public CommandProcessor(EngineState state) {
        this.state = state;
        Matcher matcher = new Matcher(state);
        this.entry = new OrderEntry(state, matcher);
        this.conditionals = new ConditionalOrders(state, entry);
        this.maintenance = new OrderMaintenance(state, matcher, entry, conditionals);
        this.accounts = new AccountCommands(state);
        this.liquidator = new Liquidator(state, entry, conditionals);
    }

    /** Conditional-order bookkeeping, for snapshots and queries. */
    public ConditionalOrders conditionals() {
        return conditionals;
    }

    /** The earliest {@code expires_at} still waiting (possibly of an order already gone), or {@link Long#MAX_VALUE}. */
    public long nextExpiry() {
        return state.expiries.earliest();
    }

    /** Processes one command record to completion (flattened here, without an intake's user number). */
    public void process(Command command) {
        process(FlatCommand.of(command));
    }

    /** Processes one command to completion. */
    public void process(FlatCommand command) {
        begin(command.timestamp());
        switch (command.kind()) {
            case FlatCommand.AMEND -> maintenance.amend(command);
            case FlatCommand.PLACE -> entry.place(command, 0);
            case FlatCommand.CANCEL -> maintenance.cancel(command);
            default -> processOther(command.command());
        }
        if (state.settleWork) {
            settle();
        }
    }

    /** Moves the engine's clock to a command's timestamp and expires what is due before it. */
    private void begin(long timestamp) {
        state.now = timestamp;
        if (timestamp > state.lastTimestamp) {
            state.lastTimestamp = timestamp;
        }
        if (state.expiries.earliest() < timestamp) {
            maintenance.expireBefore(timestamp);
        }
    }

    private void processOther(Command command) {
        if (command instanceof CancelAll cancelAll) {
            maintenance.cancelAll(cancelAll);
        } else if (command instanceof PlaceOrder || command instanceof CancelOrder || command instanceof AmendOrder) {
            throw new IllegalArgumentException("order commands arrive flat: " + command);
        } else if (command instanceof PlaceConditionalOrder conditional) {
            conditionals.place(conditional);
        } else if (command instanceof AmendConditionalOrder amendConditional) {
            conditionals.amend(amendConditional);
        } else if (command instanceof UpdateMarkPrice mark) {
            OrderBook book = state.existingBook(mark.marketId());
            RejectReason tooLarge = book != null && book.margined && mark.markPrice() > 0
                    ? book.margin.admitsMark(book.scale, mark.markPrice()) : null;
            if (tooLarge != null) {
                state.reject(mark, tooLarge);
            } else {
                conditionals.updateMark(mark);
                if (book != null && book.margined && book.markPrice == mark.markPrice()) {
                    state.settleWork = true;
                    liquidator.markMoved(book);
                }
            }
        } else if (command instanceof Deposit deposit) {
            accounts.deposit(deposit);
        } else if (command instanceof Withdraw withdraw) {
            accounts.withdraw(withdraw);
        } else if (command instanceof SetLeverage leverage) {
            accounts.setLeverage(leverage);
        } else if (command instanceof ApplyFunding funding) {
            accounts.applyFunding(funding);
        } else if (!(command instanceof AdvanceTime)) {
            // An AdvanceTime's whole effect is the expiry above.
            throw new IllegalArgumentException("unknown command " + command);
        }
    }

    /** Settles what the command set off, until nothing is left. */
    private void settle() {
        state.settleWork = false;
        do {
            if (state.triggerCheckCount > 0) {
                conditionals.fireTriggered();
            }
            if (state.reduceOnlyCheckCount > 0) {
                maintenance.enforceReduceOnly();
            }
            if (liquidator.pending()) {
                liquidator.runOnce();
            }
        } while (state.triggerCheckCount > 0 || state.reduceOnlyCheckCount > 0 || liquidator.pending());
    }
}
