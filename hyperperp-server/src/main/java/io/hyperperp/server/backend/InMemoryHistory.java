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
    private static final int MINUTES = 24 * 60;
    private static final long MINUTE_MICROS = 60_000_000L;

    private final int maxClosedOrders;
    private final int maxTradesPerMarket;
    private final Names users = new Names();
    /** Every open order and the latest closed ones, by order number. */
    private final OrderTable orders = new OrderTable(users);
    /** Order numbers as primitives, not a boxed Long each: every entry outlives its young collection. */
    private final LongRing closed = new LongRing(1024);
    private final Map<String, LongRing> ordersByUser = new HashMap<>();
    private final TradeTable trades = new TradeTable(users);
    /** Rows of {@link #trades}, oldest first: each list holds its rows. */
    private final Map<Long, LongRing> tradesByMarket = new HashMap<>();
    private final Map<String, LongRing> tradesByUser = new HashMap<>();
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
                    put(a.order());
                    LongRing mine = ordersByUser.computeIfAbsent(a.order().userAddress(), u -> new LongRing(16));
                    mine.addLast(a.order().orderId());
                    if (mine.size() > PER_USER) {
                        mine.pollFirst();
                    }
                } else if (event instanceof EngineEvent.Fill f) {
                    put(f.taker());
                    put(f.maker());
                    trade(f);
                } else if (event instanceof EngineEvent.OrderCancelled c) {
                    put(c.order());
                } else if (event instanceof EngineEvent.OrderAmended m) {
                    put(m.order());
                } else if (event instanceof EngineEvent.OrderFilled f) {
                    put(f.order());
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
        String taker = f.taker().userAddress();
        String maker = f.maker().userAddress();
        LongRing takerTrades = hold(tradesByUser.computeIfAbsent(taker, u -> new LongRing(16)), row);
        LongRing makerTrades = maker.equals(taker) ? null
                : hold(tradesByUser.computeIfAbsent(maker, u -> new LongRing(16)), row);
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
        LongRing mine = ordersByUser.get(userAddress);
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
        LongRing mine = ordersByUser.get(userAddress);
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
        LongRing source = userAddress != null ? tradesByUser.get(userAddress) : tradesByMarket.get(marketId);
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

        /**
         * Adds a trade to its minute. The first trade of a minute and the others run the same instructions, with no
         * branch between them: as a branch, the minute's turn was taken once a minute, which the JIT had compiled
         * as never taken, and its uncommon trap sent the whole compiled commit of the history back to the
         * interpreter each time a server first saw a minute turn under load (docs/benchmarks.md, "Session 15:
         * single orders").
         */
        void add(long timestamp, long price, long size) {
            long min = timestamp / MINUTE_MICROS;
            int i = (int) Math.floorMod(min, (long) MINUTES);
            long differs = minute[i] ^ min;
            long opens = (differs | -differs) >> 63; // all ones when this trade opens the minute, else zero
            minute[i] = min;
            open[i] = open[i] & ~opens | price & opens;
            high[i] = Math.max(high[i] & ~opens | price & opens, price);
            low[i] = Math.min(low[i] & ~opens | price & opens, price);
            long v = (volume[i] & ~opens) + size;
            volume[i] = v < 0 ? Long.MAX_VALUE : v;
            count[i] = (count[i] & ~opens) + 1;
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
