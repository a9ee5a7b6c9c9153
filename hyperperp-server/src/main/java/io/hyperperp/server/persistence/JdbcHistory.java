package io.hyperperp.server.persistence;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import io.hyperperp.jdbc.engine.EngineRecovery;
import io.hyperperp.jdbc.internal.StoredRow;
import io.hyperperp.jdbc.numeric.Decimals;
import io.hyperperp.server.backend.MarketStats;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.backend.TradeRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Order and trade history read from the tables the group commit writes. A read sees every group
 * whose commands were acknowledged, because acknowledgements follow the commit (with the tables written behind
 * the log, because each read waits for them first: {@link TablesFence}).
 */
public final class JdbcHistory implements OrderHistory, TradeHistory {

    private static final String TRADE_COLUMNS = "trade_number, sequence, engine_timestamp_us, market_id, price,"
            + " size, taker_side, taker_order_id, maker_order_id, taker_address, maker_address, taker_fee, maker_fee";
    private static final long DAY_MICROS = 86_400_000_000L;

    private final Jdbi jdbi;
    private final MarketRegistry markets;
    private final TablesFence fence;

    /** Reads from {@code jdbi} (the pool); {@code markets} gives the decimals of each market. */
    public JdbcHistory(Jdbi jdbi, MarketRegistry markets) {
        this(jdbi, markets, TablesFence.NONE);
    }

    /** Like {@link #JdbcHistory(Jdbi, MarketRegistry)}, each read first passing {@code fence}. */
    public JdbcHistory(Jdbi jdbi, MarketRegistry markets, TablesFence fence) {
        this.jdbi = jdbi;
        this.markets = markets;
        this.fence = fence;
    }

    private <R> R read(HandleCallback<R, RuntimeException> callback) {
        fence.await();
        return jdbi.withHandle(callback);
    }

    private MarketSpec spec(long marketId) {
        return markets.find(marketId).orElseGet(() -> MarketSpec.defaults(marketId));
    }

    private OrderSnapshot order(ResultSet rs) throws SQLException {
        return EngineRecovery.order(rs, this::spec);
    }

    @Override
    public Optional<OrderSnapshot> order(long orderId) {
        return read(h -> h.createQuery("SELECT " + EngineRecovery.ORDER_COLUMNS
                        + " FROM orders WHERE id = :id")
                .bind("id", Ids.order(orderId))
                .map((rs, ctx) -> order(rs))
                .findOne());
    }

    @Override
    public Optional<OrderSnapshot> byClientOrderId(String userAddress, String clientOrderId) {
        return read(h -> h.createQuery("SELECT " + EngineRecovery.ORDER_COLUMNS
                        + " FROM orders WHERE user_address = :user AND client_order_id = :cid"
                        + " ORDER BY (status IN ('pending', 'partially_filled')) DESC, accepted_sequence DESC LIMIT 1")
                .bind("user", userAddress)
                .bind("cid", clientOrderId)
                .map((rs, ctx) -> order(rs))
                .findOne());
    }

    @Override
    public List<OrderSnapshot> orders(String userAddress, long marketId, OrderStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + EngineRecovery.ORDER_COLUMNS
                + " FROM orders WHERE user_address = :user");
        if (marketId != OrderHistory.ANY_MARKET) {
            sql.append(" AND market_id = :market");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY accepted_sequence DESC LIMIT :limit");
        return read(h -> {
            Query q = h.createQuery(sql.toString()).bind("user", userAddress).bind("limit", limit);
            if (marketId != OrderHistory.ANY_MARKET) {
                q.bind("market", marketId);
            }
            if (status != null) {
                q.bind("status", status.wireName());
            }
            return q.map((rs, ctx) -> order(rs)).list();
        });
    }

    @Override
    public List<ConditionalOrderSnapshot> closedConditionals(String userAddress, long marketId, OrderStatus status,
                                                             int limit) {
        return read(h -> EngineRecovery.closedConditionalOrders(h, userAddress, marketId, status, limit,
                this::spec));
    }

    @Override
    public Optional<ConditionalOrderSnapshot> closedConditional(long orderId) {
        return read(h -> EngineRecovery.closedConditionalOrder(h, orderId, this::spec));
    }

    @Override
    public List<TradeRecord> trades(long marketId, String userAddress, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + TRADE_COLUMNS + " FROM trades WHERE true");
        if (marketId != OrderHistory.ANY_MARKET) {
            sql.append(" AND market_id = :market");
        }
        if (userAddress != null) {
            sql.append(" AND (taker_address = :user OR maker_address = :user)");
        }
        sql.append(" ORDER BY trade_number DESC LIMIT :limit");
        return read(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (marketId != OrderHistory.ANY_MARKET) {
                q.bind("market", marketId);
            }
            if (userAddress != null) {
                q.bind("user", userAddress);
            }
            return q.map((rs, ctx) -> trade(rs)).list();
        });
    }

    private TradeRecord trade(ResultSet rs) throws SQLException {
        long market = rs.getLong("market_id");
        MarketSpec spec = spec(market);
        int pd = spec.priceDecimals();
        int sd = spec.sizeDecimals();
        // A damaged trade fails the read naming its row, rather than a converter's message or a trade with no side.
        StoredRow row = new StoredRow(rs, "trades", "trade_number");
        return new TradeRecord(rs.getLong("trade_number"), rs.getLong("sequence"), rs.getLong("engine_timestamp_us"),
                market, row.scaled("price", pd), row.scaled("size", sd), row.wire(Side.class, "taker_side"),
                Ids.orderNumber(rs.getObject("taker_order_id", UUID.class)),
                Ids.orderNumber(rs.getObject("maker_order_id", UUID.class)),
                rs.getString("taker_address"), rs.getString("maker_address"),
                row.scaled("taker_fee", pd), row.scaled("maker_fee", pd));
    }

    @Override
    public MarketStats stats(long marketId, long nowMicros) {
        MarketSpec spec = spec(marketId);
        return read(h -> h.createQuery("SELECT"
                        + " (SELECT price FROM trades WHERE market_id = :m ORDER BY trade_number DESC LIMIT 1) AS last,"
                        + " (SELECT price FROM trades WHERE market_id = :m AND engine_timestamp_us >= :since"
                        + "   ORDER BY trade_number LIMIT 1) AS open,"
                        + " max(price) AS high, min(price) AS low, COALESCE(sum(size), 0) AS volume, count(*) AS n"
                        + " FROM trades WHERE market_id = :m AND engine_timestamp_us >= :since")
                .bind("m", marketId)
                .bind("since", nowMicros - DAY_MICROS)
                .map((rs, ctx) -> {
                    int pd = spec.priceDecimals();
                    return new MarketStats(scaled(rs, "last", pd), scaled(rs, "open", pd), scaled(rs, "high", pd),
                            scaled(rs, "low", pd), scaled(rs, "volume", spec.sizeDecimals()), rs.getLong("n"));
                })
                .one());
    }

    private static long scaled(ResultSet rs, String column, int scale) throws SQLException {
        java.math.BigDecimal value = rs.getBigDecimal(column);
        return value == null ? 0 : Decimals.toScaledLong(value, scale);
    }
}
