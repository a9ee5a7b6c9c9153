package io.hyperperp.core.engine;

import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.internal.BookSide;
import io.hyperperp.core.engine.internal.CommandProcessor;
import io.hyperperp.core.engine.internal.ConditionalOrders;
import io.hyperperp.core.engine.internal.EngineState;
import io.hyperperp.core.engine.internal.ImageCodec;
import io.hyperperp.core.engine.internal.LedgerCodec;
import io.hyperperp.core.engine.internal.Order;
import io.hyperperp.core.engine.internal.OrderBook;
import io.hyperperp.core.engine.internal.PriceLevel;
import io.hyperperp.core.engine.internal.UserAccount;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.AccountView;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.core.engine.internal.AccountViews;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The matching engine over all markets: price-time priority books, fixed-point prices and sizes,
 * deterministic output.
 *
 * <p>Single-threaded and lock-free by design: call every method from one thread (or use
 * {@link io.hyperperp.core.runtime.EngineRuntime}, which owns that thread). The engine never reads
 * a clock; time comes from the commands. The same commands give the same events, byte for byte.
 *
 * <pre>{@code
 * MatchingEngine engine = new MatchingEngine(MarketRegistry.defaults(), handler);
 * engine.process(PlaceOrder.limit(ts, "0xa11ce", 1, Side.SELL, price, size));
 * }</pre>
 *
 * <p>The engine reads commands as {@link FlatCommand}s: a caller that can do so off the engine
 * thread (the runtime's intake, a replay loader) flattens them through {@link #intake()} and calls
 * {@link #process(FlatCommand)}; {@link #process(Command)} flattens on the calling thread. Either
 * way the events are the same.
 */
public final class MatchingEngine {

    private final EngineState state;
    private final CommandProcessor processor;
    private final CommandIntake intake = new CommandIntake();
    /** Reused by {@link #process(Command)}, on the engine thread. */
    private final FlatCommand slot = new FlatCommand();

    /**
     * An empty engine.
     *
     * @param markets market specs and the rule for unknown market ids
     * @param events  receives every event, on the calling thread
     */
    public MatchingEngine(MarketRegistry markets, EngineEventHandler events) {
        this(markets, RiskSettings.DEFAULTS.withCollateralDecimals(markets.collateralDecimals()), events);
    }

    /**
     * An empty engine with the given collateral settings.
     *
     * @param markets market specs (their {@link MarketSpec#risk()} turns margin on per market)
     * @param risk    collateral decimals and the insurance fund and fee account addresses
     * @param events  receives every event, on the calling thread
     */
    public MatchingEngine(MarketRegistry markets, RiskSettings risk, EngineEventHandler events) {
        this.state = new EngineState(markets, risk, events);
        this.processor = new CommandProcessor(state);
    }

    /** An engine rebuilt from an image; continuing it gives the same events as never stopping. */
    public static MatchingEngine restore(MarketRegistry markets, EngineEventHandler events, EngineImage image) {
        return restore(markets, RiskSettings.DEFAULTS.withCollateralDecimals(markets.collateralDecimals()), events,
                image);
    }

    /** An engine with the given collateral settings rebuilt from an image. */
    public static MatchingEngine restore(MarketRegistry markets, RiskSettings risk, EngineEventHandler events,
                                         EngineImage image) {
        MatchingEngine engine = new MatchingEngine(markets, risk, events);
        ImageCodec.restore(engine.state, engine.processor.conditionals(), image);
        return engine;
    }

    /** Processes one command; its events reach the handler before this returns. */
    public void process(Command command) {
        intake.flatten(command, slot);
        processor.process(slot);
    }

    /**
     * Processes one flattened command (see {@link #intake()}); its events reach the handler before
     * this returns. The engine keeps nothing of the slot, which the caller may reuse at once.
     */
    public void process(FlatCommand command) {
        processor.process(command);
    }

    /**
     * This engine's intake: flattens commands for {@link #process(FlatCommand)}, from any thread.
     * Commands flattened by another intake give the same events, only looked up more slowly.
     */
    public CommandIntake intake() {
        return intake;
    }

    /**
     * The earliest {@code expires_at} of a resting or untriggered order, or {@link Long#MAX_VALUE}
     * when none: a command with a later timestamp expires it. (It may belong to an order that has
     * already left; the next command drops such entries.)
     */
    public long nextExpiry() {
        return processor.nextExpiry();
    }

    /** The whole state as values (see {@link EngineSnapshots} to write it out). */
    public EngineImage image() {
        return ImageCodec.capture(state);
    }

    /** The counters: last sequence, order and trade numbers, latest timestamp. */
    public EngineCounters counters() {
        return new EngineCounters(state.sequence(), state.orderCounter(), state.tradeCounter(),
                state.lastTimestamp());
    }

    /** The market registry this engine uses. */
    public MarketRegistry markets() {
        return state.markets();
    }

    /** The spec of a market, if it is known (configured, opened, or allowed by default). */
    public Optional<MarketSpec> spec(long marketId) {
        OrderBook book = state.existingBook(marketId);
        return book != null ? Optional.of(book.spec()) : state.markets().find(marketId);
    }

    /** Ids of the markets that have a book, ascending. */
    public List<Long> openedMarkets() {
        List<Long> ids = new ArrayList<>();
        state.books().forEachKey(ids::add);
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** L2 depth: up to {@code levels} best levels per side. An unopened market gives empty sides. */
    public BookDepth depth(long marketId, int levels) {
        OrderBook book = state.existingBook(marketId);
        if (book == null) {
            return new BookDepth(marketId, List.of(), List.of(), 0, 0);
        }
        return new BookDepth(marketId, depthOf(book.side(Side.BUY), levels), depthOf(book.side(Side.SELL), levels),
                book.lastSequence(), book.lastTradePrice());
    }

    private static List<DepthLevel> depthOf(BookSide side, int levels) {
        int n = Math.min(Math.max(levels, 0), side.levelCount());
        List<DepthLevel> out = new ArrayList<>(n);
        for (int slot = 0; out.size() < n; slot++) {
            PriceLevel level = side.slot(slot);
            if (level.orderCount() == 0) {
                continue;
            }
            out.add(new DepthLevel(level.price(), level.totalSize(), level.orderCount()));
        }
        return out;
    }

    /** L3: up to {@code levels} best levels of one side with their orders in priority order. */
    public List<LevelOrders> levelOrders(long marketId, Side side, int levels) {
        OrderBook book = state.existingBook(marketId);
        if (book == null) {
            return List.of();
        }
        BookSide bookSide = book.side(side);
        int n = Math.min(Math.max(levels, 0), bookSide.levelCount());
        List<LevelOrders> out = new ArrayList<>(n);
        for (int slot = 0; out.size() < n; slot++) {
            PriceLevel level = bookSide.slot(slot);
            if (level.orderCount() == 0) {
                continue;
            }
            List<OrderSnapshot> orders = new ArrayList<>(level.orderCount());
            for (Order o = level.head(); o != null; o = o.next()) {
                orders.add(OrderSnapshot.of(o));
            }
            out.add(new LevelOrders(level.price(), orders));
        }
        return out;
    }

    /** An open order by number. */
    public Optional<OrderSnapshot> openOrder(long orderId) {
        Order order = state.openOrder(orderId);
        return order == null ? Optional.empty() : Optional.of(OrderSnapshot.of(order));
    }

    /** A user's open order by client order id. */
    public Optional<OrderSnapshot> openOrderByClientId(String userAddress, String clientOrderId) {
        UserAccount user = state.existingUser(userAddress);
        if (user == null || clientOrderId == null) {
            return Optional.empty();
        }
        for (Order o = user.firstOrder(); o != null; o = o.nextOfUser()) {
            if (clientOrderId.equals(o.clientOrderId())) {
                return Optional.of(OrderSnapshot.of(o));
            }
        }
        return Optional.empty();
    }

    /** A user's open orders, oldest first, in one market or in all ({@link CancelAll#ALL_MARKETS}). */
    public List<OrderSnapshot> openOrders(String userAddress, long marketId) {
        UserAccount user = state.existingUser(userAddress);
        List<OrderSnapshot> out = new ArrayList<>();
        if (user == null) {
            return out;
        }
        for (Order o = user.firstOrder(); o != null; o = o.nextOfUser()) {
            if (marketId == CancelAll.ALL_MARKETS || o.marketId() == marketId) {
                out.add(OrderSnapshot.of(o));
            }
        }
        return out;
    }

    /** An untriggered conditional order by number. */
    public Optional<ConditionalOrderSnapshot> conditionalOrder(long orderId) {
        return Optional.ofNullable(state.conditionalOrder(orderId));
    }

    /** A user's untriggered conditional orders, oldest first, in one market or all. */
    public List<ConditionalOrderSnapshot> conditionalOrders(String userAddress, long marketId) {
        return ConditionalOrders.of(state.existingUser(userAddress), marketId, marketId == CancelAll.ALL_MARKETS);
    }

    /** A market's mark price, or 0. */
    public long markPrice(long marketId) {
        OrderBook book = state.existingBook(marketId);
        return book == null ? 0 : book.markPrice();
    }

    /**
     * A margined market's open interest: the sum of its long positions' sizes, which equals the sum
     * of its short positions' (the insurance fund's included); -1 for a market without margin or
     * not opened.
     */
    public long openInterest(long marketId) {
        OrderBook book = state.existingBook(marketId);
        return book == null ? -1 : book.openInterest();
    }

    /**
     * An account's collateral, equity, margin and positions at the current marks, or empty if the
     * address never deposited nor traded in a margined market. Amounts are collateral units.
     */
    public Optional<AccountView> account(String address) {
        return Optional.ofNullable(AccountViews.of(state, address));
    }

    /**
     * An account's ledger state (number, collateral, and per market leverage, position and entry
     * cost) as stored in an {@link EngineImage}, or empty if the address has no account.
     */
    public Optional<LedgerImage.Account> ledgerAccount(String address) {
        return Optional.ofNullable(LedgerCodec.account(state, address));
    }

    /** The collateral settings. */
    public RiskSettings riskSettings() {
        return state.ledger().settings();
    }

    /**
     * Σ over all accounts (insurance fund and fee account included) of collateral minus the entry
     * cost of open positions. Equals {@link #netDeposits()} after every command: fills, fees,
     * funding and liquidations only move collateral between accounts.
     */
    public long conservedTotal() {
        return state.ledger().conservedTotal();
    }

    /** Σ deposits − Σ withdrawals, in collateral units. */
    public long netDeposits() {
        return state.ledger().netDeposits();
    }

    /** A user's net position in a market (0 if none). */
    public long position(String userAddress, long marketId) {
        UserAccount user = state.existingUser(userAddress);
        return user == null ? 0 : user.position(marketId);
    }

    /** A user's non-zero net positions, by market id. */
    public List<Position> positions(String userAddress) {
        UserAccount user = state.existingUser(userAddress);
        List<Position> out = new ArrayList<>();
        if (user != null) {
            user.forEachPosition((market, size) -> out.add(new Position(userAddress, market, size)));
            out.sort(Comparator.comparingLong(Position::marketId));
        }
        return out;
    }
}
