package io.hyperperp.jdbc.engine;

import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random commands over {@link TestMarkets}: places (limit, market, ioc, fok, post-only, reduce-only, STP,
 * client ids, expiries), cancels and amends aimed at open orders, cancel-alls and some invalid commands.
 *
 * <p>It only knows open orders from the events it is shown ({@link #observe}), so the same seed and the same
 * events give the same commands. Thread-safe (synchronized) so producers and a listener can share it.
 */
final class RandomCommandStream {

    private static final io.hyperperp.core.market.MarketRegistry REGISTRY = TestMarkets.registry();

    private final SplittableRandom random;
    private final List<MarketSpec> markets;
    private final int users;
    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Integer> index = new HashMap<>();
    private final Map<Long, OrderSnapshot> open = new HashMap<>();
    private long clientIds;
    private long timestamp;

    RandomCommandStream(long seed, int users, long firstTimestamp) {
        this.random = new SplittableRandom(seed);
        this.markets = TestMarkets.SPECS;
        this.users = users;
        this.timestamp = firstTimestamp;
    }

    /** Seeds the open orders (after a recovery). */
    synchronized void knowOpen(Collection<OrderSnapshot> orders) {
        for (OrderSnapshot o : orders) {
            put(o);
        }
    }

    synchronized int openCount() {
        return ids.size();
    }

    /** Advances the shared clock by 1 µs for a command of another stream; @return its timestamp. */
    synchronized long nextTimestamp() {
        return ++timestamp;
    }

    /** Learns from a command's events which orders are open. */
    synchronized void observe(List<EngineEvent> events) {
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.OrderAccepted a) {
                track(a.order());
            } else if (e instanceof EngineEvent.Fill f) {
                track(f.taker());
                track(f.maker());
            } else if (e instanceof EngineEvent.OrderCancelled c) {
                remove(c.order().orderId());
            } else if (e instanceof EngineEvent.OrderFilled f) {
                remove(f.order().orderId());
            } else if (e instanceof EngineEvent.OrderAmended m) {
                track(m.order());
            }
        }
    }

    private void track(OrderSnapshot o) {
        if (o.status().isOpen()) {
            put(o);
        } else {
            remove(o.orderId());
        }
    }

    private void put(OrderSnapshot o) {
        if (open.put(o.orderId(), o) == null) {
            index.put(o.orderId(), ids.size());
            ids.add(o.orderId());
        }
    }

    private void remove(long id) {
        if (open.remove(id) == null) {
            return;
        }
        int i = index.remove(id);
        long lastId = ids.remove(ids.size() - 1);
        if (lastId != id) {
            ids.set(i, lastId);
            index.put(lastId, i);
        }
    }

    private String user(int i) {
        return "0x" + Integer.toHexString(0xa000 + i);
    }

    /** @return the next command; timestamps increase by 1..200 µs */
    synchronized Command next() {
        timestamp += 1 + random.nextInt(200);
        int roll = random.nextInt(100);
        if (ids.isEmpty() || roll < 55) {
            return place(false);
        }
        if (roll < 60) {
            return place(true);
        }
        if (roll < 75) {
            return cancel();
        }
        if (roll < 95) {
            return amend();
        }
        if (roll < 97) {
            if (random.nextInt(4) != 0) {
                return place(false);
            }
            return new CancelAll(timestamp, user(random.nextInt(users)),
                    random.nextBoolean() ? CancelAll.ALL_MARKETS : markets.get(random.nextInt(markets.size())).marketId());
        }
        int kind = random.nextInt(3);
        if (kind == 0) {
            return conditional();
        }
        if (kind == 1) {
            MarketSpec m = markets.get(random.nextInt(markets.size()));
            return new UpdateMarkPrice(timestamp, "0xfeed", m.marketId(),
                    (midTicks(m) + random.nextInt(9) - 4) * m.tickSize());
        }
        return invalid();
    }

    /** A stop or take-profit a few ticks from the mid, by last or mark price, sometimes in an OCO pair. */
    private Command conditional() {
        MarketSpec m = markets.get(random.nextInt(markets.size()));
        String user = user(random.nextInt(users));
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        TriggerKind kind = random.nextBoolean() ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT;
        OrderType type = random.nextBoolean() ? OrderType.MARKET : OrderType.LIMIT;
        long trigger = (midTicks(m) + random.nextInt(13) - 6) * m.tickSize();
        long price = type == OrderType.LIMIT ? trigger + (random.nextInt(5) - 2) * m.tickSize() : 0;
        return new PlaceConditionalOrder(timestamp, user, m.marketId(), side, kind, type, trigger,
                random.nextInt(3) == 0 ? TriggerReference.MARK : TriggerReference.LAST, price, size(m),
                random.nextBoolean() ? "k" + (++clientIds) : null, random.nextInt(5) == 0, null, 0,
                random.nextInt(3) == 0 ? "oco" + random.nextInt(2) : null);
    }

    private OrderSnapshot randomOpen() {
        return open.get(ids.get(random.nextInt(ids.size())));
    }

    private long midTicks(MarketSpec m) {
        return 2_000 + m.marketId() * 100;
    }

    private long size(MarketSpec m) {
        long units = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 20);
        return m.minSize() * units;
    }

    private Command place(boolean market) {
        MarketSpec m = markets.get(random.nextInt(markets.size()));
        String user = user(random.nextInt(users));
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        long size = size(m);
        if (market) {
            PlaceOrder p = PlaceOrder.market(timestamp, user, m.marketId(), side, size);
            return random.nextInt(4) == 0 ? p.withTimeInForce(TimeInForce.FOK) : p;
        }
        long offset = random.nextInt(24) - 4; // mostly away from the mid, sometimes through it
        long ticks = side == Side.BUY ? midTicks(m) - offset : midTicks(m) + offset;
        PlaceOrder p = PlaceOrder.limit(timestamp, user, m.marketId(), side, ticks * m.tickSize(), size);
        int tif = random.nextInt(100);
        if (tif < 6) {
            p = p.withTimeInForce(TimeInForce.IOC);
        } else if (tif < 9) {
            p = p.withTimeInForce(TimeInForce.FOK);
        } else if (tif < 17) {
            p = p.withTimeInForce(TimeInForce.POST_ONLY);
        }
        if (random.nextInt(5) == 0) {
            p = p.withClientOrderId("c" + (random.nextInt(3) == 0 ? random.nextInt(20) : ++clientIds));
        }
        if (random.nextInt(20) == 0) {
            p = p.withReduceOnly(true);
        }
        if (random.nextInt(10) == 0) {
            p = p.withStp(StpMode.values()[random.nextInt(StpMode.values().length)]);
        }
        if (random.nextInt(20) == 0) {
            p = p.withExpiresAt(timestamp + 1 + random.nextInt(20_000));
        }
        return p;
    }

    private Command cancel() {
        OrderSnapshot o = randomOpen();
        if (random.nextInt(30) == 0) {
            return CancelOrder.byId(timestamp, o.userAddress(), o.orderId() + 1_000_000);
        }
        if (o.clientOrderId() != null && random.nextBoolean()) {
            return CancelOrder.byClientId(timestamp, o.userAddress(), o.clientOrderId());
        }
        return CancelOrder.byId(timestamp, o.userAddress(), o.orderId());
    }

    private Command amend() {
        OrderSnapshot o = randomOpen();
        MarketSpec m = REGISTRY.find(o.marketId()).orElseThrow();
        long newPrice = AmendOrder.UNCHANGED;
        long newSize = AmendOrder.UNCHANGED;
        int what = random.nextInt(3);
        if (what != 1) {
            newPrice = Math.max(m.tickSize(), o.price() + (random.nextInt(9) - 4) * m.tickSize());
        }
        if (what != 0) {
            newSize = size(m);
        }
        if (o.clientOrderId() != null && random.nextBoolean()) {
            return new AmendOrder(timestamp, o.userAddress(), o.marketId(), CancelOrder.NO_ORDER_ID,
                    o.clientOrderId(), newPrice, newSize);
        }
        return AmendOrder.byId(timestamp, o.userAddress(), o.orderId(), newPrice, newSize);
    }

    private Command invalid() {
        MarketSpec m = markets.get(random.nextInt(markets.size()));
        return switch (random.nextInt(4)) {
            case 0 -> PlaceOrder.limit(timestamp, user(0), m.marketId(), Side.BUY, m.tickSize() * 100 + 1, m.minSize());
            case 1 -> PlaceOrder.limit(timestamp, user(1), -5, Side.SELL, 100, 1);
            case 2 -> PlaceOrder.limit(timestamp, user(2), 7, Side.SELL, 100_000_000L * 3, 100_000L); // template market
            default -> PlaceOrder.limit(timestamp, "", m.marketId(), Side.BUY, m.tickSize() * 100, m.minSize());
        };
    }
}
