package io.hyperperp.core.reference;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.engine.LevelOrders;
import io.hyperperp.core.engine.Position;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately simple second implementation of docs/matching.md, used as the oracle of the
 * differential test. Plain collections, BigInteger arithmetic, no pooling, no clever indexes:
 * clarity over speed. It produces the list of {@link EngineEvent}s the engine should emit for
 * each command, and answers the same L2 / L3 / position queries.
 *
 * <p>Readings of docs/matching.md where the page leaves room (the engine agrees with each):
 * <ul>
 *   <li>The walk looks up the best opposite level again after each pass. A reduce-only maker capped
 *       at its position stays on its level with nothing left to reduce; the level is walked a second
 *       time, the maker is cancelled ({@code reduce_only}) there, and that level gets a second
 *       {@code level_changed}. (Walking each level only once would leave the capped maker in front of
 *       worse levels until the end-of-command check.)</li>
 *   <li>An amended order that crosses is a taker like a new limit order: an STP or reduce-only stop
 *       cancels its remainder; only an unstopped remainder rests.</li>
 *   <li>When both {@code order_id} and {@code client_order_id} are given, the order id wins.</li>
 *   <li>Post-only is refused when its price crosses the best opposite level, even if that level
 *       holds only the user's own orders.</li>
 *   <li>A protection price clamped to the band is rounded to a tick again, towards the best price.</li>
 *   <li>Users whose position changed are checked in the order of their first fill in the command.</li>
 * </ul>
 *
 * <p>Its parts: {@link ReferenceOrderEntry} takes regular orders from command to book, {@link ReferenceMatching}
 * walks the book, {@link ReferenceConditionals} holds stop and take-profit orders, {@link ReferenceRules} the price
 * and size rules; {@link RefBook}, {@link ReferenceOpenOrders} and {@link ReferencePositions} what it remembers. This
 * class numbers the events and holds the books and the primitive changes of a resting order.
 */
public final class ReferenceModel {

    private final MarketRegistry registry;
    private final Map<Long, RefBook> books = new HashMap<>();
    /** Books opened for ids the registry does not configure: at most {@link MarketRegistry#maxUnknownMarkets}. */
    private int unknownMarketsOpened;
    private final ReferenceOpenOrders openOrders = new ReferenceOpenOrders();
    private final ReferencePositions positions = new ReferencePositions();

    private long sequence;
    private long orderCounter;

    // per-command scratch
    private long now;
    private List<EngineEvent> out;
    private final List<Long> movedMarkets = new ArrayList<>();
    private final ReferenceConditionals conditionals = new ReferenceConditionals(this);
    private final ReferenceMatching matching = new ReferenceMatching(this, positions, openOrders);
    private final ReferenceOrderEntry entry = new ReferenceOrderEntry(this, positions, openOrders, conditionals,
            matching);

    /** An empty model over the given markets. */
    public ReferenceModel(MarketRegistry registry) {
        this.registry = registry;
    }

    // ------------------------------------------------------------------------------------------
    // commands

    /** Processes one command and returns the events it produced, in order. */
    public List<EngineEvent> process(Command command) {
        out = new ArrayList<>();
        now = command.timestamp();
        positions.changed.clear();
        movedMarkets.clear();
        expire();
        if (command instanceof PlaceOrder p) {
            entry.place(p, 0);
        } else if (command instanceof PlaceConditionalOrder p) {
            conditionals.place(p);
        } else if (command instanceof AmendConditionalOrder a) {
            conditionals.amend(a);
        } else if (command instanceof UpdateMarkPrice m) {
            conditionals.updateMark(m);
        } else if (command instanceof CancelOrder c) {
            entry.cancel(c);
        } else if (command instanceof CancelAll c) {
            entry.cancelAll(c);
        } else if (command instanceof AmendOrder a) {
            entry.amend(a);
        } else if (!(command instanceof AdvanceTime)) {
            throw new IllegalArgumentException("unknown command " + command);
        }
        conditionals.fire(movedMarkets);
        entry.enforceReduceOnly();
        List<EngineEvent> result = out;
        out = null;
        return result;
    }

    private void expire() {
        TreeSet<RefOrder> expiries = openOrders.expiries;
        while (true) {
            RefOrder o = expiries.isEmpty() || expiries.first().expiresAt >= now ? null : expiries.first();
            var c = conditionals.firstExpired(now);
            if (o == null && c == null) {
                return;
            }
            boolean regularFirst = c == null
                    || (o != null && (o.expiresAt < c.expiresAt() || (o.expiresAt == c.expiresAt() && o.id < c.orderId())));
            if (regularFirst) {
                cancelResting(o, CancelReason.EXPIRED);
            } else {
                conditionals.cancel(c, CancelReason.EXPIRED);
            }
        }
    }

    // ---- hooks for the model's parts (ReferenceConditionals, ReferenceOrderEntry, ReferenceMatching) ----

    /**
     * The book a command names, opened on first use; or null after rejecting the command: {@code UNKNOWN_MARKET} for
     * an id the registry does not know, {@code TOO_MANY_MARKETS} for one it does not configure once that many books
     * were opened for such ids (configured markets never count).
     */
    RefBook bookFor(Command c, long marketId) {
        RefBook book = books.get(marketId);
        if (book != null) {
            return book;
        }
        Optional<MarketSpec> found = registry.find(marketId);
        if (found.isEmpty()) {
            reject(c, RejectReason.UNKNOWN_MARKET);
            return null;
        }
        if (!registry.isConfigured(marketId)) {
            if (unknownMarketsOpened >= registry.maxUnknownMarkets()) {
                reject(c, RejectReason.TOO_MANY_MARKETS);
                return null;
            }
            unknownMarketsOpened++;
        }
        book = new RefBook(found.get());
        books.put(marketId, book);
        return book;
    }

    RefBook existingBook(long marketId) {
        return books.get(marketId);
    }

    long nextOrderNumber() {
        return ++orderCounter;
    }

    long now() {
        return now;
    }

    void emit(java.util.function.LongFunction<EngineEvent> event) {
        out.add(event.apply(++sequence));
    }

    long nextSequence() {
        return ++sequence;
    }

    /** Appends an event numbered with {@link #nextSequence}. */
    void add(EngineEvent event) {
        out.add(event);
    }

    void priceMoved(long marketId) {
        if (!movedMarkets.contains(marketId)) {
            movedMarkets.add(marketId);
        }
    }

    void placeWithId(PlaceOrder c, long orderId) {
        entry.place(c, orderId);
    }

    boolean clientIdInUse(String user, String clientId) {
        return openOrders.findByClientId(user, clientId) != null || conditionals.clientIdInUse(user, clientId);
    }

    /** A user's untriggered conditional orders, oldest first. */
    public List<io.hyperperp.core.event.ConditionalOrderSnapshot> conditionalOrders(String user) {
        return conditionals.of(user);
    }

    /** A market's mark price, or 0. */
    public long markPrice(long marketId) {
        RefBook book = books.get(marketId);
        return book == null ? 0 : book.markPrice;
    }

    // ------------------------------------------------------------------------------------------
    // primitives

    void reject(Command c, RejectReason reason) {
        out.add(new EngineEvent.CommandRejected(++sequence, now, c, reason));
    }

    void emitLevel(RefBook book, Side side, long price) {
        List<RefOrder> queue = book.side(side).get(price);
        long total = 0;
        int count = 0;
        if (queue != null) {
            for (RefOrder o : queue) {
                total += o.open();
            }
            count = queue.size();
        }
        long seq = ++sequence;
        book.lastSequence = seq;
        out.add(new EngineEvent.LevelChanged(seq, now, book.spec.marketId(), side, price, total, count));
    }

    void rest(RefBook book, RefOrder o) {
        book.side(o.side).computeIfAbsent(o.price, p -> new ArrayList<>()).add(o);
        openOrders.index(o);
        emitLevel(book, o.side, o.price);
    }

    void cancelResting(RefOrder o, CancelReason reason) {
        RefBook book = books.get(o.market);
        List<RefOrder> queue = book.side(o.side).get(o.price);
        queue.remove(o);
        if (queue.isEmpty()) {
            book.side(o.side).remove(o.price);
        }
        o.status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        emitLevel(book, o.side, o.price);
        openOrders.unindex(o);
    }

    /** A maker removed while its level is being walked; the walk reports the level. */
    void cancelDuringMatch(RefOrder o, CancelReason reason) {
        books.get(o.market).side(o.side).get(o.price).remove(o);
        o.status = OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        openOrders.unindex(o);
    }

    void cancelIncoming(RefOrder o, CancelReason reason) {
        o.status = OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        openOrders.unindex(o);
    }

    // ------------------------------------------------------------------------------------------
    // queries

    /** Net position of a user in a market. */
    public long position(String user, long market) {
        return positions.position(user, market);
    }

    /** The user's non-zero positions ordered by market id. */
    public List<Position> positions(String user) {
        return positions.positions(user);
    }

    /** Every user that ever had a position or an open order. */
    public Set<String> knownUsers() {
        Set<String> all = new TreeSet<>(positions.byUser.keySet());
        all.addAll(openOrders.byUser.keySet());
        return all;
    }

    /** Ids of markets whose book was opened, ascending. */
    public List<Long> openedMarkets() {
        List<Long> ids = new ArrayList<>(books.keySet());
        Collections.sort(ids);
        return ids;
    }

    /** Full L2 depth of a market. */
    public BookDepth depth(long marketId) {
        RefBook book = books.get(marketId);
        if (book == null) {
            return new BookDepth(marketId, List.of(), List.of(), 0, 0);
        }
        return new BookDepth(marketId, levels(book.bids), levels(book.asks), book.lastSequence,
                book.lastTradePrice);
    }

    private static List<DepthLevel> levels(TreeMap<Long, List<RefOrder>> side) {
        List<DepthLevel> result = new ArrayList<>();
        side.forEach((price, queue) -> result.add(
                new DepthLevel(price, queue.stream().mapToLong(RefOrder::open).sum(), queue.size())));
        return result;
    }

    /** Full L3 of one side of a market. */
    public List<LevelOrders> levelOrders(long marketId, Side side) {
        RefBook book = books.get(marketId);
        if (book == null) {
            return List.of();
        }
        List<LevelOrders> result = new ArrayList<>();
        book.side(side).forEach((price, queue) -> result.add(
                new LevelOrders(price, queue.stream().map(RefOrder::snapshot).toList())));
        return result;
    }

    /** A user's open orders, oldest first, in one market or all ({@link CancelAll#ALL_MARKETS}). */
    public List<OrderSnapshot> openOrders(String user, long marketId) {
        TreeMap<Long, RefOrder> mine = openOrders.byUser.get(user);
        if (mine == null) {
            return List.of();
        }
        return mine.values().stream()
                .filter(o -> marketId == CancelAll.ALL_MARKETS || o.market == marketId)
                .map(RefOrder::snapshot).toList();
    }

    /** Best price on one side, or 0. */
    public long best(long marketId, Side side) {
        RefBook book = books.get(marketId);
        if (book == null || book.side(side).isEmpty()) {
            return 0;
        }
        return book.side(side).firstKey();
    }

    /** Last traded price of a market, or 0. */
    public long lastTradePrice(long marketId) {
        RefBook book = books.get(marketId);
        return book == null ? 0 : book.lastTradePrice;
    }

    /** Last event sequence number. */
    public long sequence() {
        return sequence;
    }
}
