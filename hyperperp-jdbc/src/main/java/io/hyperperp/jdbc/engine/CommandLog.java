package io.hyperperp.jdbc.engine;

import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.WireNames;
import io.hyperperp.jdbc.internal.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The command log: every processed command as JSON, numbered in processing order, stored one row per committed
 * group in {@code command_groups} (one line per command: since V18 a JSON array of its values, {@link LogLine};
 * before, a JSON object naming them) and readable one row per command, with its payload's fields named, through
 * the {@code command_log} view.
 *
 * <p>Payload fields, as the view and {@link #toJson} name them (prices and sizes are the engine's scaled
 * integers): {@code op} ({@code place}, {@code cancel}, {@code cancel_all}, {@code amend}), {@code ts},
 * {@code user}, {@code market}; place: {@code side}, {@code type},
 * {@code tif}, {@code price}, {@code size}, {@code cid}, {@code reduce_only}, {@code stp} (null = market default),
 * {@code expires_at}; cancel: {@code order_id}, {@code cid}; amend: {@code order_id}, {@code cid},
 * {@code new_price}, {@code new_size}; conditional place (type {@code stop_*}/{@code take_profit_*}): also
 * {@code trigger}, {@code trigger_by}, {@code oco}; conditional amend: also {@code new_trigger};
 * {@code update_mark_price}: {@code market}, {@code price}, {@code index} (0 = none); {@code deposit}:
 * {@code amount} (collateral units), {@code deposit_id}; {@code withdraw}: {@code amount}; {@code set_leverage}:
 * {@code market}, {@code leverage}; {@code apply_funding}: {@code market}, {@code rate} (10⁻⁸ per interval).
 * {@code advance_time}: nothing more. Enumerations use their lower-case wire names.
 */
public final class CommandLog {

    private CommandLog() {
    }

    /** @return the JSON payload of a command */
    public static String toJson(Command command) {
        StringBuilder out = new StringBuilder(160);
        appendJson(out, command);
        return out.toString();
    }

    /**
     * Appends a command's line of its group's {@code command_groups.commands} to {@code log}, after a newline unless
     * it is the first: the values only, in the order {@link LogLine} documents (since V18).
     */
    static void appendLine(StringBuilder log, long number, io.hyperperp.core.runtime.ProcessedCommand pc) {
        LogLine.append(log, number, pc);
    }

    /** Appends the JSON payload of a command to {@code out} (the group's command log is one text). */
    static void appendJson(StringBuilder out, Command command) {
        Json json = new Json(out).field("op", command.op()).field("ts", command.timestamp())
                .field("user", command.userAddress());
        if (command instanceof PlaceOrder p) {
            json.field("market", p.marketId()).field("side", p.side().wireName())
                    .field("type", p.orderType().wireName()).field("tif", p.timeInForce().wireName())
                    .field("price", p.price()).field("size", p.size()).field("cid", p.clientOrderId())
                    .field("reduce_only", p.reduceOnly()).field("stp", p.stp() == null ? null : p.stp().wireName())
                    .field("expires_at", p.expiresAt());
        } else if (command instanceof CancelOrder c) {
            json.field("market", c.marketId()).field("order_id", c.orderId()).field("cid", c.clientOrderId());
        } else if (command instanceof CancelAll a) {
            json.field("market", a.marketId());
        } else if (command instanceof AmendOrder a) {
            json.field("market", a.marketId()).field("order_id", a.orderId()).field("cid", a.clientOrderId())
                    .field("new_price", a.newPrice()).field("new_size", a.newSize());
        } else if (command instanceof PlaceConditionalOrder p) {
            json.field("market", p.marketId()).field("side", p.side().wireName())
                    .field("type", p.kind().wireName(p.orderType())).field("trigger", p.triggerPrice())
                    .field("trigger_by", p.triggerBy().wireName()).field("price", p.price()).field("size", p.size())
                    .field("cid", p.clientOrderId()).field("reduce_only", p.reduceOnly())
                    .field("stp", p.stp() == null ? null : p.stp().wireName()).field("expires_at", p.expiresAt())
                    .field("oco", p.ocoGroup());
        } else if (command instanceof AmendConditionalOrder a) {
            json.field("market", a.marketId()).field("order_id", a.orderId()).field("cid", a.clientOrderId())
                    .field("new_trigger", a.newTriggerPrice()).field("new_price", a.newPrice())
                    .field("new_size", a.newSize());
        } else if (command instanceof UpdateMarkPrice m) {
            json.field("market", m.marketId()).field("price", m.markPrice()).field("index", m.indexPrice());
        } else if (command instanceof Deposit d) {
            json.field("amount", d.amount()).field("deposit_id", d.depositId());
        } else if (command instanceof Withdraw w) {
            json.field("amount", w.amount());
        } else if (command instanceof SetLeverage l) {
            json.field("market", l.marketId()).field("leverage", l.leverage());
        } else if (command instanceof ApplyFunding f) {
            json.field("market", f.marketId()).field("rate", f.rate());
        }
        json.close();
    }

    /**
     * Reads logged commands back, in processing order.
     *
     * @param jdbi  the database
     * @param after only commands with a number greater than this (0 for all)
     * @param limit at most this many
     * @return the commands
     */
    public static List<Command> read(Jdbi jdbi, long after, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_COMMANDS.formatted("group_last_command_number > :after"
                        + " AND command_number > :after") + " ORDER BY n LIMIT :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> decode(rs))
                .list());
    }

    /**
     * Reads whole committed groups after a group boundary, by the primary key (what an HA follower tails).
     *
     * @param jdbi      the database
     * @param after     the last command of a committed group (or 0): {@code engine_state.last_command_number}
     *                  as some transaction saw it, or the end of an earlier read
     * @param maxGroups at most this many groups
     * @return their commands in order; the number of the last one is {@code after + size()}
     * @throws LogGapException when the log no longer holds the command after {@code after} (pruned)
     */
    public static List<Command> readGroupsAfter(Jdbi jdbi, long after, int maxGroups) {
        List<Command> commands = new ArrayList<>();
        for (List<Command> group : readGroups(jdbi, after, maxGroups)) {
            commands.addAll(group);
        }
        return commands;
    }

    /**
     * Like {@link #readGroupsAfter}, each group apart, as it was committed (what the tables behind the log are
     * replayed from: a group's ledger entries depend on where it begins and ends).
     */
    static List<List<Command>> readGroups(Jdbi jdbi, long after, int maxGroups) {
        List<List<Command>> groups = new ArrayList<>();
        long[] read = {0, -1};
        jdbi.useHandle(h -> h.createQuery(SELECT_COMMANDS.formatted("group_first_command_number > :after"
                                + " AND group_first_command_number <= (SELECT COALESCE(max(first_command_number), 0)"
                                + " FROM (SELECT first_command_number FROM command_groups WHERE first_command_number"
                                + " > :after ORDER BY first_command_number LIMIT :groups) AS f)")
                        + " ORDER BY n")
                .bind("after", after)
                .bind("groups", maxGroups)
                .map((rs, ctx) -> {
                    long expected = after + read[0] + 1;
                    if (rs.getLong("n") != expected) {
                        throw new LogGapException(expected, rs.getLong("n"));
                    }
                    read[0]++;
                    if (rs.getLong("group_first") != read[1]) {
                        read[1] = rs.getLong("group_first");
                        groups.add(new ArrayList<>());
                    }
                    return decode(rs);
                })
                .forEach(command -> groups.get(groups.size() - 1).add(command)));
        return groups;
    }

    /**
     * The command log does not continue where a reader stopped: the commands it needs were pruned
     * ({@link LogRetention}). The reader must start again from the state tables.
     */
    public static final class LogGapException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        LogGapException(long expected, long found) {
            super("the command log has no command " + expected + " (pruned); its next command is " + found);
        }
    }

    /**
     * The commands of the groups matching {@code %s}, one row per command with its number {@code n}, read through the
     * {@code command_log} view: it names the fields of both kinds of line (the object lines before V18, the arrays
     * since), so the log is decoded in one place.
     */
    private static final String SELECT_COMMANDS = "SELECT n, payload->>'op' AS op, (payload->>'ts')::bigint AS ts,"
            + " payload->>'user' AS usr, (payload->>'market')::bigint AS market, payload->>'side' AS side,"
            + " payload->>'type' AS type, payload->>'tif' AS tif, (payload->>'price')::bigint AS price,"
            + " (payload->>'size')::bigint AS size, payload->>'cid' AS cid,"
            + " (payload->>'reduce_only')::boolean AS reduce_only, payload->>'stp' AS stp,"
            + " (payload->>'expires_at')::bigint AS expires_at, (payload->>'order_id')::bigint AS order_id,"
            + " (payload->>'new_price')::bigint AS new_price, (payload->>'new_size')::bigint AS new_size,"
            + " (payload->>'trigger')::bigint AS trigger, payload->>'trigger_by' AS trigger_by,"
            + " payload->>'oco' AS oco, (payload->>'new_trigger')::bigint AS new_trigger,"
            + " (payload->>'index')::bigint AS index_price, (payload->>'amount')::bigint AS amount,"
            + " payload->>'deposit_id' AS deposit_id, (payload->>'leverage')::int AS leverage,"
            + " (payload->>'rate')::bigint AS rate, group_first"
            + " FROM (SELECT command_number AS n, payload, group_first_command_number AS group_first"
            + " FROM command_log WHERE %s OFFSET 0) c"; // OFFSET 0: the payload built once, not once per field

    /** @return the number of the last logged command, 0 if none */
    public static long lastNumber(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(max(last_command_number), 0) FROM command_groups")
                .mapTo(Long.class).one());
    }

    private static Command decode(ResultSet rs) throws SQLException {
        String op = rs.getString("op");
        long ts = rs.getLong("ts");
        String user = rs.getString("usr");
        long market = rs.getLong("market");
        String type = rs.getString("type");
        if ("place".equals(op) && type != null && (type.startsWith("stop_") || type.startsWith("take_profit_"))) {
            return new PlaceConditionalOrder(ts, user, market, WireNames.parse(Side.class, rs.getString("side")),
                    type.startsWith("stop_") ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT,
                    type.endsWith("_market") ? OrderType.MARKET : OrderType.LIMIT, rs.getLong("trigger"),
                    WireNames.parse(TriggerReference.class, rs.getString("trigger_by")), rs.getLong("price"),
                    rs.getLong("size"), rs.getString("cid"), rs.getBoolean("reduce_only"),
                    rs.getString("stp") == null ? null : WireNames.parse(StpMode.class, rs.getString("stp")),
                    rs.getLong("expires_at"), rs.getString("oco"));
        }
        if ("amend".equals(op) && rs.getObject("new_trigger") != null) {
            return new AmendConditionalOrder(ts, user, market, rs.getLong("order_id"), rs.getString("cid"),
                    rs.getLong("new_trigger"), rs.getLong("new_price"), rs.getLong("new_size"));
        }
        return switch (op) {
            case "update_mark_price" -> new UpdateMarkPrice(ts, user, market, rs.getLong("price"),
                    rs.getLong("index_price"));
            case "deposit" -> new Deposit(ts, user, rs.getLong("amount"), rs.getString("deposit_id"));
            case "withdraw" -> new Withdraw(ts, user, rs.getLong("amount"));
            case "set_leverage" -> new SetLeverage(ts, user, market, rs.getInt("leverage"));
            case "apply_funding" -> new ApplyFunding(ts, user, market, rs.getLong("rate"));
            case "advance_time" -> new AdvanceTime(ts);
            case "place" -> new PlaceOrder(ts, user, market, WireNames.parse(Side.class, rs.getString("side")),
                    WireNames.parse(OrderType.class, rs.getString("type")),
                    WireNames.parse(TimeInForce.class, rs.getString("tif")), rs.getLong("price"),
                    rs.getLong("size"), rs.getString("cid"), rs.getBoolean("reduce_only"),
                    rs.getString("stp") == null ? null : WireNames.parse(StpMode.class, rs.getString("stp")),
                    rs.getLong("expires_at"));
            case "cancel" -> new CancelOrder(ts, user, market, rs.getLong("order_id"), rs.getString("cid"));
            case "cancel_all" -> new CancelAll(ts, user, market);
            case "amend" -> new AmendOrder(ts, user, market, rs.getLong("order_id"), rs.getString("cid"),
                    rs.getLong("new_price"), rs.getLong("new_size"));
            default -> throw new IllegalStateException("unknown command op in command_log: " + op);
        };
    }
}
