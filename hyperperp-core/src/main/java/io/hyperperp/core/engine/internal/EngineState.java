package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSettings;
import java.util.function.Consumer;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * All mutable engine state and the primitive operations every command is built from: emitting
 * events with the next sequence number, resting and removing orders, and applying fills.
 */
public final class EngineState {

    final MarketRegistry markets;
    final EngineEventHandler events;
    /** The order books, opened on first use. */
    final MarketBooks marketBooks;
    /** Every user's open client order ids. */
    final ClientIdIndex clientIds = new ClientIdIndex();
    /** The users by address, indexed for the lookup every command makes, and in order of creation. */
    private final UserIndex userIndex = new UserIndex(clientIds);
    /** The same users by their intake number, filled as commands name them. */
    private final UserNumbers byNumber = new UserNumbers();
    final OpenOrders openOrders = new OpenOrders(1_024);
    final ExpiryQueue expiries = new ExpiryQueue();
    final OrderPool orderPool = new OrderPool();
    final LevelPool levelPool = new LevelPool();
    /** Collateral, margin and the system accounts. */
    final MarginLedger ledger;
    /** Set while a liquidation places its closing orders. */
    boolean liquidating;
    /** The command whose order is being placed (its client id is packed), or null. */
    FlatCommand placing;
    /**
     * Set when a command leaves work for after it (a trigger check, a reduce-only check, an
     * account to check for liquidation): the one field read after a command that left none.
     */
    boolean settleWork;

    long sequence;
    long orderCounter;
    long tradeCounter;
    long lastTimestamp;
    long now;

    /** Untriggered conditional orders by order number. */
    final LongHashIndex<io.hyperperp.core.event.ConditionalOrderSnapshot> conditionalOrders =
            new LongHashIndex<>(64);

    /** Books whose last or mark price moved during the current command and hold conditional orders. */
    OrderBook[] triggerChecks = new OrderBook[4];
    int triggerCheckCount;

    /** Reduce-only orders open in the engine: while there are none, a fill queues no reduce-only check. */
    int reduceOnlyOrders;

    /** Users whose reduce-only orders must be checked after the current command. */
    UserAccount[] reduceOnlyChecks = new UserAccount[8];
    int reduceOnlyCheckCount;

    /** Creates empty state that reports to {@code events}. */
    public EngineState(MarketRegistry markets, RiskSettings risk, EngineEventHandler events) {
        this.markets = markets;
        this.events = events;
        this.ledger = new MarginLedger(this, risk);
        this.marketBooks = new MarketBooks(markets, levelPool, risk.collateralDecimals());
    }

    // ---- lookups ---------------------------------------------------------------------------

    /**
     * The book of a market, opened on first use, or null if the market is unknown or is not configured
     * and the markets opened for unknown ids reached their bound ({@link #missingBookReason} tells which).
     */
    public OrderBook book(long marketId) {
        return marketBooks.book(marketId);
    }

    /** Why {@link #book} gave no book for {@code marketId}: only called on that rejection path. */
    RejectReason missingBookReason(long marketId) {
        return marketBooks.missingBookReason(marketId);
    }

    /** The book of a market if it was opened, else null. */
    public OrderBook existingBook(long marketId) {
        return marketBooks.existing(marketId);
    }

    /** The user's account, created on first use. */
    public UserAccount user(String address) {
        UserAccount user = userIndex.get(address);
        if (user == null) {
            user = userIndex.create(address);
        }
        return user;
    }

    /** The user's account, or null if the engine never saw the user. */
    public UserAccount existingUser(String address) {
        return userIndex.get(address);
    }

    /** The account of a command's user, created on first use. */
    UserAccount user(FlatCommand command) {
        int number = command.userNumber();
        if (byNumber.isNumbered(number, command.numberedBy())) {
            return byNumber.user(number);
        }
        UserAccount user = user(command.userAddress());
        byNumber.remember(number, command.numberedBy(), user);
        return user;
    }

    /** The account of a command's user, or null if the engine never saw the user. */
    UserAccount existingUser(FlatCommand command) {
        int number = command.userNumber();
        if (byNumber.isNumbered(number, command.numberedBy())) {
            return byNumber.user(number);
        }
        UserAccount user = existingUser(command.userAddress());
        if (user != null) {
            byNumber.remember(number, command.numberedBy(), user);
        }
        return user;
    }

    /** The resting order a cancel or amend names by client id, or null; the user is not read. */
    Order restingOrderForClientId(FlatCommand command) {
        int number = command.userNumber();
        int userId;
        if (byNumber.isNumbered(number, command.numberedBy())) {
            userId = byNumber.id(number);
        } else {
            UserAccount user = existingUser(command);
            if (user == null) {
                return null;
            }
            userId = user.id;
        }
        return clientIds.order(userId, command);
    }

    /** An untriggered conditional order by number, or null. */
    public io.hyperperp.core.event.ConditionalOrderSnapshot conditionalOrder(long orderId) {
        return conditionalOrders.get(orderId);
    }

    /** An open order by number, or null. */
    public Order openOrder(long orderId) {
        return openOrders.get(orderId);
    }

    // ---- events ------------------------------------------------------------------------------

    long nextSequence() {
        return ++sequence;
    }

    void reject(Command command, RejectReason reason) {
        events.commandRejected(nextSequence(), now, command, reason);
    }

    /** Rejects a command read flat; its record is built only if the handler asks for it. */
    void reject(FlatCommand command, RejectReason reason) {
        events.flatCommandRejected(nextSequence(), now, command, reason);
    }

    void emitLevel(OrderBook book, Side side, PriceLevel level, long price) {
        long seq = nextSequence();
        book.lastSequence = seq;
        if (level == null) {
            events.levelChanged(seq, now, book.marketId, side, price, 0, 0);
        } else {
            events.levelChanged(seq, now, book.marketId, side, price, level.totalSize, level.orderCount);
        }
    }

    void emitRisk(RiskEvent event) {
        events.riskEvent(nextSequence(), now, event);
    }

    /** The collateral ledger. */
    public MarginLedger ledger() {
        return ledger;
    }

    // ---- orders on the book ------------------------------------------------------------------

    /** Puts an accepted order at the back of the queue at its price and indexes it. */
    void rest(Order order) {
        OrderBook book = order.book;
        PriceLevel level = order.bookSide.getOrCreate(order.price);
        level.append(order);
        if (!order.indexed) {
            order.indexed = true;
            openOrders.add(order);
            UserAccount user = order.user;
            user.link(order, placing);
            if (order.reduceOnly) {
                reduceOnlyOrders++;
            }
            if (user.openOrderCount == MarginMath.MAX_WALKED_ORDERS + 1) {
                MarginExactTotals.linked(ledger, user);
            }
            if (order.expiresAt != 0) {
                expiries.push(order.expiresAt, order.orderId);
            }
        }
        if (book.margined) {
            ledger.orderResting(order, order.size - order.filled);
        }
        emitLevel(book, order.side(), level, order.price);
    }

    /**
     * Takes an order out of its level, removing the level if it empties. Emits the level change
     * only when asked: the matcher reports each level once after it is done with it.
     */
    void unlinkFromLevel(Order order, boolean emitLevelChange) {
        PriceLevel level = order.level;
        BookSide side = order.bookSide;
        level.remove(order);
        boolean empty = level.orderCount == 0;
        if (emitLevelChange) {
            emitLevel(order.book, order.side(), empty ? null : level, level.price);
        }
        if (empty) {
            side.levelEmptied(level);
        }
    }

    /** Forgets a resting order that is done (filled or cancelled) and recycles it. */
    void release(Order order) {
        if (order.marginOpen != 0) {
            ledger.orderResting(order, 0);
        }
        if (order.indexed) {
            openOrders.remove(order);
            UserAccount user = order.user;
            user.unlink(order);
            if (order.reduceOnly) {
                reduceOnlyOrders--;
            }
            if (user.openOrderCount == MarginMath.MAX_WALKED_ORDERS) {
                MarginExactTotals.unlinked(ledger, user);
            }
        }
        orderPool.release(order);
    }

    /** Brings a resting order's margin contribution in line after its size changed in place. */
    void marginResized(Order order) {
        if (order.book.margined) {
            ledger.orderResting(order, order.size - order.filled);
        }
    }

    /** Cancels a resting order: takes it off the book, reports it and recycles it. */
    void cancelResting(Order order, CancelReason reason, boolean emitLevelChange) {
        boolean levelEmptied = order.level.orderCount == 1;
        PriceLevel level = order.level;
        long price = level.price;
        unlinkFromLevel(order, false);
        order.setStatus(reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED);
        events.orderCancelled(nextSequence(), now, order, reason);
        if (emitLevelChange) {
            emitLevel(order.book, order.side(), levelEmptied ? null : level, price);
        }
        release(order);
    }

    /** Cancels a resting order while the matcher walks its level: the matcher reports the level. */
    void cancelDuringMatch(Order order, CancelReason reason) {
        order.level.remove(order);
        order.setStatus(OrderStatus.CANCELLED);
        events.orderCancelled(nextSequence(), now, order, reason);
        release(order);
    }

    /** Cancels an incoming order's remainder (it is on no level) and recycles it. */
    void cancelIncoming(Order order, CancelReason reason) {
        order.setStatus(OrderStatus.CANCELLED);
        events.orderCancelled(nextSequence(), now, order, reason);
        release(order);
    }

    // ---- positions -------------------------------------------------------------------------

    /** How much an order of {@code side} may trade without opening or increasing a position. */
    static long reducible(UserAccount user, OrderBook book, Side side) {
        long position = user.position(book);
        if (side == Side.BUY) {
            return position < 0 ? -position : 0;
        }
        return position > 0 ? position : 0;
    }

    /**
     * Moves a position in a market without margin (a margined market's is booked by the margin
     * ledger, {@link PositionTrade}) and queues the user's reduce-only check.
     */
    void applyPosition(UserAccount user, long marketId, Side side, long size) {
        long delta = side == Side.BUY ? size : -size;
        long previous = user.positions.get(marketId);
        long updated = Math.addExact(previous, delta);
        user.setPosition(marketId, previous, updated);
        positionMoved(user);
    }

    /** After a user's position moved: queues the check of the user's reduce-only orders, if any. */
    void positionMoved(UserAccount user) {
        if (reduceOnlyOrders != 0 && user.reduceOnlyCount > 0 && !user.pendingReduceOnlyCheck) {
            user.pendingReduceOnlyCheck = true;
            settleWork = true;
            if (reduceOnlyCheckCount == reduceOnlyChecks.length) {
                reduceOnlyChecks = java.util.Arrays.copyOf(reduceOnlyChecks, reduceOnlyCheckCount * 2);
            }
            reduceOnlyChecks[reduceOnlyCheckCount++] = user;
        }
    }

    /** Queues a book for a trigger check if it holds conditional orders. */
    void priceMoved(OrderBook book) {
        if (book.conditionals != null && book.conditionals.size() > 0 && !book.triggerCheckPending) {
            book.triggerCheckPending = true;
            settleWork = true;
            if (triggerCheckCount == triggerChecks.length) {
                triggerChecks = java.util.Arrays.copyOf(triggerChecks, triggerCheckCount * 2);
            }
            triggerChecks[triggerCheckCount++] = book;
        }
    }

    // ---- counters, read by snapshots and queries -----------------------------------------------

    /** The last sequence number used. */
    public long sequence() {
        return sequence;
    }

    /** The last order number used. */
    public long orderCounter() {
        return orderCounter;
    }

    /** The last trade number used. */
    public long tradeCounter() {
        return tradeCounter;
    }

    /** The latest command timestamp seen. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The market registry. */
    public MarketRegistry markets() {
        return markets;
    }

    /** All opened books by market id. */
    public LongObjectHashMap<OrderBook> books() {
        return marketBooks.all();
    }

    /** Calls {@code action} for every user the engine has seen, in order of first appearance. */
    public void forEachUser(Consumer<UserAccount> action) {
        userIndex.forEach(action);
    }

    /** Number of users the engine has seen. */
    int userCount() {
        return userIndex.size();
    }

    /** The user with this id (0 to {@link #userCount()} - 1, in order of first appearance). */
    UserAccount userById(int id) {
        return userIndex.byId(id);
    }
}
