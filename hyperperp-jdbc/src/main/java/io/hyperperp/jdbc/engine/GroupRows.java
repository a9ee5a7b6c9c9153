package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.core.settlement.SettlementPrices;
import io.hyperperp.jdbc.internal.CopyBinary;
import io.hyperperp.jdbc.numeric.Decimals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows of one group, built in memory before anything is sent, and their writing for {@link JdbcCommitHook}:
 * the command log rows, the orders the group created or changed (one row write per order, with the order's final
 * state in the group), its trades, the net position change per user and market, newly opened markets with their
 * spec, each touched market's last trade price and book sequence, and the engine counters.
 *
 * <p>Orders and trades go in through {@code COPY ... FROM STDIN} in the binary format; updates of existing orders,
 * positions and markets are one statement each over {@code unnest} of arrays. Used once, on the engine thread.
 */
final class GroupRows {

    private static final String COPY_ORDERS = "COPY orders (id, user_address, market_id, side, order_type,"
            + " time_in_force, size, price, filled_size, open_size, status, client_order_id, reduce_only, stp,"
            + " expires_at_us, priority_sequence, accepted_sequence, cancel_reason, created_at_us) FROM STDIN (FORMAT binary)";
    private static final String COPY_TRADES = "COPY trades (id, trade_number, sequence, market_id, taker_order_id,"
            + " maker_order_id, taker_address, maker_address, taker_side, price, size, taker_fee, maker_fee,"
            + " engine_timestamp_us, price_x, fee_bps) FROM STDIN (FORMAT binary)";
    static final String INSERT_MARKET = "INSERT INTO markets (market_id, symbol, price_decimals,"
            + " size_decimals, spec) VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT (market_id) DO NOTHING";

    /** One order's single row write in a group. */
    private static final class OrderRow {
        boolean inserted;
        long acceptedSequence;
        OrderSnapshot last;
        CancelReason reason;
    }

    /** Per-market state changes in a group. */
    private static final class MarketChange {
        long lastTradePrice;
        long bookSequence;
    }

    private record PositionKey(String user, long marketId) {
    }

    private final long firstNumber;
    /** The command log's JSON Lines, or null when the log is committed apart (the tables behind the log). */
    private final StringBuilder log;
    private final CopyBinary trades = new CopyBinary();
    private final Map<Long, OrderRow> orders = new LinkedHashMap<>();
    private final Map<PositionKey, Long> positions = new LinkedHashMap<>();
    private final Map<Long, MarketChange> markets = new LinkedHashMap<>();
    private final ConditionalOrderRows conditionals = new ConditionalOrderRows();
    private final Map<Long, MarketSpec> newMarkets = new LinkedHashMap<>();
    private final Map<Long, MarketSpec> specs;
    private final MarketRegistry registry;
    private final Consumer<WriteStage> stage;
    private final AccountRows accounts;
    private MarketSpec lastSpec;
    private long number;
    private long lastSequence;
    private long lastOrder;
    private long lastTrade;
    private long lastTimestamp;

    /**
     * @param firstNumber the command number of the group's first command
     * @param specs       specs of the markets already stored (read only)
     * @param registry    the engine's market registry: gives the spec of markets the engine opens
     * @param stage       ends the current timed stage of the hook with the given stage index
     */
    GroupRows(long firstNumber, Map<Long, MarketSpec> specs, MarketRegistry registry, Consumer<WriteStage> stage,
              Map<String, Long> collateral) {
        this(firstNumber, specs, registry, stage, collateral, true);
    }

    /**
     * @param withLog whether the rows include the command log's row and move {@code engine_state} (inline), or
     *                only the tables, moving {@code read_model_watermark} (the tables behind the log: one or
     *                more groups whose log rows are already committed, each closed by {@link #finishAccounts})
     */
    GroupRows(long firstNumber, Map<Long, MarketSpec> specs, MarketRegistry registry, Consumer<WriteStage> stage,
              Map<String, Long> collateral, boolean withLog) {
        this.log = withLog ? new StringBuilder(1 << 15) : null; // about 310 characters per command
        this.firstNumber = firstNumber;
        this.specs = specs;
        this.registry = registry;
        this.stage = stage;
        this.number = firstNumber - 1;
        this.accounts = new AccountRows(collateral, this::spec,
                RiskSettings.DEFAULTS.withCollateralDecimals(registry.collateralDecimals()));
    }

    /** The group's account rows. */
    AccountRows accounts() {
        return accounts;
    }

    /**
     * Closes the group's ledger with the accounts' state after it (see {@link ProcessedGroup#accounts()}). Behind
     * the log, rows fold several groups: this is called after each of them, so each keeps its own ledger entries.
     */
    void finishAccounts(List<LedgerImage.Account> after) {
        accounts.finish(number, after);
        for (LedgerImage.Account a : after) {
            for (LedgerImage.Market m : a.markets()) {
                spec(m.marketId()); // a leverage change can open a market: its row goes in before the account's
            }
        }
    }

    /** @return specs of the markets this group opens, in the order first seen */
    Map<Long, MarketSpec> newMarkets() {
        return newMarkets;
    }

    MarketSpec spec(long marketId) {
        // Called several times per event (each order touched, each fill), nearly always for the market asked last:
        // its spec is kept rather than looked up again in two maps by a boxed key (GroupRows.spec was 5% of the
        // commit thread's own samples, session 16).
        MarketSpec last = lastSpec;
        if (last != null && last.marketId() == marketId) {
            return last;
        }
        MarketSpec spec = lookUpSpec(marketId);
        lastSpec = spec;
        return spec;
    }

    private MarketSpec lookUpSpec(long marketId) {
        MarketSpec spec = specs.get(marketId);
        if (spec == null) {
            spec = newMarkets.get(marketId);
        }
        if (spec == null) {
            spec = registry.find(marketId).orElseThrow(
                    () -> new IllegalStateException("event in unknown market " + marketId));
            newMarkets.put(marketId, spec); // opened without a place command we saw: store it anyway
        }
        return spec;
    }

    void add(ProcessedCommand pc) {
        Command command = pc.command();
        List<EngineEvent> events = pc.events();
        number++;
        lastTimestamp = Math.max(lastTimestamp, command.timestamp());
        if (log != null) {
            CommandLog.appendLine(log, number, pc);
        }
        if (command instanceof PlaceOrder p && !specs.containsKey(p.marketId())
                && !newMarkets.containsKey(p.marketId())) {
            // The engine opens a book on a place command for any market its registry knows.
            registry.find(p.marketId()).ifPresent(spec -> newMarkets.put(spec.marketId(), spec));
        }
        for (EngineEvent e : events) {
            lastSequence = Math.max(lastSequence, e.sequence());
            accounts.event(number, e);
            if (e instanceof EngineEvent.OrderAccepted a) {
                OrderRow row = touch(a.order());
                row.inserted = true;
                row.acceptedSequence = a.sequence();
                lastOrder = Math.max(lastOrder, a.order().orderId());
            } else if (e instanceof EngineEvent.Fill f) {
                addTrade(f);
            } else if (e instanceof EngineEvent.OrderCancelled x) {
                touch(x.order()).reason = x.reason();
            } else if (e instanceof EngineEvent.OrderAmended m) {
                touch(m.order());
            } else if (e instanceof EngineEvent.OrderFilled f) {
                touch(f.order());
            } else if (e instanceof EngineEvent.Risk r && r.event().counterparty() != null
                    && (r.event().kind() == RiskEvent.Kind.TAKEOVER || r.event().kind() == RiskEvent.Kind.ADL)
                    && r.event().marketId() != RiskEvent.NO_MARKET) {
                // A position handed over at the bankruptcy price: the account moves size, the counterparty the opposite.
                RiskEvent x = r.event();
                positions.merge(new PositionKey(x.userAddress(), x.marketId()), x.size(), Math::addExact);
                positions.merge(new PositionKey(x.counterparty(), x.marketId()), -x.size(), Math::addExact);
            } else if (e instanceof EngineEvent.LevelChanged l) {
                market(l.marketId()).bookSequence = l.sequence();
            } else if (conditionals.accept(e)) {
                spec(ConditionalOrderRows.marketOf(e)); // resolve now: new markets are inserted first
                if (e instanceof EngineEvent.ConditionalAccepted a) {
                    lastOrder = Math.max(lastOrder, a.order().orderId());
                }
            }
        }
    }

    OrderRow touch(OrderSnapshot order) {
        spec(order.marketId()); // resolve now: new markets are inserted before the orders
        OrderRow row = orders.computeIfAbsent(order.orderId(), k -> new OrderRow());
        row.last = order;
        return row;
    }

    MarketChange market(long marketId) {
        return markets.computeIfAbsent(marketId, k -> new MarketChange());
    }

    void addTrade(EngineEvent.Fill f) {
        MarketSpec spec = spec(f.marketId());
        int pd = spec.priceDecimals();
        int sd = spec.sizeDecimals();
        touch(f.taker());
        touch(f.maker());
        lastTrade = Math.max(lastTrade, f.tradeId());
        market(f.marketId()).lastTradePrice = f.price();
        boolean takerBuys = f.takerSide() == io.hyperperp.core.order.Side.BUY;
        positions.merge(new PositionKey(f.taker().userAddress(), f.marketId()),
                takerBuys ? f.size() : -f.size(), Math::addExact);
        positions.merge(new PositionKey(f.maker().userAddress(), f.marketId()),
                takerBuys ? -f.size() : f.size(), Math::addExact);
        trades.uuid(Ids.trade(f.tradeId())).bigint(f.tradeId()).bigint(f.sequence()).bigint(f.marketId())
                .uuid(f.taker().uuid()).uuid(f.maker().uuid())
                .text(f.taker().userAddress()).text(f.maker().userAddress()).text(f.takerSide().wireName())
                .decimal(f.price(), pd).decimal(f.size(), sd).decimal(f.takerFee(), pd)
                .decimal(f.makerFee(), pd).bigint(f.timestamp());
        try {
            trades.bigint(SettlementPrices.priceX(f.price(), pd));
        } catch (ArithmeticException ex) {
            trades.nul();
        }
        trades.integer(spec.takerFeeBps()).endRow();
    }

    /** @return the number of the last command added */
    long lastNumber() {
        return number;
    }

    /** @return the highest trade number added (0 when none) */
    long lastTrade() {
        return lastTrade;
    }

    /**
     * Locks the row a take-over's fence updates ({@code engine_state} for a group commit, {@code
     * read_model_watermark} for the table writer) before the group's first write, the new markets': a
     * transaction that holds a market row must hold the fence row too. Otherwise a leader paused right after
     * inserting a market holds that row's lock unseen by the fence (which ends only the transactions locking its
     * rows), and the next leader's insert of the same market waits for as long as the pause lasts. The later
     * state update locks the row anyway, so only a group with new markets pays this round trip.
     */
    static void lockFenceRow(Connection c, StateUpdate.Counters counters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + counters.table + " WHERE id = 1 FOR SHARE")) {
            ps.executeQuery().close();
        }
    }

    /** Sends everything; @return rows written. */
    long write(Connection c, long fencingTerm) throws SQLException {
        long written = 0;
        StateUpdate.Counters counters = log != null ? StateUpdate.Counters.ENGINE_STATE : StateUpdate.Counters.WATERMARK;
        if (!newMarkets.isEmpty()) {
            lockFenceRow(c, counters);
            try (PreparedStatement ps = c.prepareStatement(INSERT_MARKET)) {
                for (MarketSpec s : newMarkets.values()) {
                    ps.setLong(1, s.marketId());
                    ps.setString(2, s.symbol());
                    ps.setInt(3, s.priceDecimals());
                    ps.setInt(4, s.sizeDecimals());
                    ps.setString(5, MarketSpecs.toJson(s));
                    ps.addBatch();
                }
                ps.executeBatch();
                written += newMarkets.size();
            }
        }
        stage.accept(WriteStage.MARKETS);
        // One round trip for the updates of existing orders (first, so a client order id an order closed in this
        // group frees can be reused by a new order), the command log row, positions, markets and engine counters.
        StateUpdate state = new StateUpdate(firstNumber - 1, number, lastSequence, lastOrder, lastTrade,
                lastTimestamp, fencingTerm, counters);
        addOrderUpdates(state);
        state.extra(accounts);
        if (log != null && number >= firstNumber) {
            state.commandLog(log.toString());
        }
        // A net change of zero is written too: a row exists once a user has traded in a market, whichever groups
        // its fills fell in (skipping it made a zero row depend on the grouping: +x and -x in one group left none,
        // in two groups a row of 0).
        for (Map.Entry<PositionKey, Long> e : positions.entrySet()) {
            state.position(e.getKey().user(), e.getKey().marketId(),
                    Decimals.toPlainString(e.getValue(), spec(e.getKey().marketId()).sizeDecimals()));
        }
        for (Map.Entry<Long, MarketChange> e : markets.entrySet()) {
            MarketChange m = e.getValue();
            state.market(e.getKey(), m.lastTradePrice == 0 ? null
                    : Decimals.toPlainString(m.lastTradePrice, spec(e.getKey()).priceDecimals()), m.bookSequence);
        }
        written += state.write(c);
        stage.accept(WriteStage.UPDATES_LOG_STATE);
        written += insertOrders(c);
        stage.accept(WriteStage.ORDER_INSERTS);
        written += trades.copyInto(c, COPY_TRADES);
        stage.accept(WriteStage.TRADES);
        written += conditionals.write(c, this::spec);
        stage.accept(WriteStage.CONDITIONAL_ORDERS);
        return written;
    }

    /** Adds the updates of orders that existed before the group to {@code state} (it sends them first). */
    void addOrderUpdates(StateUpdate state) {
        List<OrderRow> updates = new ArrayList<>();
        for (OrderRow row : orders.values()) {
            if (!row.inserted) {
                updates.add(row);
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        int k = updates.size();
        String[] ids = new String[k];
        String[] size = new String[k];
        String[] price = new String[k];
        String[] filled = new String[k];
        String[] open = new String[k];
        String[] status = new String[k];
        Long[] priority = new Long[k];
        String[] reason = new String[k];
        for (int i = 0; i < k; i++) {
            OrderRow row = updates.get(i);
            OrderSnapshot o = row.last;
            MarketSpec spec = spec(o.marketId());
            ids[i] = o.uuid().toString();
            size[i] = Decimals.toPlainString(o.size(), spec.sizeDecimals());
            price[i] = hasPrice(o) ? Decimals.toPlainString(o.price(), spec.priceDecimals()) : null;
            filled[i] = Decimals.toPlainString(o.filledSize(), spec.sizeDecimals());
            open[i] = Decimals.toPlainString(openSize(o), spec.sizeDecimals());
            status[i] = o.status().wireName();
            priority[i] = o.prioritySequence();
            reason[i] = row.reason == null ? null : row.reason.wireName();
        }
        state.orderUpdates(k, ids, size, price, filled, open, status, priority, reason);
    }

    /** COPYs the orders accepted in the group; @return rows written. */
    long insertOrders(Connection c) throws SQLException {
        CopyBinary inserts = new CopyBinary();
        for (OrderRow row : orders.values()) {
            if (!row.inserted) {
                continue;
            }
            OrderSnapshot o = row.last;
            MarketSpec spec = spec(o.marketId());
            int pd = spec.priceDecimals();
            int sd = spec.sizeDecimals();
            inserts.uuid(o.uuid()).text(o.userAddress()).bigint(o.marketId()).text(o.side().wireName())
                    .text(o.orderType().wireName()).text(o.timeInForce().wireName()).decimal(o.size(), sd);
            if (hasPrice(o)) {
                inserts.decimal(o.price(), pd);
            } else {
                inserts.nul();
            }
            inserts.decimal(o.filledSize(), sd).decimal(openSize(o), sd).text(o.status().wireName())
                    .text(o.clientOrderId()).bool(o.reduceOnly()).text(o.stp().wireName());
            if (o.expiresAt() != 0) {
                inserts.bigint(o.expiresAt());
            } else {
                inserts.nul();
            }
            inserts.bigint(o.prioritySequence()).bigint(row.acceptedSequence)
                    .text(row.reason == null ? null : row.reason.wireName()).bigint(o.createdAt()).endRow();
        }
        return inserts.copyInto(c, COPY_ORDERS);
    }

    private static boolean hasPrice(OrderSnapshot o) {
        return o.price() > 0 || o.orderType() == OrderType.LIMIT;
    }

    private static long openSize(OrderSnapshot o) {
        return o.status().isOpen() ? o.openSize() : 0;
    }

}
