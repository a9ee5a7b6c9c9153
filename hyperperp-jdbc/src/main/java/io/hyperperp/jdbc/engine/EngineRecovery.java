package io.hyperperp.jdbc.engine;

import io.hyperperp.core.engine.EngineCounters;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MarketState;
import io.hyperperp.core.engine.Position;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.jdbc.internal.StoredRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Rebuilds the engine's {@link EngineImage} from the tables written by {@link JdbcCommitHook}: counters from
 * {@code engine_state}, opened markets with the spec they were opened with and their last trade price and book
 * sequence from {@code markets}, resting orders (with their queue priority, client order ids, reduce-only, STP and
 * expiry) from {@code orders}, untriggered stop and take-profit orders and mark prices, non-zero net
 * positions from {@code positions}, and the accounts of margined markets ({@link LedgerRows}). Everything is read in one
 * repeatable-read transaction, so the image is the state after one committed group.
 *
 * <p>The image is in the canonical order of {@code MatchingEngine.image()}, so for the same state both are equal.
 */
public final class EngineRecovery {

    private EngineRecovery() {
    }

    /**
     * @param jdbi     the database
     * @param registry used only for markets whose row carries no complete spec (rows not written by the engine)
     * @return the image to start the engine from (an empty database gives an empty image)
     */
    public static EngineImage load(Jdbi jdbi, MarketRegistry registry) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> load(h, registry));
    }

    /**
     * An image and the number of the last command it includes: replaying the command log after that number
     * continues it (what an HA follower does).
     *
     * @param image             the engine state after command {@code lastCommandNumber}
     * @param lastCommandNumber {@code engine_state.last_command_number} read in the same transaction
     */
    public record Positioned(EngineImage image, long lastCommandNumber) {
    }

    /** @return the image with the number of the last command in it, read in one repeatable-read transaction */
    public static Positioned loadPositioned(Jdbi jdbi, MarketRegistry registry) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long last = h.createQuery("SELECT last_command_number FROM engine_state WHERE id = 1")
                    .mapTo(Long.class).one();
            return new Positioned(load(h, registry), last);
        });
    }

    /**
     * The state the tables hold, with the number of its last command: {@code read_model_watermark}'s when they are
     * written behind the command log, else {@code engine_state}'s; one repeatable-read transaction.
     */
    public static Positioned loadTablesPositioned(Jdbi jdbi, MarketRegistry registry) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            Long watermark = tablesWatermark(h);
            if (watermark != null) {
                return new Positioned(load(h, registry, "read_model_watermark"), watermark);
            }
            long last = h.createQuery("SELECT last_command_number FROM engine_state WHERE id = 1")
                    .mapTo(Long.class).one();
            return new Positioned(load(h, registry), last);
        });
    }

    /** @return {@code read_model_watermark.last_command_number}: null when the tables are written inline */
    static Long tablesWatermark(Handle h) {
        return h.createQuery("SELECT last_command_number FROM read_model_watermark WHERE id = 1")
                .mapTo(Long.class).one();
    }

    /**
     * What a starting engine reads: the image with the number of its last command, in one repeatable-read
     * transaction, after checking that the command log leads to it ({@link CommandLogCheck}), that no stored trade
     * is numbered past its counter ({@link TradeNumberCheck}) and that its accounts are conserved
     * ({@link RecoveredLedgerCheck}). When the tables were written behind the command log
     * ({@code read_model_watermark} set) the image is theirs, at the watermark, and the log past it is to be
     * replayed (an HA follower does; its take-over brings the tables up to the log, {@link LeaderTables}); the
     * settlement tables are then checked only once the tables caught up.
     *
     * @throws IllegalStateException naming the table and the numbers when the stored state is damaged
     */
    public static Positioned loadForStart(Jdbi jdbi, MarketRegistry registry) {
        return loadTablesForStart(jdbi, registry).tables();
    }

    /**
     * What a start reads when the tables may be behind the command log ({@link TablesMode#BEHIND}).
     *
     * @param tables        the image the tables hold, with the number of its last command (the watermark, or
     *                      {@code engine_state}'s when they are written inline)
     * @param logEnd        the number of the last logged command ({@code engine_state.last_command_number})
     * @param writtenBehind whether {@code read_model_watermark} is set (the tables were last written behind the
     *                      log; the settlement tables are then checked only after the tables caught up, with
     *                      {@link #requireSettlementSound})
     */
    public record TablesAtStart(Positioned tables, long logEnd, boolean writtenBehind) {
    }

    /**
     * Like {@link #loadForStart}, with the tables at {@code read_model_watermark} when it is set: the log must
     * then reach from the watermark to {@code engine_state}, whose counters the image does not take.
     */
    static TablesAtStart loadTablesForStart(Jdbi jdbi, MarketRegistry registry) {
        TablesAtStart start = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long last = h.createQuery("SELECT last_command_number FROM engine_state WHERE id = 1")
                    .mapTo(Long.class).one();
            CommandLogCheck.requireConsistent(h, last);
            Long watermark = h.createQuery("SELECT last_command_number FROM read_model_watermark WHERE id = 1")
                    .mapTo(Long.class).one();
            if (watermark != null) {
                CommandLogCheck.requireReaches(h, watermark, last);
            }
            EngineImage image = load(h, registry, watermark != null ? "read_model_watermark" : "engine_state");
            TradeNumberCheck.requireNotAhead(h, image.counters().tradeCounter());
            if (watermark == null) {
                io.hyperperp.jdbc.settlement.SettlementRowsCheck.requireSound(h);
            }
            return new TablesAtStart(new Positioned(image, watermark != null ? watermark : last), last,
                    watermark != null);
        });
        RecoveredLedgerCheck.requireConserved(start.tables().image());
        return start;
    }

    /**
     * A take-over's read of tables left behind the log by the previous leader: the image at the watermark, the
     * log required to reach back to it, in one repeatable-read transaction. The start's checks of the whole log,
     * the accounts and the trade numbers are not repeated (the instance passed them when it started).
     *
     * @return the tables' image at {@code watermark}
     */
    static Positioned loadAtWatermark(Jdbi jdbi, MarketRegistry registry, long watermark, long logEnd) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            Long stored = h.createQuery("SELECT last_command_number FROM read_model_watermark WHERE id = 1")
                    .mapTo(Long.class).one();
            if (stored == null || stored != watermark) {
                throw new IllegalStateException("read_model_watermark moved from command " + watermark + " to "
                        + stored + " during a take-over: another writer writes the tables");
            }
            CommandLogCheck.requireReaches(h, watermark, logEnd);
            return new Positioned(load(h, registry, "read_model_watermark"), watermark);
        });
    }

    /** Start-up's check of the settlement tables, once the state tables caught up with the log. */
    static void requireSettlementSound(Jdbi jdbi) {
        jdbi.useTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                io.hyperperp.jdbc.settlement.SettlementRowsCheck::requireSound);
    }

    private static EngineImage load(Handle h, MarketRegistry registry) {
        return load(h, registry, "engine_state");
    }

    /** @param countersTable where the counters the tables are at are: engine_state, or read_model_watermark */
    private static EngineImage load(Handle h, MarketRegistry registry, String countersTable) {
        EngineCounters counters = h.createQuery("SELECT last_sequence, last_order_number, last_trade_number,"
                        + " last_command_timestamp_us FROM " + countersTable + " WHERE id = 1")
                .map((rs, ctx) -> new EngineCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .one();
        Map<Long, MarketSpec> specs = new HashMap<>();
        List<MarketState> markets = h.createQuery("SELECT " + MarketSpecs.COLUMNS
                        + ", last_trade_price, book_sequence, mark_price FROM markets ORDER BY market_id")
                .map((rs, ctx) -> {
                    long id = rs.getLong("market_id");
                    MarketSpec spec = MarketSpecs.fromRow(rs);
                    if (spec == null) {
                        spec = registry.find(id).orElseThrow(() -> new IllegalStateException(
                                "market " + id + " has no stored spec and is unknown to the registry"));
                    }
                    specs.put(id, spec);
                    StoredRow row = new StoredRow(rs, "markets", "market_id");
                    long lastPrice = row.scaledOrZero("last_trade_price", spec.priceDecimals());
                    long markPrice = row.scaledOrZero("mark_price", spec.priceDecimals());
                    return new MarketState(spec, lastPrice, rs.getLong("book_sequence"), markPrice);
                })
                .list();
        List<OrderSnapshot> orders = h.createQuery("SELECT id, user_address, market_id, side, order_type,"
                        + " time_in_force, price, size, filled_size, open_size, client_order_id, reduce_only, stp,"
                        + " expires_at_us, priority_sequence, created_at_us, status FROM orders"
                        + " WHERE status IN ('pending', 'partially_filled')")
                .setFetchSize(10_000)
                .map((rs, ctx) -> order(rs, market -> spec(specs, market)))
                .list();
        orders = new ArrayList<>(orders);
        orders.sort(Comparator.comparingLong(OrderSnapshot::orderId));
        List<Position> positions = new ArrayList<>(h.createQuery(
                        "SELECT user_address, market_id, size FROM positions WHERE size <> 0")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    long market = rs.getLong(2);
                    MarketSpec spec = spec(specs, market);
                    StoredRow row = new StoredRow(rs, "positions", "user_address", "market_id");
                    return new Position(rs.getString(1), market, row.scaled("size", spec.sizeDecimals()));
                })
                .list());
        positions.sort(Comparator.comparing(Position::userAddress).thenComparingLong(Position::marketId));
        return new EngineImage(counters, markets, orders, positions,
                ConditionalOrderRows.loadUntriggered(h, market -> spec(specs, market)),
                LedgerRows.load(h, market -> spec(specs, market), registry.collateralDecimals()));
    }

    private static MarketSpec spec(Map<Long, MarketSpec> specs, long marketId) {
        MarketSpec spec = specs.get(marketId);
        if (spec == null) {
            throw new IllegalStateException("row refers to market " + marketId + " which has no markets row");
        }
        return spec;
    }

    /**
     * A user's stop and take-profit orders that fired, were cancelled or expired, newest first.
     *
     * @param marketId a market, or negative for all
     * @param status   {@code triggered}, {@code cancelled} or {@code expired}, or null for all three
     * @param specs    the spec of each market, for the decimals
     */
    public static List<ConditionalOrderSnapshot> closedConditionalOrders(Handle h, String user, long marketId,
            OrderStatus status, int limit, LongFunction<MarketSpec> specs) {
        return ConditionalOrderRows.loadClosed(h, user, marketId, status, limit, specs);
    }

    /** A stop or take-profit order by number that fired, was cancelled or expired. */
    public static Optional<ConditionalOrderSnapshot> closedConditionalOrder(Handle h, long orderNumber,
            LongFunction<MarketSpec> specs) {
        return ConditionalOrderRows.loadClosed(h, orderNumber, specs);
    }

    /** Columns {@link #order} reads from the {@code orders} table. */
    public static final String ORDER_COLUMNS = "id, user_address, market_id, side, order_type, time_in_force, price,"
            + " size, filled_size, open_size, client_order_id, reduce_only, stp, expires_at_us, priority_sequence,"
            + " created_at_us, status";

    /**
     * An order row (with {@link #ORDER_COLUMNS}) as the engine's snapshot.
     *
     * @param specs the spec of each market, for the decimals
     */
    public static OrderSnapshot order(ResultSet rs, LongFunction<MarketSpec> specs)
            throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        long number = Ids.orderNumber(id);
        if (number <= 0) {
            throw new IllegalStateException("order id " + id + " is not an engine order id");
        }
        long market = rs.getLong("market_id");
        MarketSpec spec = specs.apply(market);
        int pd = spec.priceDecimals();
        int sd = spec.sizeDecimals();
        StoredRow row = new StoredRow(rs, "orders", "id");
        long size = row.scaled("size", sd);
        long filled = row.scaled("filled_size", sd);
        long open = row.scaled("open_size", sd);
        long expires = rs.getLong("expires_at_us");
        return new OrderSnapshot(number, row.text("user_address"), market,
                row.wire(Side.class, "side"), row.wire(OrderType.class, "order_type"),
                row.wire(TimeInForce.class, "time_in_force"), row.scaledOrZero("price", pd), size, filled, open,
                rs.getString("client_order_id"), rs.getBoolean("reduce_only"), row.wire(StpMode.class, "stp"),
                expires, rs.getLong("priority_sequence"), rs.getLong("created_at_us"),
                row.wire(OrderStatus.class, "status"));
    }
}
