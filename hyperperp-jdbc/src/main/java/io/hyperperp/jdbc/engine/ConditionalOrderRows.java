package io.hyperperp.jdbc.engine;

import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.order.WireNames;
import io.hyperperp.jdbc.internal.StoredRow;
import io.hyperperp.jdbc.numeric.Decimals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The conditional-order part of a group commit: the latest state of every stop or take-profit
 * order the group touched (one upsert each) and the markets' mark prices; and loading the
 * untriggered ones back for recovery.
 */
final class ConditionalOrderRows {

    private static final String UPSERT = "INSERT INTO conditional_orders (order_number, id, user_address,"
            + " market_id, side, kind, order_type, trigger_price, trigger_by, price, size, client_order_id,"
            + " reduce_only, stp, expires_at_us, oco_group, created_at_us, status, cancel_reason, reference_price,"
            + " last_sequence) VALUES (?, ?::uuid, ?, ?, ?, ?, ?, ?::numeric, ?, ?::numeric, ?::numeric, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?::numeric, ?) ON CONFLICT (order_number) DO UPDATE SET trigger_price ="
            + " EXCLUDED.trigger_price, price = EXCLUDED.price, size = EXCLUDED.size, status = EXCLUDED.status,"
            + " cancel_reason = EXCLUDED.cancel_reason, reference_price = EXCLUDED.reference_price,"
            + " last_sequence = EXCLUDED.last_sequence, updated_at = now()";
    private static final String UPDATE_MARK = "UPDATE markets SET mark_price = ?::numeric WHERE market_id = ?";

    /** The latest state of one order within the group. */
    private static final class Row {
        ConditionalOrderSnapshot order;
        CancelReason reason;
        long referencePrice;
        long sequence;
    }

    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final Map<Long, Long> markPrices = new LinkedHashMap<>();

    /** Takes an event if it is about conditional orders or mark prices; returns whether it was. */
    boolean accept(EngineEvent e) {
        if (e instanceof EngineEvent.ConditionalAccepted a) {
            row(a.order(), a.sequence());
        } else if (e instanceof EngineEvent.ConditionalAmended a) {
            row(a.order(), a.sequence());
        } else if (e instanceof EngineEvent.ConditionalTriggered t) {
            row(t.order(), t.sequence()).referencePrice = t.referencePrice();
        } else if (e instanceof EngineEvent.ConditionalCancelled c) {
            row(c.order(), c.sequence()).reason = c.reason();
        } else if (e instanceof EngineEvent.MarkPriceUpdated m) {
            markPrices.put(m.marketId(), m.markPrice());
        } else {
            return false;
        }
        return true;
    }

    /** The market of an event this class accepts. */
    static long marketOf(EngineEvent e) {
        if (e instanceof EngineEvent.MarkPriceUpdated m) {
            return m.marketId();
        } else if (e instanceof EngineEvent.ConditionalAccepted a) {
            return a.order().marketId();
        } else if (e instanceof EngineEvent.ConditionalAmended a) {
            return a.order().marketId();
        } else if (e instanceof EngineEvent.ConditionalTriggered t) {
            return t.order().marketId();
        } else if (e instanceof EngineEvent.ConditionalCancelled c) {
            return c.order().marketId();
        }
        throw new IllegalArgumentException("not a conditional-order event: " + e);
    }

    private Row row(ConditionalOrderSnapshot order, long sequence) {
        Row row = rows.computeIfAbsent(order.orderId(), k -> new Row());
        row.order = order;
        row.sequence = sequence;
        return row;
    }

    /** Writes the collected state; @return rows written. */
    long write(Connection c, LongFunction<MarketSpec> specs) throws SQLException {
        long written = 0;
        if (!rows.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Row row : rows.values()) {
                    ConditionalOrderSnapshot o = row.order;
                    MarketSpec spec = specs.apply(o.marketId());
                    int pd = spec.priceDecimals();
                    ps.setLong(1, o.orderId());
                    ps.setString(2, o.uuid().toString());
                    ps.setString(3, o.userAddress());
                    ps.setLong(4, o.marketId());
                    ps.setString(5, o.side().wireName());
                    ps.setString(6, o.kind() == TriggerKind.STOP ? "stop" : "take_profit");
                    ps.setString(7, o.orderType().wireName());
                    ps.setString(8, Decimals.toPlainString(o.triggerPrice(), pd));
                    ps.setString(9, o.triggerBy().wireName());
                    ps.setString(10, o.price() == 0 ? null : Decimals.toPlainString(o.price(), pd));
                    ps.setString(11, Decimals.toPlainString(o.size(), spec.sizeDecimals()));
                    ps.setString(12, o.clientOrderId());
                    ps.setBoolean(13, o.reduceOnly());
                    ps.setString(14, o.stp().wireName());
                    if (o.expiresAt() == 0) {
                        ps.setNull(15, Types.BIGINT);
                    } else {
                        ps.setLong(15, o.expiresAt());
                    }
                    ps.setString(16, o.ocoGroup());
                    ps.setLong(17, o.createdAt());
                    ps.setString(18, o.status().wireName());
                    ps.setString(19, row.reason == null ? null : row.reason.wireName());
                    ps.setString(20, row.referencePrice == 0 ? null : Decimals.toPlainString(row.referencePrice, pd));
                    ps.setLong(21, row.sequence);
                    ps.addBatch();
                }
                ps.executeBatch();
                written += rows.size();
            }
        }
        if (!markPrices.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(UPDATE_MARK)) {
                for (Map.Entry<Long, Long> e : markPrices.entrySet()) {
                    ps.setString(1, Decimals.toPlainString(e.getValue(), specs.apply(e.getKey()).priceDecimals()));
                    ps.setLong(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
                written += markPrices.size();
            }
        }
        return written;
    }

    /** The untriggered orders, ascending by order number. */
    static List<ConditionalOrderSnapshot> loadUntriggered(Handle h, LongFunction<MarketSpec> specs) {
        return h.createQuery("SELECT order_number, user_address, market_id, side, kind, order_type, trigger_price,"
                        + " trigger_by, price, size, client_order_id, reduce_only, stp, expires_at_us, oco_group,"
                        + " created_at_us FROM conditional_orders WHERE status = 'untriggered' ORDER BY order_number")
                .map((rs, ctx) -> untriggered(rs, specs))
                .list();
    }

    private static final String COLUMNS = "order_number, user_address, market_id, side, kind, order_type,"
            + " trigger_price, trigger_by, price, size, client_order_id, reduce_only, stp, expires_at_us, oco_group,"
            + " created_at_us, status";

    /**
     * A user's orders that left the waiting list (fired, cancelled or expired), newest first.
     *
     * @param status {@code triggered}, {@code cancelled} or {@code expired}, or null for all three
     */
    static List<ConditionalOrderSnapshot> loadClosed(Handle h, String user, long marketId, OrderStatus status,
                                                     int limit, LongFunction<MarketSpec> specs) {
        String market = marketId < 0 ? "" : " AND market_id = :market";
        String statuses = status == null ? " AND status IN ('triggered', 'cancelled', 'expired')"
                : " AND status = :status";
        Query q = h.createQuery("SELECT " + COLUMNS + " FROM conditional_orders WHERE user_address = :user"
                        + market + statuses + " ORDER BY last_sequence DESC LIMIT :limit")
                .bind("user", user).bind("limit", limit);
        if (marketId >= 0) {
            q.bind("market", marketId);
        }
        if (status != null) {
            q.bind("status", status.wireName());
        }
        return q.map((rs, ctx) -> snapshot(rs, specs)).list();
    }

    /** A conditional order by number that fired, was cancelled or expired. */
    static Optional<ConditionalOrderSnapshot> loadClosed(Handle h, long orderNumber, LongFunction<MarketSpec> specs) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conditional_orders WHERE order_number = :number"
                        + " AND status <> 'untriggered'")
                .bind("number", orderNumber)
                .map((rs, ctx) -> snapshot(rs, specs))
                .findOne();
    }

    private static ConditionalOrderSnapshot snapshot(ResultSet rs, LongFunction<MarketSpec> specs)
            throws SQLException {
        return untriggered(rs, specs).withStatus(WireNames.parse(OrderStatus.class, rs.getString("status")));
    }

    private static ConditionalOrderSnapshot untriggered(ResultSet rs, LongFunction<MarketSpec> specs)
            throws SQLException {
        long market = rs.getLong("market_id");
        MarketSpec spec = specs.apply(market);
        int pd = spec.priceDecimals();
        long number = rs.getLong("order_number");
        StoredRow row = new StoredRow(rs, "conditional_orders", "order_number");
        return new ConditionalOrderSnapshot(number, row.text("user_address"), market,
                row.wire(Side.class, "side"),
                "stop".equals(rs.getString("kind")) ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT,
                row.wire(OrderType.class, "order_type"), row.scaled("trigger_price", pd),
                row.wire(TriggerReference.class, "trigger_by"), row.scaledOrZero("price", pd),
                row.scaled("size", spec.sizeDecimals()),
                rs.getString("client_order_id"), rs.getBoolean("reduce_only"), row.wire(StpMode.class, "stp"),
                rs.getLong("expires_at_us"), rs.getString("oco_group"), rs.getLong("created_at_us"),
                OrderStatus.UNTRIGGERED);
    }
}
