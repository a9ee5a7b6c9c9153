package io.hyperperp.jdbc.engine;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.runtime.ProcessedCommand;

/**
 * The log-only part of a group's transaction when the tables are written behind the log: the group's
 * {@code command_groups} row and the counters {@code engine_state} moves to (the same numbers {@link GroupRows}
 * computes from the same events), nothing else. Built on the commit thread, used once.
 */
final class LogRows {

    private final long firstNumber;
    private final StringBuilder log = new StringBuilder(1 << 15); // about 310 characters per command
    private long number;
    private long lastSequence;
    private long lastOrder;
    private long lastTrade;
    private long lastTimestamp;

    /** @param firstNumber the command number of the group's first command */
    LogRows(long firstNumber) {
        this.firstNumber = firstNumber;
        this.number = firstNumber - 1;
    }

    void add(ProcessedCommand pc) {
        number++;
        lastTimestamp = Math.max(lastTimestamp, pc.command().timestamp());
        CommandLog.appendLine(log, number, pc);
        for (EngineEvent e : pc.events()) {
            lastSequence = Math.max(lastSequence, e.sequence());
            if (e instanceof EngineEvent.OrderAccepted a) {
                lastOrder = Math.max(lastOrder, a.order().orderId());
            } else if (e instanceof EngineEvent.ConditionalAccepted a) {
                lastOrder = Math.max(lastOrder, a.order().orderId());
            } else if (e instanceof EngineEvent.Fill f) {
                lastTrade = Math.max(lastTrade, f.tradeId());
            }
        }
    }

    /** @return the log row and the guarded {@code engine_state} update, in one round trip */
    StateUpdate state(long fencingTerm) {
        StateUpdate state = new StateUpdate(firstNumber - 1, number, lastSequence, lastOrder, lastTrade,
                lastTimestamp, fencingTerm);
        if (number >= firstNumber) {
            state.commandLog(log.toString());
        }
        return state;
    }
}
