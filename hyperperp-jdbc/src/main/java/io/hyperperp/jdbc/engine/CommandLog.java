package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.AmendOrder;
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
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code command_log} table: every processed command as JSON, numbered in processing order.
 *
 * <p>Payload fields (prices and sizes are the engine's scaled integers): {@code op} ({@code place}, {@code cancel},
 * {@code cancel_all}, {@code amend}), {@code ts}, {@code user}, {@code market}; place: {@code side}, {@code type},
 * {@code tif}, {@code price}, {@code size}, {@code cid}, {@code reduce_only}, {@code stp} (null = market default),
 * {@code expires_at}; cancel: {@code order_id}, {@code cid}; amend: {@code order_id}, {@code cid},
 * {@code new_price}, {@code new_size}. Enumerations use their lower-case wire names.
 */
public final class CommandLog {

    private CommandLog() {
    }

    /** @return the JSON payload of a command */
    public static String toJson(Command command) {
        Json json = new Json().field("op", command.op()).field("ts", command.timestamp())
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
        }
        return json.end();
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
        return jdbi.withHandle(h -> h.createQuery("SELECT payload->>'op' AS op, (payload->>'ts')::bigint AS ts,"
                        + " payload->>'user' AS usr, (payload->>'market')::bigint AS market, payload->>'side' AS side,"
                        + " payload->>'type' AS type, payload->>'tif' AS tif, (payload->>'price')::bigint AS price,"
                        + " (payload->>'size')::bigint AS size, payload->>'cid' AS cid,"
                        + " (payload->>'reduce_only')::boolean AS reduce_only, payload->>'stp' AS stp,"
                        + " (payload->>'expires_at')::bigint AS expires_at, (payload->>'order_id')::bigint AS order_id,"
                        + " (payload->>'new_price')::bigint AS new_price, (payload->>'new_size')::bigint AS new_size"
                        + " FROM command_log WHERE command_number > :after ORDER BY command_number LIMIT :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> decode(rs))
                .list());
    }

    /** @return the number of the last logged command, 0 if none */
    public static long lastNumber(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(max(command_number), 0) FROM command_log")
                .mapTo(Long.class).one());
    }

    private static Command decode(ResultSet rs) throws SQLException {
        String op = rs.getString("op");
        long ts = rs.getLong("ts");
        String user = rs.getString("usr");
        long market = rs.getLong("market");
        return switch (op) {
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
