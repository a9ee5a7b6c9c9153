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
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
 */
public final class ReferenceModel {

    private static final BigInteger BPS = BigInteger.valueOf(MarketSpec.BPS);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** A mutable order of the model. */
    static final class RefOrder {
        long id;
        String user;
        long market;
        Side side;
        OrderType type;
        TimeInForce tif;
        long price;
        long size;
        long filled;
        String clientId;
        boolean reduceOnly;
        StpMode stp;
        long expiresAt;
        long priority;
        long createdAt;
        OrderStatus status;

        long open() {
            return size - filled;
        }

        OrderSnapshot snapshot() {
            return new OrderSnapshot(id, user, market, side, type, tif, price, size, filled, size - filled,
                    clientId, reduceOnly, stp, expiresAt, priority, createdAt, status);
        }
    }

    /** One market's book: price to FIFO queue, best first for both sides. */
    static final class RefBook {
        final MarketSpec spec;
        final TreeMap<Long, List<RefOrder>> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, List<RefOrder>> asks = new TreeMap<>();
        long lastTradePrice;
        long lastSequence;
        long markPrice;

        RefBook(MarketSpec spec) {
            this.spec = spec;
        }

        TreeMap<Long, List<RefOrder>> side(Side side) {
            return side == Side.BUY ? bids : asks;
        }

        BigInteger sizeUnit() {
            return BigInteger.TEN.pow(spec.sizeDecimals());
        }
    }

    /** Why a taker stopped walking the book. */
    private enum Stop { FILLED, BOOK_EXHAUSTED, PRICE_LIMIT, SELF_TRADE, REDUCE_ONLY }

    private final MarketRegistry registry;
    private final Map<Long, RefBook> books = new HashMap<>();
    /** Books opened for ids the registry does not configure: at most {@link MarketRegistry#maxUnknownMarkets}. */
    private int unknownMarketsOpened;
    /** Open (resting) orders by number. */
    private final Map<Long, RefOrder> openOrders = new HashMap<>();
    /** Open orders per user, by order number (= oldest first). */
    private final Map<String, TreeMap<Long, RefOrder>> ordersByUser = new HashMap<>();
    /** Net positions per user and market; zero entries are removed. */
    private final Map<String, Map<Long, Long>> positions = new HashMap<>();
    /** Open orders with a good-til-time, by (expires_at, order number). */
    private final TreeSet<RefOrder> expiries = new TreeSet<>(
            Comparator.comparingLong((RefOrder o) -> o.expiresAt).thenComparingLong(o -> o.id));

    private long sequence;
    private long orderCounter;
    private long tradeCounter;

    // per-command scratch
    private long now;
    private List<EngineEvent> out;
    private final Set<String> positionChanged = new LinkedHashSet<>();
    private final List<Long> movedMarkets = new ArrayList<>();
    private final ReferenceConditionals conditionals = new ReferenceConditionals(this);

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
        positionChanged.clear();
        movedMarkets.clear();
        expire();
        if (command instanceof PlaceOrder p) {
            place(p, 0);
        } else if (command instanceof PlaceConditionalOrder p) {
            conditionals.place(p);
        } else if (command instanceof AmendConditionalOrder a) {
            conditionals.amend(a);
        } else if (command instanceof UpdateMarkPrice m) {
            conditionals.updateMark(m);
        } else if (command instanceof CancelOrder c) {
            cancel(c);
        } else if (command instanceof CancelAll c) {
            cancelAll(c);
        } else if (command instanceof AmendOrder a) {
            amend(a);
        } else if (!(command instanceof AdvanceTime)) {
            throw new IllegalArgumentException("unknown command " + command);
        }
        conditionals.fire(movedMarkets);
        enforceReduceOnly();
        List<EngineEvent> result = out;
        out = null;
        return result;
    }

    private void expire() {
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

    // ---- hooks for ReferenceConditionals -----------------------------------------------------

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

    void priceMoved(long marketId) {
        if (!movedMarkets.contains(marketId)) {
            movedMarkets.add(marketId);
        }
    }

    void placeWithId(PlaceOrder c, long orderId) {
        place(c, orderId);
    }

    boolean clientIdInUse(String user, String clientId) {
        return findByClientId(user, clientId) != null || conditionals.clientIdInUse(user, clientId);
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

    private void place(PlaceOrder c, long presetOrderId) {
        RefBook book = bookFor(c, c.marketId());
        if (book == null) {
            return;
        }
        MarketSpec spec = book.spec;
        RejectReason reason = validatePlace(book, c);
        if (reason != null) {
            reject(c, reason);
            return;
        }
        reason = sizeLimits(book, c.userAddress(), c.side(), c.price(), c.size(),
                c.orderType() == OrderType.LIMIT && (c.timeInForce() == TimeInForce.GTC
                        || c.timeInForce() == TimeInForce.POST_ONLY), null);
        if (reason != null) {
            reject(c, reason);
            return;
        }
        long size = c.size();
        if (c.reduceOnly()) {
            long allowed = reducible(c.userAddress(), c.marketId(), c.side());
            if (allowed == 0) {
                reject(c, RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
            size = Math.min(size, allowed);
        }
        if (c.timeInForce() == TimeInForce.POST_ONLY && crossesBook(book, c.side(), c.price())) {
            reject(c, RejectReason.POST_ONLY_WOULD_CROSS);
            return;
        }
        Map.Entry<Long, List<RefOrder>> bestOpposite = book.side(c.side().opposite()).firstEntry();
        long price = c.price();
        if (c.orderType() == OrderType.MARKET && price == PlaceOrder.NO_PRICE && bestOpposite != null) {
            price = protectionPrice(book, c.side(), bestOpposite.getKey());
        }
        RefOrder o = new RefOrder();
        o.id = presetOrderId != 0 ? presetOrderId : ++orderCounter;
        o.user = c.userAddress();
        o.market = c.marketId();
        o.side = c.side();
        o.type = c.orderType();
        o.tif = c.timeInForce();
        o.price = price;
        o.size = size;
        o.filled = 0;
        o.clientId = c.clientOrderId();
        o.reduceOnly = c.reduceOnly();
        o.stp = c.stp() == null ? spec.defaultStp() : c.stp();
        o.expiresAt = c.expiresAt();
        o.createdAt = c.timestamp();
        o.status = OrderStatus.PENDING;
        long seq = ++sequence;
        o.priority = seq;
        out.add(new EngineEvent.OrderAccepted(seq, now, o.snapshot()));

        if (c.orderType() == OrderType.MARKET && bestOpposite == null) {
            cancelIncoming(o, CancelReason.NO_LIQUIDITY);
            return;
        }
        if (c.timeInForce() == TimeInForce.FOK && dryRunFillable(book, o) < o.size) {
            cancelIncoming(o, CancelReason.FOK_UNFILLABLE);
            return;
        }
        finishTaker(book, o, match(book, o));
    }

    private RejectReason validatePlace(RefBook book, PlaceOrder c) {
        MarketSpec spec = book.spec;
        if (c.userAddress().isEmpty()) {
            return RejectReason.INVALID_USER;
        }
        long size = c.size();
        if (size <= 0) {
            return RejectReason.INVALID_SIZE;
        }
        if (size % spec.lotSize() != 0) {
            return RejectReason.INVALID_LOT;
        }
        if (size < spec.minSize()) {
            return RejectReason.SIZE_TOO_SMALL;
        }
        if (size > spec.maxSize()) {
            return RejectReason.SIZE_TOO_LARGE;
        }
        if (c.orderType() == OrderType.MARKET) {
            if (c.timeInForce() != TimeInForce.IOC && c.timeInForce() != TimeInForce.FOK) {
                return RejectReason.INVALID_TIME_IN_FORCE;
            }
            if (c.price() < 0) {
                return RejectReason.INVALID_PRICE;
            }
        } else {
            RejectReason r = checkLimitPrice(book, c.price());
            if (r != null) {
                return r;
            }
            if (!notionalFits(book, c.price(), size)) {
                return RejectReason.NOTIONAL_OVERFLOW;
            }
        }
        if (c.clientOrderId() != null && !validClientId(c.clientOrderId())) {
            return RejectReason.INVALID_CLIENT_ORDER_ID;
        }
        if (c.expiresAt() != PlaceOrder.NO_EXPIRY && c.expiresAt() <= c.timestamp()) {
            return RejectReason.INVALID_EXPIRY;
        }
        if (c.clientOrderId() != null && clientIdInUse(c.userAddress(), c.clientOrderId())) {
            return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        return null;
    }

    private RejectReason checkLimitPrice(RefBook book, long price) {
        if (price <= 0) {
            return RejectReason.INVALID_PRICE;
        }
        if (price % book.spec.tickSize() != 0) {
            return RejectReason.INVALID_TICK;
        }
        int band = book.spec.priceBandBps();
        if (band > 0 && book.lastTradePrice != 0) {
            BigInteger last = BigInteger.valueOf(book.lastTradePrice);
            BigInteger low = ceilDiv(last.multiply(BigInteger.valueOf(MarketSpec.BPS - band)), BPS);
            BigInteger high = last.multiply(BigInteger.valueOf(MarketSpec.BPS + band)).divide(BPS);
            BigInteger p = BigInteger.valueOf(price);
            if (p.compareTo(low) < 0 || p.compareTo(high) > 0) {
                return RejectReason.PRICE_OUT_OF_BAND;
            }
        }
        return null;
    }

    /**
     * Positions and level totals stay within 64 bits: the position moved by all of the user's open
     * orders on the side plus this one, and the level it may join, must fit (exact arithmetic).
     */
    private RejectReason sizeLimits(RefBook book, String user, Side side, long price, long size, boolean mayRest,
                                    RefOrder excluded) {
        long market = book.spec.marketId();
        BigInteger position = BigInteger.valueOf(position(user, market));
        BigInteger exposure = (side == Side.BUY ? position : position.negate()).add(BigInteger.valueOf(size));
        for (RefOrder o : ordersByUser.getOrDefault(user, new TreeMap<>()).values()) {
            if (o != excluded && o.market == market && o.side == side) {
                exposure = exposure.add(BigInteger.valueOf(o.open()));
            }
        }
        if (exposure.compareTo(LONG_MAX) > 0) {
            return RejectReason.POSITION_TOO_LARGE;
        }
        if (mayRest) {
            BigInteger total = BigInteger.valueOf(size);
            for (RefOrder o : book.side(side).getOrDefault(price, List.of())) {
                if (o != excluded) {
                    total = total.add(BigInteger.valueOf(o.open()));
                }
            }
            if (total.compareTo(LONG_MAX) > 0) {
                return RejectReason.LEVEL_TOO_LARGE;
            }
        }
        return null;
    }

    private static boolean notionalFits(RefBook book, long price, long size) {
        return notional(book, price, size).compareTo(LONG_MAX) <= 0;
    }

    private static BigInteger notional(RefBook book, long price, long size) {
        return BigInteger.valueOf(price).multiply(BigInteger.valueOf(size)).divide(book.sizeUnit());
    }

    static boolean validClientId(String id) {
        if (id.isEmpty() || id.length() > 36) {
            return false;
        }
        return id.matches("[A-Za-z0-9._:/-]+");
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    /** Best opposite moved by the max slippage, rounded to a tick towards the best, clamped to the band. */
    private static long protectionPrice(RefBook book, Side side, long bestOpposite) {
        MarketSpec spec = book.spec;
        BigInteger best = BigInteger.valueOf(bestOpposite);
        BigInteger tick = BigInteger.valueOf(spec.tickSize());
        BigInteger worst;
        if (side == Side.BUY) {
            BigInteger num = best.multiply(BigInteger.valueOf(MarketSpec.BPS + spec.maxSlippageBps()));
            // Beyond the largest representable price the bound is that price (rounded to a tick).
            worst = num.divide(BPS.multiply(tick)).multiply(tick).min(LONG_MAX.divide(tick).multiply(tick));
        } else {
            BigInteger num = best.multiply(BigInteger.valueOf(MarketSpec.BPS - spec.maxSlippageBps()));
            worst = ceilDiv(num, BPS.multiply(tick)).multiply(tick);
        }
        int band = spec.priceBandBps();
        if (band > 0 && book.lastTradePrice != 0) {
            BigInteger last = BigInteger.valueOf(book.lastTradePrice);
            if (side == Side.BUY) {
                worst = worst.min(last.multiply(BigInteger.valueOf(MarketSpec.BPS + band)).divide(BPS));
                worst = worst.divide(tick).multiply(tick);
            } else {
                worst = worst.max(ceilDiv(last.multiply(BigInteger.valueOf(MarketSpec.BPS - band)), BPS));
                worst = ceilDiv(worst, tick).multiply(tick);
            }
        }
        return worst.longValueExact();
    }

    private static boolean crosses(Side takerSide, long takerPrice, long makerPrice) {
        return takerSide == Side.BUY ? makerPrice <= takerPrice : makerPrice >= takerPrice;
    }

    private static boolean crossesBook(RefBook book, Side takerSide, long takerPrice) {
        Map.Entry<Long, List<RefOrder>> best = book.side(takerSide.opposite()).firstEntry();
        return best != null && crosses(takerSide, takerPrice, best.getKey());
    }

    // ------------------------------------------------------------------------------------------
    // matching

    /**
     * Walks the opposite side from its best level (FIFO inside a level), trading at the makers'
     * prices. The best level is looked up again after each pass, so a level that still holds a
     * reduce-only maker capped at its position is walked again, and that maker, now with nothing
     * left to reduce, is cancelled then (the engine's reading of the doc; see the class comment).
     */
    private Stop match(RefBook book, RefOrder taker) {
        TreeMap<Long, List<RefOrder>> makers = book.side(taker.side.opposite());
        while (taker.open() > 0) {
            Map.Entry<Long, List<RefOrder>> entry = makers.firstEntry();
            if (entry == null) {
                return Stop.BOOK_EXHAUSTED;
            }
            long price = entry.getKey();
            if (!crosses(taker.side, taker.price, price)) {
                return Stop.PRICE_LIMIT;
            }
            List<RefOrder> queue = entry.getValue();
            Stop stop = null;
            for (RefOrder maker : new ArrayList<>(queue)) {
                if (taker.open() == 0) {
                    break;
                }
                if (maker.user.equals(taker.user) && taker.stp != StpMode.NONE) {
                    if (taker.stp == StpMode.CANCEL_MAKER) {
                        cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                        continue;
                    }
                    if (taker.stp == StpMode.CANCEL_BOTH) {
                        cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                    }
                    stop = Stop.SELF_TRADE;
                    break;
                }
                long quantity = Math.min(taker.open(), maker.open());
                if (maker.reduceOnly) {
                    long allowed = reducible(maker.user, book.spec.marketId(), maker.side);
                    if (allowed == 0) {
                        cancelDuringMatch(maker, CancelReason.REDUCE_ONLY);
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long allowed = reducible(taker.user, book.spec.marketId(), taker.side);
                    if (allowed == 0) {
                        stop = Stop.REDUCE_ONLY;
                        break;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                fill(book, taker, maker, price, quantity);
            }
            if (queue.isEmpty()) {
                makers.remove(price);
            }
            emitLevel(book, taker.side.opposite(), price);
            if (stop != null) {
                return stop;
            }
        }
        return Stop.FILLED;
    }

    /** How much a taker would fill now, following the same rules as {@link #match} without changing anything. */
    private long dryRunFillable(RefBook book, RefOrder taker) {
        Map<String, Long> delta = new HashMap<>();
        long wanted = taker.open();
        long found = 0;
        long market = book.spec.marketId();
        for (Map.Entry<Long, List<RefOrder>> entry : book.side(taker.side.opposite()).entrySet()) {
            if (!crosses(taker.side, taker.price, entry.getKey())) {
                break;
            }
            for (RefOrder maker : entry.getValue()) {
                if (maker.user.equals(taker.user) && taker.stp != StpMode.NONE) {
                    if (taker.stp == StpMode.CANCEL_MAKER) {
                        continue;
                    }
                    return found;
                }
                long quantity = Math.min(wanted - found, maker.open());
                if (maker.reduceOnly) {
                    long pos = position(maker.user, market) + delta.getOrDefault(maker.user, 0L);
                    long allowed = reducibleOf(pos, maker.side);
                    if (allowed == 0) {
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long pos = position(taker.user, market) + delta.getOrDefault(taker.user, 0L);
                    long allowed = reducibleOf(pos, taker.side);
                    if (allowed == 0) {
                        return found;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                found += quantity;
                delta.merge(taker.user, taker.side == Side.BUY ? quantity : -quantity, Long::sum);
                delta.merge(maker.user, maker.side == Side.BUY ? quantity : -quantity, Long::sum);
                if (found == wanted) {
                    return found;
                }
            }
        }
        return found;
    }

    private void fill(RefBook book, RefOrder taker, RefOrder maker, long price, long quantity) {
        taker.filled += quantity;
        maker.filled += quantity;
        taker.status = taker.open() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        maker.status = maker.open() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        BigInteger notional = notional(book, price, quantity);
        long takerFee = fee(notional, book.spec.takerFeeBps());
        long makerFee = fee(notional, book.spec.makerFeeBps());
        addPosition(taker.user, book.spec.marketId(), taker.side == Side.BUY ? quantity : -quantity);
        addPosition(maker.user, book.spec.marketId(), maker.side == Side.BUY ? quantity : -quantity);
        book.lastTradePrice = price;
        priceMoved(book.spec.marketId());
        out.add(new EngineEvent.Fill(++sequence, now, ++tradeCounter, book.spec.marketId(), taker.snapshot(),
                maker.snapshot(), price, quantity, takerFee, makerFee));
        if (maker.open() == 0) {
            book.side(maker.side).get(maker.price).remove(maker);
            out.add(new EngineEvent.OrderFilled(++sequence, now, maker.snapshot()));
            unindex(maker);
        }
    }

    static long fee(BigInteger notional, int bps) {
        if (bps >= 0) {
            return ceilDiv(notional.multiply(BigInteger.valueOf(bps)), BPS).longValueExact();
        }
        return notional.multiply(BigInteger.valueOf(-bps)).divide(BPS).negate().longValueExact();
    }

    private void finishTaker(RefBook book, RefOrder o, Stop stop) {
        if (o.open() == 0) {
            out.add(new EngineEvent.OrderFilled(++sequence, now, o.snapshot()));
            unindex(o);
            return;
        }
        switch (stop) {
            case SELF_TRADE -> cancelIncoming(o, CancelReason.SELF_TRADE);
            case REDUCE_ONLY -> cancelIncoming(o, CancelReason.REDUCE_ONLY);
            default -> {
                if (o.type == OrderType.MARKET) {
                    cancelIncoming(o, stop == Stop.PRICE_LIMIT ? CancelReason.PRICE_PROTECTION
                            : CancelReason.NO_LIQUIDITY);
                } else if (o.tif == TimeInForce.IOC || o.tif == TimeInForce.FOK) {
                    cancelIncoming(o, CancelReason.IOC_REMAINDER);
                } else {
                    rest(book, o);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // cancel, cancel_all, amend

    private RefOrder findOrder(Command c, long marketId, long orderId, String clientId) {
        RefOrder o = orderId != CancelOrder.NO_ORDER_ID ? openOrders.get(orderId)
                : findByClientId(c.userAddress(), clientId);
        if (o == null || !o.user.equals(c.userAddress())) {
            return null;
        }
        if (marketId != CancelOrder.ANY_MARKET && o.market != marketId) {
            return null;
        }
        return o;
    }

    private RefOrder findByClientId(String user, String clientId) {
        TreeMap<Long, RefOrder> mine = ordersByUser.get(user);
        if (mine == null || clientId == null) {
            return null;
        }
        for (RefOrder o : mine.values()) {
            if (clientId.equals(o.clientId)) {
                return o;
            }
        }
        return null;
    }

    private void cancel(CancelOrder c) {
        RefOrder o = findOrder(c, c.marketId(), c.orderId(), c.clientOrderId());
        if (o == null) {
            var conditional = conditionals.find(c, c.marketId(), c.orderId(), c.clientOrderId());
            if (conditional == null) {
                reject(c, RejectReason.UNKNOWN_ORDER);
            } else {
                conditionals.cancel(conditional, CancelReason.USER);
            }
            return;
        }
        cancelResting(o, CancelReason.USER);
    }

    private void cancelAll(CancelAll c) {
        TreeMap<Long, RefOrder> mine = ordersByUser.get(c.userAddress());
        if (mine != null) {
            for (RefOrder o : new ArrayList<>(mine.values())) {
                if (c.marketId() == CancelAll.ALL_MARKETS || o.market == c.marketId()) {
                    cancelResting(o, CancelReason.USER);
                }
            }
        }
        conditionals.cancelAll(c.userAddress(), c.marketId(), c.marketId() == CancelAll.ALL_MARKETS);
    }

    private void amend(AmendOrder c) {
        RefOrder o = findOrder(c, c.marketId(), c.orderId(), c.clientOrderId());
        if (o == null) {
            var conditional = conditionals.find(c, c.marketId(), c.orderId(), c.clientOrderId());
            if (conditional == null) {
                reject(c, RejectReason.UNKNOWN_ORDER);
            } else {
                conditionals.amend(c, conditional, AmendOrder.UNCHANGED, c.newPrice(), c.newSize());
            }
            return;
        }
        RefBook book = books.get(o.market);
        MarketSpec spec = book.spec;
        long oldPrice = o.price;
        long oldOpen = o.open();
        long newPrice = c.newPrice() == AmendOrder.UNCHANGED ? oldPrice : c.newPrice();
        long newOpen = c.newSize() == AmendOrder.UNCHANGED ? oldOpen : c.newSize();
        RejectReason reason = null;
        if (newPrice != oldPrice) {
            reason = checkLimitPrice(book, newPrice);
        }
        if (reason == null && newOpen != oldOpen) {
            if (newOpen <= 0) {
                reason = RejectReason.INVALID_SIZE;
            } else if (newOpen % spec.lotSize() != 0) {
                reason = RejectReason.INVALID_LOT;
            } else if (BigInteger.valueOf(o.filled).add(BigInteger.valueOf(newOpen))
                    .compareTo(BigInteger.valueOf(spec.maxSize())) > 0) {
                reason = RejectReason.SIZE_TOO_LARGE;
            }
        }
        if (reason == null && !notionalFits(book, newPrice, o.filled + newOpen)) {
            reason = RejectReason.NOTIONAL_OVERFLOW;
        }
        if (reason == null) {
            reason = sizeLimits(book, o.user, o.side, newPrice, newOpen, true, o);
        }
        if (reason == null && o.reduceOnly) {
            newOpen = Math.min(newOpen, reducible(o.user, o.market, o.side));
            if (newOpen == 0) {
                reason = RejectReason.REDUCE_ONLY_WOULD_INCREASE;
            }
        }
        if (reason == null && newPrice == oldPrice && newOpen == oldOpen) {
            reason = RejectReason.AMEND_NO_CHANGE;
        }
        boolean crossing = crossesBook(book, o.side, newPrice);
        if (reason == null && o.tif == TimeInForce.POST_ONLY && crossing) {
            reason = RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (reason != null) {
            reject(c, reason);
            return;
        }
        List<RefOrder> queue = book.side(o.side).get(oldPrice);
        if (newPrice == oldPrice && newOpen < oldOpen) {
            o.size = o.filled + newOpen;
            out.add(new EngineEvent.OrderAmended(++sequence, now, o.snapshot(), oldPrice, oldOpen));
            emitLevel(book, o.side, oldPrice);
            return;
        }
        if (newPrice == oldPrice) {
            queue.remove(o);
            queue.add(o);
            o.size = o.filled + newOpen;
            o.priority = ++sequence;
            out.add(new EngineEvent.OrderAmended(o.priority, now, o.snapshot(), oldPrice, oldOpen));
            emitLevel(book, o.side, oldPrice);
            return;
        }
        queue.remove(o);
        if (queue.isEmpty()) {
            book.side(o.side).remove(oldPrice);
        }
        o.price = newPrice;
        o.size = o.filled + newOpen;
        o.priority = ++sequence;
        out.add(new EngineEvent.OrderAmended(o.priority, now, o.snapshot(), oldPrice, oldOpen));
        emitLevel(book, o.side, oldPrice);
        if (crossing) {
            finishTaker(book, o, match(book, o));
        } else {
            rest(book, o);
        }
    }

    /** After each command: reduce-only orders of users whose position changed are cut or cancelled. */
    private void enforceReduceOnly() {
        for (String user : new ArrayList<>(positionChanged)) {
            TreeMap<Long, RefOrder> mine = ordersByUser.get(user);
            if (mine == null) {
                continue;
            }
            for (RefOrder o : new ArrayList<>(mine.values())) {
                if (!o.reduceOnly || !openOrders.containsKey(o.id)) {
                    continue;
                }
                long allowed = reducible(o.user, o.market, o.side);
                long open = o.open();
                if (allowed == 0) {
                    cancelResting(o, CancelReason.REDUCE_ONLY);
                } else if (open > allowed) {
                    o.size -= open - allowed;
                    out.add(new EngineEvent.OrderAmended(++sequence, now, o.snapshot(), o.price, open));
                    emitLevel(books.get(o.market), o.side, o.price);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // primitives

    void reject(Command c, RejectReason reason) {
        out.add(new EngineEvent.CommandRejected(++sequence, now, c, reason));
    }

    private void emitLevel(RefBook book, Side side, long price) {
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

    private void rest(RefBook book, RefOrder o) {
        book.side(o.side).computeIfAbsent(o.price, p -> new ArrayList<>()).add(o);
        if (!openOrders.containsKey(o.id)) {
            openOrders.put(o.id, o);
            ordersByUser.computeIfAbsent(o.user, u -> new TreeMap<>()).put(o.id, o);
            if (o.expiresAt != 0) {
                expiries.add(o);
            }
        }
        emitLevel(book, o.side, o.price);
    }

    private void unindex(RefOrder o) {
        if (openOrders.remove(o.id) != null) {
            TreeMap<Long, RefOrder> mine = ordersByUser.get(o.user);
            mine.remove(o.id);
            if (mine.isEmpty()) {
                ordersByUser.remove(o.user);
            }
            expiries.remove(o);
        }
    }

    private void cancelResting(RefOrder o, CancelReason reason) {
        RefBook book = books.get(o.market);
        List<RefOrder> queue = book.side(o.side).get(o.price);
        queue.remove(o);
        if (queue.isEmpty()) {
            book.side(o.side).remove(o.price);
        }
        o.status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        emitLevel(book, o.side, o.price);
        unindex(o);
    }

    /** A maker removed while its level is being walked; the walk reports the level. */
    private void cancelDuringMatch(RefOrder o, CancelReason reason) {
        books.get(o.market).side(o.side).get(o.price).remove(o);
        o.status = OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        unindex(o);
    }

    private void cancelIncoming(RefOrder o, CancelReason reason) {
        o.status = OrderStatus.CANCELLED;
        out.add(new EngineEvent.OrderCancelled(++sequence, now, o.snapshot(), reason));
        unindex(o);
    }

    private void addPosition(String user, long market, long delta) {
        Map<Long, Long> mine = positions.computeIfAbsent(user, u -> new HashMap<>());
        long updated = Math.addExact(mine.getOrDefault(market, 0L), delta);
        if (updated == 0) {
            mine.remove(market);
        } else {
            mine.put(market, updated);
        }
        positionChanged.add(user);
    }

    private static long reducibleOf(long position, Side side) {
        if (side == Side.BUY) {
            return position < 0 ? -position : 0;
        }
        return position > 0 ? position : 0;
    }

    private long reducible(String user, long market, Side side) {
        return reducibleOf(position(user, market), side);
    }

    // ------------------------------------------------------------------------------------------
    // queries

    /** Net position of a user in a market. */
    public long position(String user, long market) {
        Map<Long, Long> mine = positions.get(user);
        return mine == null ? 0 : mine.getOrDefault(market, 0L);
    }

    /** The user's non-zero positions ordered by market id. */
    public List<Position> positions(String user) {
        Map<Long, Long> mine = positions.getOrDefault(user, Map.of());
        List<Position> result = new ArrayList<>();
        new TreeMap<>(mine).forEach((m, s) -> result.add(new Position(user, m, s)));
        return result;
    }

    /** Every user that ever had a position or an open order. */
    public Set<String> knownUsers() {
        Set<String> all = new TreeSet<>(positions.keySet());
        all.addAll(ordersByUser.keySet());
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
        TreeMap<Long, RefOrder> mine = ordersByUser.get(user);
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
