package io.hyperperp.server.backend;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.runtime.CommitHook;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.server.backend.internal.LongRing;
import io.hyperperp.server.backend.internal.Names;
import io.hyperperp.server.backend.internal.OrderTable;
import io.hyperperp.server.backend.internal.TradeTable;
import io.hyperperp.server.backend.internal.UserRings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Order and trade history in memory, bounded: every open order, the latest {@code maxClosedOrders}
 * closed ones, {@code maxTradesPerMarket} trades per market, the latest 1,000 orders and trades
 * per user, and per-minute buckets for 24-hour statistics.
 *
 * <p>It is a {@link CommitHook}: it records each group on the engine thread before the group's
 * commands are acknowledged, so a client that got an answer always finds its order here
 * (read-your-writes). Reads and the update are serialised by one lock; an update costs one lock
 * acquisition per group.
 *
 * <p>Orders and trades are kept in primitive columns ({@link OrderTable}, {@link TradeTable}) and the lists of them
 * as numbers ({@link LongRing}): recording an order allocates nothing that outlives the request once the tables have
 * grown, so the young collections do not copy the history (docs/benchmarks.md, "Session 10: p99 at 70%").
 */
public final class InMemoryHistory implements OrderHistory, TradeHistory, CommitHook {

    private static final int MAX_CLOSED_CONDITIONALS = 10_000;

    /** Stop and take-profit orders that fired, were cancelled or expired, by number, oldest first (bounded). */
    private final LinkedHashMap<Long, ConditionalOrderSnapshot> closedConditionals = new LinkedHashMap<>();

    private static final int PER_USER = 1_000;
    /** How many following events {@link #putLatest} looks at for a later state of the same order. */
    private static final int LOOK_AHEAD = 4;
    private static final int MINUTES = 24 * 60;
    private static final long MINUTE_MICROS = 60_000_000L;

    private final int maxClosedOrders;
    private final int maxTradesPerMarket;
    private final Names users = new Names();
    /** Every open order and the latest closed ones, by order number. */
    private final OrderTable orders = new OrderTable(users);
    /** Order numbers as primitives, not a boxed Long each: every entry outlives its young collection. */
    private final LongRing closed = new LongRing(1024);
    /** Each user's latest order numbers, oldest first. */
    private final UserRings ordersByUser = new UserRings(users);
    private final TradeTable trades = new TradeTable(users);
    /** Rows of {@link #trades}, oldest first: each list holds its rows. */
    private final Map<Long, LongRing> tradesByMarket = new HashMap<>();
    /** Rows of {@link #trades} of each user (taker or maker), oldest first. */
    private final UserRings tradesByUser = new UserRings(users);
    private final Map<Long, Minutes> minutes = new HashMap<>();

    /** History keeping at most the given numbers of closed orders and trades per market. */
    public InMemoryHistory(int maxClosedOrders, int maxTradesPerMarket) {
        this.maxClosedOrders = Math.max(0, maxClosedOrders);
        this.maxTradesPerMarket = Math.max(0, maxTradesPerMarket);
    }

    @Override
    public void commit(ProcessedGroup group) {
        record(group);
    }

    /** Records one committed group. */
    public synchronized void record(ProcessedGroup group) {
        // By index: a for-each over the group's immutable lists makes two iterators per order.
        List<ProcessedCommand> commands = group.commands();
        for (int k = 0; k < commands.size(); k++) {
            List<EngineEvent> events = commands.get(k).events();
            for (int i = 0; i < events.size(); i++) {
                EngineEvent event = events.get(i);
                if (event instanceof EngineEvent.ConditionalTriggered t) {
                    closeConditional(t.order());
                } else if (event instanceof EngineEvent.ConditionalCancelled c) {
                    closeConditional(c.order());
                } else if (event instanceof EngineEvent.OrderAccepted a) {
                    putLatest(a.order(), events, i);
                    LongRing mine = ordersByUser.of(users.number(a.order().userAddress()));
                    mine.addLast(a.order().orderId());
                    if (mine.size() > PER_USER) {
                        mine.pollFirst();
                    }
                } else if (event instanceof EngineEvent.Fill f) {
                    putLatest(f.taker(), events, i);
                    putLatest(f.maker(), events, i);
                    trade(f);
                } else if (event instanceof EngineEvent.OrderCancelled c) {
                    putLatest(c.order(), events, i);
                } else if (event instanceof EngineEvent.OrderAmended m) {
                    putLatest(m.order(), events, i);
                } else if (event instanceof EngineEvent.OrderFilled f) {
                    putLatest(f.order(), events, i);
                }
            }
        }
    }

    private void closeConditional(ConditionalOrderSnapshot order) {
        closedConditionals.put(order.orderId(), order);
        if (closedConditionals.size() > MAX_CLOSED_CONDITIONALS) {
            closedConditionals.pollFirstEntry();
        }
    }

    /**
     * Records {@code order}, the state event {@code index} of {@code events} carries, unless one of the next few
     * events of the same command carries a later state of it: that one is recorded instead. An order that crosses
     * is accepted, then filled, its maker filled, then done, each event with its state: it is recorded once, at the
     * end, not four times (readers see the history only between groups, under the lock). The look-ahead is bounded
     * so that a sweep over many makers stays linear; past it an order is recorded as before.
     */
    private void putLatest(OrderSnapshot order, List<EngineEvent> events, int index) {
        long id = order.orderId();
        int end = Math.min(events.size(), index + 1 + LOOK_AHEAD);
        for (int j = index + 1; j < end; j++) {
            if (carries(events.get(j), id)) {
                return;
            }
        }
        put(order);
    }

    /** True when the event carries a state of order {@code id} that {@link #record} records. */
    private static boolean carries(EngineEvent event, long id) {
        if (event instanceof EngineEvent.Fill f) {
            return f.taker().orderId() == id || f.maker().orderId() == id;
        } else if (event instanceof EngineEvent.OrderFilled f) {
            return f.order().orderId() == id;
        } else if (event instanceof EngineEvent.OrderCancelled c) {
            return c.order().orderId() == id;
        } else if (event instanceof EngineEvent.OrderAmended m) {
            return m.order().orderId() == id;
        } else if (event instanceof EngineEvent.OrderAccepted a) {
            return a.order().orderId() == id;
        }
        return false;
    }

    private void put(OrderSnapshot order) {
        if (orders.put(order)) {
            closed.addLast(order.orderId());
            while (closed.size() > maxClosedOrders) {
                long id = closed.pollFirst();
                if (orders.isClosed(id)) {
                    orders.remove(id);
                }
            }
        }
    }

    private void trade(EngineEvent.Fill f) {
        int row = trades.add(f);
        // Every list holds the row before any list drops its oldest, so that the new row is never released early.
        LongRing market = hold(tradesByMarket.computeIfAbsent(f.marketId(), m -> new LongRing(16)), row);
        int taker = users.number(f.taker().userAddress());
        int maker = users.number(f.maker().userAddress());
        LongRing takerTrades = hold(tradesByUser.of(taker), row);
        LongRing makerTrades = maker == taker ? null : hold(tradesByUser.of(maker), row);
        trim(market, maxTradesPerMarket);
        trim(takerTrades, PER_USER);
        if (makerTrades != null) {
            trim(makerTrades, PER_USER);
        }
        minutes.computeIfAbsent(f.marketId(), m -> new Minutes()).add(f.timestamp(), f.price(), f.size());
    }

    private LongRing hold(LongRing list, int row) {
        list.addLast(row);
        trades.hold(row);
        return list;
    }

    private void trim(LongRing list, int max) {
        while (list.size() > max) {
            trades.release((int) list.pollFirst());
        }
    }

    @Override
    public synchronized Optional<OrderSnapshot> order(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** The number of orders kept: every open one and the latest closed ones. */
    public synchronized int orderCount() {
        return orders.size();
    }

    /** The number of trades kept: those in any market's or user's latest trades. */
    public synchronized int tradeCount() {
        return trades.size();
    }

    @Override
    public synchronized Optional<OrderSnapshot> byClientOrderId(String userAddress, String clientOrderId) {
        LongRing mine = ordersByUser.find(userAddress);
        if (mine == null || clientOrderId == null) {
            return Optional.empty();
        }
        for (int i = mine.size() - 1; i >= 0; i--) {
            long id = mine.get(i);
            if (clientOrderId.equals(orders.clientOrderId(id))) {
                return Optional.ofNullable(orders.get(id));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<OrderSnapshot> orders(String userAddress, long marketId, OrderStatus status, int limit) {
        List<OrderSnapshot> out = new ArrayList<>();
        LongRing mine = ordersByUser.find(userAddress);
        if (mine == null) {
            return out;
        }
        for (int i = mine.size() - 1; i >= 0 && out.size() < limit; i--) {
            long id = mine.get(i);
            if (orders.matches(id, marketId == OrderHistory.ANY_MARKET ? OrderTable.ANY_MARKET : marketId, status)) {
                out.add(orders.get(id));
            }
        }
        return out;
    }

    @Override
    public synchronized List<ConditionalOrderSnapshot> closedConditionals(String userAddress, long marketId,
                                                                       OrderStatus status, int limit) {
        List<ConditionalOrderSnapshot> out = new ArrayList<>();
        for (ConditionalOrderSnapshot o : closedConditionals.sequencedValues().reversed()) {
            if (out.size() >= limit) {
                break;
            }
            boolean inMarket = marketId == OrderHistory.ANY_MARKET || o.marketId() == marketId;
            if (o.userAddress().equals(userAddress) && inMarket && (status == null || o.status() == status)) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<ConditionalOrderSnapshot> closedConditional(long orderId) {
        return Optional.ofNullable(closedConditionals.get(orderId));
    }

    @Override
    public synchronized List<TradeRecord> trades(long marketId, String userAddress, int limit) {
        LongRing source = userAddress != null ? tradesByUser.find(userAddress) : tradesByMarket.get(marketId);
        List<TradeRecord> out = new ArrayList<>();
        if (source == null) {
            return out;
        }
        for (int i = source.size() - 1; i >= 0 && out.size() < limit; i--) {
            int row = (int) source.get(i);
            if (marketId == TradeHistory.ANY_MARKET || trades.marketId(row) == marketId) {
                out.add(trades.get(row));
            }
        }
        return out;
    }

    @Override
    public synchronized MarketStats stats(long marketId, long nowMicros) {
        Minutes m = minutes.get(marketId);
        return m == null ? MarketStats.EMPTY : m.stats(nowMicros / MINUTE_MICROS);
    }

    /** Per-minute OHLCV buckets of the last 24 hours. */
    private static final class Minutes {
        final long[] minute = new long[MINUTES];
        final long[] open = new long[MINUTES];
        final long[] high = new long[MINUTES];
        final long[] low = new long[MINUTES];
        final long[] volume = new long[MINUTES];
        final long[] count = new long[MINUTES];
        long last;

        Minutes() {
            java.util.Arrays.fill(minute, -1);
        }

        void add(long timestamp, long price, long size) {
            long min = timestamp / MINUTE_MICROS;
            int i = (int) Math.floorMod(min, (long) MINUTES);
            if (minute[i] != min) {
                minute[i] = min;
                open[i] = price;
                high[i] = price;
                low[i] = price;
                volume[i] = 0;
                count[i] = 0;
            }
            high[i] = Math.max(high[i], price);
            low[i] = Math.min(low[i], price);
            long v = volume[i] + size;
            volume[i] = v < 0 ? Long.MAX_VALUE : v;
            count[i]++;
            last = price;
        }

        MarketStats stats(long nowMinute) {
            long openMinute = Long.MAX_VALUE;
            long openPrice = 0;
            long hi = 0;
            long lo = Long.MAX_VALUE;
            long vol = 0;
            long n = 0;
            for (int i = 0; i < MINUTES; i++) {
                long m = minute[i];
                if (m < 0 || m <= nowMinute - MINUTES || m > nowMinute) {
                    continue;
                }
                if (m < openMinute) {
                    openMinute = m;
                    openPrice = open[i];
                }
                hi = Math.max(hi, high[i]);
                lo = Math.min(lo, low[i]);
                long v = vol + volume[i];
                vol = v < 0 ? Long.MAX_VALUE : v;
                n += count[i];
            }
            return new MarketStats(last, openPrice, hi, n == 0 ? 0 : lo, vol, n);
        }
    }
}
