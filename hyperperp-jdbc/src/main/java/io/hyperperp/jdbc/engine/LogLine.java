package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.jdbc.internal.Json;
import java.util.List;

/**
 * A command's line of its group's {@code command_groups.commands} since V18: a JSON array of the values only, in
 * a fixed order per command, where lines before it were JSON objects naming every field. The names were more than
 * half of a line (about 310 characters for a single order, 170 now), and a group of a few dozen orders no longer
 * fits in its heap row: PostgreSQL moved it out of line (TOAST) at every commit (docs/benchmarks.md, "Session 20:
 * PostgreSQL, the log commit"). The {@code command_log} view names the values again (V18's
 * {@code command_log_payload}), so readers of the view and {@link CommandLog#read} see the same payload either way.
 *
 * <p>The order: {@code [command_number, first_sequence, last_sequence, op, ts, user, ...]}, then per command
 * <ul>
 *   <li>{@code place}: market, side, type, tif, price, size, cid, reduce_only, stp, expires_at;</li>
 *   <li>{@code place} of a conditional order (type {@code stop_*} / {@code take_profit_*}, tif {@code null}): the
 *       same, then trigger, trigger_by, oco;</li>
 *   <li>{@code cancel}: market, order_id, cid; {@code cancel_all}: market;</li>
 *   <li>{@code amend}: market, order_id, cid, new_price, new_size; of a conditional order also new_trigger;</li>
 *   <li>{@code update_mark_price}: market, price, index; {@code deposit}: amount, deposit_id; {@code withdraw}:
 *       amount; {@code set_leverage}: market, leverage; {@code apply_funding}: market, rate;
 *       {@code advance_time}: nothing.</li>
 * </ul>
 * Any change of this order needs a migration that changes {@code command_log_payload} with it.
 */
final class LogLine {

    private LogLine() {
    }

    /** Appends the line of command {@code number} to {@code log}, after a newline unless it is the first. */
    static void append(StringBuilder log, long number, ProcessedCommand pc) {
        List<EngineEvent> events = pc.events();
        if (!log.isEmpty()) {
            log.append('\n');
        }
        log.append('[').append(number).append(',');
        if (events.isEmpty()) {
            log.append("null,null");
        } else {
            log.append(events.get(0).sequence()).append(',').append(events.get(events.size() - 1).sequence());
        }
        Command command = pc.command();
        log.append(",\"").append(command.op()).append("\",").append(command.timestamp()).append(',');
        Json.string(log, command.userAddress());
        values(log, command);
        log.append(']');
    }

    private static void values(StringBuilder out, Command command) {
        if (command instanceof PlaceOrder p) {
            out.append(',').append(p.marketId()).append(",\"").append(p.side().wireName()).append("\",\"")
                    .append(p.orderType().wireName()).append("\",\"").append(p.timeInForce().wireName())
                    .append("\",").append(p.price()).append(',').append(p.size()).append(',');
            Json.string(out, p.clientOrderId());
            out.append(',').append(p.reduceOnly()).append(',');
            Json.string(out, p.stp() == null ? null : p.stp().wireName());
            out.append(',').append(p.expiresAt());
        } else if (command instanceof CancelOrder c) {
            out.append(',').append(c.marketId()).append(',').append(c.orderId()).append(',');
            Json.string(out, c.clientOrderId());
        } else if (command instanceof CancelAll a) {
            out.append(',').append(a.marketId());
        } else if (command instanceof AmendOrder a) {
            out.append(',').append(a.marketId()).append(',').append(a.orderId()).append(',');
            Json.string(out, a.clientOrderId());
            out.append(',').append(a.newPrice()).append(',').append(a.newSize());
        } else if (command instanceof PlaceConditionalOrder p) {
            out.append(',').append(p.marketId()).append(",\"").append(p.side().wireName()).append("\",\"")
                    .append(p.kind().wireName(p.orderType())).append("\",null,").append(p.price()).append(',')
                    .append(p.size()).append(',');
            Json.string(out, p.clientOrderId());
            out.append(',').append(p.reduceOnly()).append(',');
            Json.string(out, p.stp() == null ? null : p.stp().wireName());
            out.append(',').append(p.expiresAt()).append(',').append(p.triggerPrice()).append(",\"")
                    .append(p.triggerBy().wireName()).append("\",");
            Json.string(out, p.ocoGroup());
        } else if (command instanceof AmendConditionalOrder a) {
            out.append(',').append(a.marketId()).append(',').append(a.orderId()).append(',');
            Json.string(out, a.clientOrderId());
            out.append(',').append(a.newPrice()).append(',').append(a.newSize()).append(',')
                    .append(a.newTriggerPrice());
        } else if (command instanceof UpdateMarkPrice m) {
            out.append(',').append(m.marketId()).append(',').append(m.markPrice()).append(',')
                    .append(m.indexPrice());
        } else if (command instanceof Deposit d) {
            out.append(',').append(d.amount()).append(',');
            Json.string(out, d.depositId());
        } else if (command instanceof Withdraw w) {
            out.append(',').append(w.amount());
        } else if (command instanceof SetLeverage l) {
            out.append(',').append(l.marketId()).append(',').append(l.leverage());
        } else if (command instanceof ApplyFunding f) {
            out.append(',').append(f.marketId()).append(',').append(f.rate());
        }
    }
}
