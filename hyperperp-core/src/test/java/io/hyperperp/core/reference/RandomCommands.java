package io.hyperperp.core.reference;

import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of plausible and implausible commands. It looks at a {@link ReferenceModel}
 * (read-only) to aim cancels and amends at real orders, reduce-only orders at real positions and
 * prices at the live book, so that fills, self-trades, reduce-only cuts and expiries are common.
 */
public final class RandomCommands {

    /** Market ids used by the generator. */
    public static final long BAND_MARKET = 1;
    public static final long REBATE_MARKET = 2;
    public static final long CANCEL_MAKER_MARKET = 3;
    /** Sizes up to 3·2^61: two orders can pass 2^63 in a position or a level total. */
    public static final long HUGE_SIZE_MARKET = 4;
    /** Prices within a few ticks of 2^63 - 1. */
    public static final long TOP_PRICE_MARKET = 5;
    /** Not configured: gets the registry's template (or is refused by a strict registry). */
    public static final long UNCONFIGURED_MARKET = 7;
    /**
     * More ids nobody configured, each named rarely: with {@link #UNCONFIGURED_MARKET} five such ids against a bound of
     * {@link #MAX_UNKNOWN_MARKETS}, so the first three named open markets and the others are {@code TOO_MANY_MARKETS}.
     */
    static final long[] MORE_UNCONFIGURED_MARKETS = {8, 9, 10, 11};
    /** Markets the registry opens for ids it does not configure. */
    static final int MAX_UNKNOWN_MARKETS = 3;
    /** Always unknown: negative ids are never valid. */
    public static final long NEGATIVE_MARKET = -5;

    /** The configured markets. */
    public static List<MarketSpec> specs() {
        return List.of(
                // 2% band around the last trade, 8/8 decimals, tick 0.01, lot 0.0001.
                new MarketSpec(BAND_MARKET, "BAND-USD", 8, 8, 1_000_000L, 10_000L, 100_000L, 10_000_000_000L,
                        200, 2, 5, 300, StpMode.NONE),
                // Maker rebate, 4 price / 3 size decimals, default STP cancel_both.
                new MarketSpec(REBATE_MARKET, "REBATE-USD", 4, 3, 5L, 10L, 20L, 50_000L,
                        0, -3, 7, 100, StpMode.CANCEL_BOTH),
                // Default STP cancel_maker, whole-unit sizes.
                new MarketSpec(CANCEL_MAKER_MARKET, "CM-USD", 2, 0, 5L, 1L, 2L, 1_000_000L,
                        0, 0, 10, 50, StpMode.CANCEL_MAKER),
                // 18 size decimals so that notionals stay small while sizes approach 2^63.
                new MarketSpec(HUGE_SIZE_MARKET, "HUGE-USD", 2, 18, 1L, 1L, 1L, 3L << 61,
                        0, 2, 5, 500, StpMode.NONE),
                // Whole-unit prices at the top of the long range; a market buy's slippage bound passes it.
                new MarketSpec(TOP_PRICE_MARKET, "TOP-USD", 0, 1, 1L, 1L, 1L, 10L,
                        0, 2, 5, 500, StpMode.NONE));
    }

    /**
     * The registry: configured specs plus unknown ids from the default template (unless strict), at most
     * {@link #MAX_UNKNOWN_MARKETS} of them.
     */
    public static MarketRegistry registry(boolean strict) {
        return MarketRegistry.of(specs(), !strict, null).withMaxUnknownMarkets(MAX_UNKNOWN_MARKETS);
    }

    private static final class Gen {
        final long id;
        final long tick;
        final long lot;
        final long min;
        final long max;
        final int band;
        long midTicks;

        Gen(MarketSpec s, long midPrice) {
            this.id = s.marketId();
            this.tick = s.tickSize();
            this.lot = s.lotSize();
            this.min = s.minSize();
            this.max = s.maxSize();
            this.band = s.priceBandBps();
            this.midTicks = midPrice / s.tickSize();
        }
    }

    private final Random rnd;
    private final ReferenceModel model;
    private final List<Gen> markets = new ArrayList<>();
    private final Gen negative;
    private final List<String> users = new ArrayList<>();
    private final int activeUsers;
    private long now = 1_700_000_000_000_000L;
    private long clientCounter;

    /** A generator for the given seed that reads the state of {@code model}. */
    public RandomCommands(long seed, ReferenceModel model) {
        this.rnd = new Random(seed);
        this.model = model;
        List<MarketSpec> specs = specs();
        markets.add(new Gen(specs.get(0), 10_000_000_000L)); // 100.00
        markets.add(new Gen(specs.get(1), 250_000L)); // 25.0000
        markets.add(new Gen(specs.get(2), 50_000L)); // 500.00
        markets.add(new Gen(specs.get(3), 100L)); // 1.00
        markets.add(new Gen(specs.get(4), Long.MAX_VALUE - 8));
        MarketSpec template = MarketSpec.defaults(UNCONFIGURED_MARKET);
        markets.add(new Gen(template, 3_000_000_000L)); // 30.00
        for (long id : MORE_UNCONFIGURED_MARKETS) {
            markets.add(new Gen(MarketSpec.defaults(id), 3_000_000_000L));
        }
        negative = new Gen(template.withId(0, "x"), 3_000_000_000L);
        int n = 20 + rnd.nextInt(31);
        for (int i = 0; i < n; i++) {
            users.add("0xu" + Integer.toHexString(0x100 + i));
        }
        activeUsers = 4 + rnd.nextInt(5);
    }

    /** The next command, at a timestamp a few microseconds after the previous one. */
    public Command next() {
        int step = rnd.nextInt(200);
        if (step == 0) {
            now -= 1 + rnd.nextInt(100); // a late command: time goes back a little
        } else if (step < 25) {
            now += 0; // same microsecond
        } else {
            now += 1 + rnd.nextInt(40);
        }
        int pick = rnd.nextInt(100);
        if (pick < 50) {
            return place();
        }
        if (pick < 56) {
            return conditional();
        }
        if (pick < 58) {
            return changeConditional();
        }
        if (pick < 73) {
            return cancel();
        }
        if (pick < 75) {
            return cancelAll();
        }
        if (pick == 99 && rnd.nextInt(4) == 0) {
            // the runtime's clock on an idle engine: time jumps and only expiry happens
            now += 1 + rnd.nextInt(3_000);
            return new AdvanceTime(now);
        }
        return amend();
    }

    private String user() {
        int r = rnd.nextInt(100);
        if (r == 0) {
            return "";
        }
        if (r < 70) {
            return users.get(rnd.nextInt(activeUsers));
        }
        return users.get(rnd.nextInt(users.size()));
    }

    private Gen market() {
        int r = rnd.nextInt(100);
        if (r < 2) {
            return negative;
        }
        if (r < 32) {
            return markets.get(0);
        }
        if (r < 57) {
            return markets.get(1);
        }
        if (r < 78) {
            return markets.get(2);
        }
        if (r < 84) {
            return markets.get(3);
        }
        if (r < 88) {
            return markets.get(4);
        }
        if (r < 96) {
            return markets.get(5);
        }
        return markets.get(6 + r - 96);
    }

    private long marketId(Gen g) {
        return g == negative ? NEGATIVE_MARKET : g.id;
    }

    private <T> T oneOf(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    // ---------------------------------------------------------------------------------------
    // stop and take-profit orders, mark prices

    private long reference(Gen g, TriggerReference by) {
        long id = marketId(g);
        long price = by == TriggerReference.LAST ? model.lastTradePrice(id) : model.markPrice(id);
        return price != 0 ? price : g.midTicks * g.tick;
    }

    /** A trigger a few ticks away on the side where it waits; sometimes on the side that fires. */
    private long triggerPrice(Gen g, boolean onRise, long reference) {
        int r = rnd.nextInt(100);
        if (r < 2) {
            return rnd.nextBoolean() ? 0 : reference + 1; // non-positive or off tick (for tick > 1)
        }
        long ticks = 1 + rnd.nextInt(12);
        boolean waits = r >= 10;
        long away = (onRise == waits) ? ticks : -ticks;
        return Math.max(g.tick, (reference / g.tick + away) * g.tick);
    }

    private Command conditional() {
        String user = user();
        Gen g = market();
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        TriggerKind kind = rnd.nextBoolean() ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT;
        OrderType type = rnd.nextBoolean() ? OrderType.MARKET : OrderType.LIMIT;
        TriggerReference by = rnd.nextInt(100) < 70 ? TriggerReference.LAST : TriggerReference.MARK;
        boolean reduceOnly = rnd.nextInt(100) < 20;
        long position = model.position(user, marketId(g));
        if (reduceOnly && position != 0 && rnd.nextInt(100) < 80) {
            side = position > 0 ? Side.SELL : Side.BUY;
        }
        long trigger = triggerPrice(g, kind.triggersOnRise(side), reference(g, by));
        long price = type == OrderType.MARKET ? (rnd.nextInt(100) < 85 ? PlaceOrder.NO_PRICE : trigger)
                : Math.max(g.tick, trigger + (rnd.nextInt(7) - 3) * g.tick);
        long expiresAt = rnd.nextInt(100) < 15 ? now + 1 + rnd.nextInt(3_000) : PlaceOrder.NO_EXPIRY;
        String oco = rnd.nextInt(100) < 30 ? "g" + rnd.nextInt(3) : rnd.nextInt(100) == 0 ? "bad group" : null;
        StpMode stp = rnd.nextInt(100) < 20 ? oneOf(List.of(StpMode.values())) : null;
        return new PlaceConditionalOrder(now, user, marketId(g), side, kind, type, trigger, by, price,
                size(g, reduceOnly ? Math.abs(position) : 0), clientId(user), reduceOnly, stp, expiresAt, oco);
    }

    private Command changeConditional() {
        String user = user();
        int r = rnd.nextInt(100);
        if (r < 30) {
            Gen g = market();
            long mark = reference(g, TriggerReference.MARK) + (rnd.nextInt(9) - 4) * g.tick;
            return new UpdateMarkPrice(now, "0xoracle", marketId(g), rnd.nextInt(50) == 0 ? 0 : Math.max(1, mark));
        }
        List<ConditionalOrderSnapshot> mine = model.conditionalOrders(user);
        if (mine.isEmpty()) {
            return new AmendConditionalOrder(now, user, CancelOrder.ANY_MARKET, 1 + rnd.nextInt(1_000_000), null,
                    0, 0, 0);
        }
        ConditionalOrderSnapshot o = mine.get(rnd.nextInt(mine.size()));
        Gen g = gen(o.marketId());
        if (r < 55) {
            return o.clientOrderId() != null && rnd.nextBoolean()
                    ? CancelOrder.byClientId(now, user, o.clientOrderId()) : CancelOrder.byId(now, user, o.orderId());
        }
        long trigger = rnd.nextBoolean() ? triggerPrice(g, o.triggersOnRise(), reference(g, o.triggerBy())) : 0;
        long price = o.orderType() == OrderType.LIMIT && rnd.nextBoolean()
                ? Math.max(g.tick, o.price() + (rnd.nextInt(5) - 2) * g.tick) : 0;
        long size = rnd.nextInt(100) < 30 ? size(g, 0) : 0;
        if (r < 85) {
            return new AmendConditionalOrder(now, user, CancelOrder.ANY_MARKET, o.orderId(), null, trigger, price,
                    size);
        }
        return AmendOrder.byId(now, user, o.orderId(), price, size);
    }

    // ---------------------------------------------------------------------------------------

    private Command place() {
        String user = user();
        Gen g = market();
        long mid = marketId(g);
        if (rnd.nextInt(50) == 0) {
            g.midTicks += rnd.nextBoolean() ? 1 : -1;
        }
        OrderType type = rnd.nextInt(100) < 15 ? OrderType.MARKET : OrderType.LIMIT;
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        boolean reduceOnly = false;
        long position = model.position(user, mid);
        if (rnd.nextInt(100) < 14) {
            reduceOnly = true;
            if (position != 0 && rnd.nextInt(100) < 85) {
                side = position > 0 ? Side.SELL : Side.BUY;
            }
        }
        TimeInForce tif;
        int t = rnd.nextInt(100);
        if (type == OrderType.MARKET) {
            tif = t < 55 ? TimeInForce.IOC : t < 93 ? TimeInForce.FOK : t < 97 ? TimeInForce.GTC : TimeInForce.POST_ONLY;
        } else {
            tif = t < 55 ? TimeInForce.GTC : t < 70 ? TimeInForce.IOC : t < 80 ? TimeInForce.FOK : TimeInForce.POST_ONLY;
        }
        long size = size(g, reduceOnly ? Math.abs(position) : 0);
        long expiresAt = PlaceOrder.NO_EXPIRY;
        int e = rnd.nextInt(100);
        if (e < 18) {
            expiresAt = now + 1 + rnd.nextInt(3_000);
        } else if (e < 21) {
            expiresAt = now - rnd.nextInt(50); // not later than now: refused
        } else if (e < 24) {
            expiresAt = now + 1_000_000L + rnd.nextInt(1_000_000);
        }
        long price = type == OrderType.MARKET ? marketPrice(g, side) : limitPrice(g, side);
        if (type == OrderType.LIMIT && !reduceOnly && rnd.nextInt(100) < 10 && g != negative) {
            // a passive user quoting deep in the book: many price levels per side
            user = "0xdeep" + rnd.nextInt(3); // never cancels or amends
            long depth = 5 + rnd.nextInt(g.band > 0 ? 150 : 400);
            price = Math.max(1, g.midTicks + (side == Side.BUY ? -depth : depth)) * g.tick;
            tif = TimeInForce.GTC;
            expiresAt = PlaceOrder.NO_EXPIRY;
        }
        if (type == OrderType.LIMIT && rnd.nextInt(400) == 0) {
            price = Long.MAX_VALUE / 4 / g.tick * g.tick; // notional overflow with a large size
            size = g.max;
        }
        String clientId = clientId(user);
        StpMode stp = rnd.nextInt(100) < 65 ? null : oneOf(List.of(StpMode.values()));
        return new PlaceOrder(now, user, mid, side, type, tif, price, size, clientId, reduceOnly, stp, expiresAt);
    }

    private long size(Gen g, long position) {
        if (g.id == HUGE_SIZE_MARKET && rnd.nextInt(4) != 0) {
            return boundarySize(g);
        }
        int r = rnd.nextInt(1000);
        if (r < 5) {
            return 0;
        }
        if (r < 10) {
            return -g.lot * (1 + rnd.nextInt(10));
        }
        if (r < 20 && g.lot > 1) {
            return g.min + g.lot * rnd.nextInt(10) + 1 + rnd.nextInt((int) Math.min(g.lot - 1, 1000));
        }
        if (r < 30 && g.min > g.lot) {
            return g.lot * (1 + rnd.nextInt((int) (g.min / g.lot - 1)));
        }
        if (r < 38) {
            return g.max + g.lot * (1 + rnd.nextInt(3));
        }
        if (r < 40) {
            return g.max;
        }
        if (r < 200 && position > 0) {
            long lots = Math.max(1, position / g.lot);
            return Math.max(g.min, g.lot * (1 + rnd.nextInt((int) Math.min(lots, 500_000) * 2)));
        }
        if (r < 260) {
            return g.min * (20 + rnd.nextInt(80));
        }
        return g.min * (1 + rnd.nextInt(12));
    }

    /** Sizes around 2^62 and 2^63 / 3: two or three of them pass 2^63. */
    private long boundarySize(Gen g) {
        return switch (rnd.nextInt(5)) {
            case 0 -> g.max;
            case 1 -> 1L << 62;
            case 2 -> (1L << 62) - 1 - rnd.nextInt(3);
            case 3 -> Long.MAX_VALUE / 3 + rnd.nextInt(3);
            default -> (1L << 61) + rnd.nextInt(3);
        };
    }

    /** Near the mid: crosses often, sometimes off-tick, out of band or non-positive. */
    private long limitPrice(Gen g, Side side) {
        int r = rnd.nextInt(1000);
        if (r < 5) {
            return 0;
        }
        if (r < 10) {
            return -g.tick * (1 + rnd.nextInt(100));
        }
        if (r < 25 && g.tick > 1) {
            return g.midTicks * g.tick + 1 + rnd.nextInt((int) Math.min(g.tick - 1, 1000));
        }
        if (r < 45) {
            long far = g.band > 0 ? g.midTicks * g.band / 10_000 * (2 + rnd.nextInt(3)) : g.midTicks / 5;
            boolean aggressive = g.band > 0 ? rnd.nextBoolean() : rnd.nextInt(100) < 15;
            return (g.midTicks + ((side == Side.BUY) == aggressive ? far : -far)) * g.tick;
        }
        long bias = side == Side.BUY ? -2 : 2;
        long offset = Math.round(rnd.nextGaussian() * 5) + bias;
        return Math.max(1, g.midTicks + offset) * g.tick;
    }

    private long marketPrice(Gen g, Side side) {
        int r = rnd.nextInt(100);
        if (r < 50) {
            return PlaceOrder.NO_PRICE;
        }
        if (r < 53) {
            return -g.tick;
        }
        long offset = Math.round(rnd.nextGaussian() * 4) + (side == Side.BUY ? 2 : -2);
        long price = Math.max(1, g.midTicks + offset) * g.tick;
        if (r < 60) {
            price += 1; // off-tick worst prices are fine for market orders
        }
        return price;
    }

    private String clientId(String user) {
        int r = rnd.nextInt(100);
        if (r < 40) {
            return null;
        }
        if (r < 84) {
            return "c-" + (++clientCounter);
        }
        if (r < 91) {
            List<OrderSnapshot> mine = model.openOrders(user, CancelAll.ALL_MARKETS);
            for (OrderSnapshot o : mine) {
                if (o.clientOrderId() != null) {
                    return o.clientOrderId();
                }
            }
            return "c-" + (++clientCounter);
        }
        if (r < 93) {
            return "bad id!" + rnd.nextInt(10);
        }
        if (r < 95) {
            return "x".repeat(37);
        }
        if (r < 97) {
            return ("ok:/._-" + (++clientCounter) + "a".repeat(36)).substring(0, 36);
        }
        if (r < 98) {
            return "";
        }
        return "é" + (++clientCounter);
    }

    // ---------------------------------------------------------------------------------------

    private OrderSnapshot someOpenOrder(String user) {
        List<OrderSnapshot> mine = model.openOrders(user, CancelAll.ALL_MARKETS);
        return mine.isEmpty() ? null : mine.get(rnd.nextInt(mine.size()));
    }

    private OrderSnapshot someoneElsesOrder(String user) {
        for (int i = 0; i < 5; i++) {
            String other = users.get(rnd.nextInt(users.size()));
            if (!other.equals(user)) {
                OrderSnapshot o = someOpenOrder(other);
                if (o != null) {
                    return o;
                }
            }
        }
        return null;
    }

    private long marketFieldFor(OrderSnapshot o) {
        int r = rnd.nextInt(100);
        if (r < 80) {
            return CancelOrder.ANY_MARKET;
        }
        if (r < 95) {
            return o.marketId();
        }
        return o.marketId() == CANCEL_MAKER_MARKET ? BAND_MARKET : CANCEL_MAKER_MARKET;
    }

    private Command cancel() {
        String user = user();
        int r = rnd.nextInt(100);
        OrderSnapshot own = someOpenOrder(user);
        if (r < 60 && own != null) {
            return new CancelOrder(now, user, marketFieldFor(own), own.orderId(), null);
        }
        if (r < 75 && own != null && own.clientOrderId() != null) {
            return new CancelOrder(now, user, marketFieldFor(own), CancelOrder.NO_ORDER_ID, own.clientOrderId());
        }
        if (r < 85) {
            OrderSnapshot other = someoneElsesOrder(user);
            if (other != null) {
                return rnd.nextBoolean() || other.clientOrderId() == null
                        ? CancelOrder.byId(now, user, other.orderId())
                        : CancelOrder.byClientId(now, user, other.clientOrderId());
            }
        }
        if (r < 93) {
            return CancelOrder.byId(now, user, 1 + rnd.nextInt(1_000_000));
        }
        return CancelOrder.byClientId(now, user, "c-" + rnd.nextInt(1_000_000));
    }

    private Command cancelAll() {
        String user = user();
        if (rnd.nextBoolean()) {
            return new CancelAll(now, user, CancelAll.ALL_MARKETS);
        }
        return new CancelAll(now, user, marketId(market()));
    }

    private Command amend() {
        String user = user();
        OrderSnapshot o = someOpenOrder(user);
        if (o == null || rnd.nextInt(100) < 6) {
            OrderSnapshot other = rnd.nextBoolean() ? someoneElsesOrder(user) : null;
            long id = other != null ? other.orderId() : 1 + rnd.nextInt(1_000_000);
            return AmendOrder.byId(now, user, id, 0, 1);
        }
        Gen g = gen(o.marketId());
        long price = amendPrice(g, o);
        long size = amendSize(g, o);
        long marketId = marketFieldFor(o);
        if (o.clientOrderId() != null && rnd.nextInt(100) < 20) {
            return new AmendOrder(now, user, marketId, CancelOrder.NO_ORDER_ID, o.clientOrderId(), price, size);
        }
        return new AmendOrder(now, user, marketId, o.orderId(), null, price, size);
    }

    private Gen gen(long marketId) {
        for (Gen g : markets) {
            if (g.id == marketId) {
                return g;
            }
        }
        throw new IllegalStateException("no generator market " + marketId);
    }

    private long amendPrice(Gen g, OrderSnapshot o) {
        int r = rnd.nextInt(100);
        if (r < 35) {
            return AmendOrder.UNCHANGED;
        }
        if (r < 45) {
            return o.price();
        }
        if (r < 70) {
            long delta = (1 + rnd.nextInt(5)) * (rnd.nextBoolean() ? 1 : -1);
            return Math.max(1, o.price() / g.tick + delta) * g.tick;
        }
        if (r < 85) {
            long best = model.best(o.marketId(), o.side().opposite());
            if (best == 0) {
                return o.price() + g.tick;
            }
            long through = g.tick * rnd.nextInt(3);
            return o.side() == Side.BUY ? best + through : Math.max(g.tick, best - through);
        }
        if (r < 90 && g.tick > 1) {
            return o.price() + 1;
        }
        if (r < 94) {
            long far = g.band > 0 ? g.midTicks * g.band / 10_000 * 3 : g.midTicks / 4;
            return (g.midTicks + (rnd.nextBoolean() ? far : -far)) * g.tick;
        }
        if (r < 96) {
            return -g.tick;
        }
        if (r < 97) {
            return Long.MAX_VALUE / 4 / g.tick * g.tick;
        }
        return o.price();
    }

    private long amendSize(Gen g, OrderSnapshot o) {
        int r = rnd.nextInt(100);
        long open = o.openSize();
        if (r < 40) {
            return AmendOrder.UNCHANGED;
        }
        if (r < 55) {
            long smaller = open - g.lot * (1 + rnd.nextInt(5));
            return smaller > 0 ? smaller : open;
        }
        if (r < 75) {
            return open + g.lot * (1 + rnd.nextInt(10));
        }
        if (r < 82) {
            return open;
        }
        if (r < 87 && g.lot > 1) {
            return open + 1;
        }
        if (r < 91) {
            return g.max - o.filledSize() + g.lot * rnd.nextInt(2);
        }
        if (r < 94) {
            return -g.lot;
        }
        return g.lot;
    }
}
