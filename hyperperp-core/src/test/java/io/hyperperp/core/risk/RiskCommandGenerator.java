package io.hyperperp.core.risk;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.SplittableRandom;

/**
 * Random commands with a bias towards situations that liquidate: the command log {@link RiskDifferentialTest}
 * sends, one seed a log, in the {@link Mix} it asks for. It reads the {@link RiskReference} to pick orders that
 * exist and amounts near the limits, so it must be asked for each command after the previous one was checked.
 */
final class RiskCommandGenerator {

    /** What the generator sends. */
    enum Mix {
        /** Traders with up to 12 open orders, amends of price and size. */
        DEFAULT,
        /** Three traders with up to 140 open orders, mostly price-only amends of a few ticks. */
        MARKET_MAKERS
    }

    static final String[] TRADERS = {"0xa1", "0xa2", "0xa3", "0xa4", "0xa5", "0xa6", "0xa7", "0xa8"};
    private static final String MAKER = "0xmm";
    /** In {@link Mix#MARKET_MAKERS}, the traders that keep many small orders. */
    private static final int MARKET_MAKING_TRADERS = 3;
    private final SplittableRandom rnd;
    private final Mix mix;
    /** Price-only amends sent so far. */
    int priceOnlyAmends;
    private final RiskReference model;
    private final RiskSettings settings;
    private final long[] marks = {0, 10_000, 10_000, 10_000};
    private long now = 1_000_000;
    private int deposits;
    /** The huge deposit that fitted, withdrawn again by the next command. */
    private String pendingUser;
    private long pendingAmount;

    RiskCommandGenerator(long seed, RiskReference model, RiskSettings settings, Mix mix) {
        this.mix = mix;
        this.rnd = new SplittableRandom(seed);
        this.model = model;
        this.settings = settings;
    }

    Command next() {
        now += 1 + rnd.nextInt(5);
        int roll = rnd.nextInt(1_000);
        long market = 1 + rnd.nextInt(3);
        String user = TRADERS[rnd.nextInt(TRADERS.length)];
        if (deposits < 12 || roll < 15) {
            return deposit(user);
        }
        if (pendingAmount != 0) {
            Command w = new Withdraw(now, pendingUser, pendingAmount);
            pendingAmount = 0;
            return w;
        }
        if (rnd.nextInt(400) == 0) {
            return boundary(user, market);
        }
        if (roll < 18) {
            // the operator drains the fund now and then, so that takeovers give way to ADL
            RiskReference.Account fund = model.accounts.get(settings.insuranceAddress());
            long half = fund == null ? 1 : Math.max(1, fund.collateral.longValue() / 2);
            return new Withdraw(now, settings.insuranceAddress(), half);
        }
        if (roll < 60) {
            long amount = rnd.nextInt(10) == 0 ? -rnd.nextInt(3) : 1 + rnd.nextLong(100_000);
            return new Withdraw(now, user, amount);
        }
        if (roll < 80) {
            return new SetLeverage(now, user, market, rnd.nextInt(28));
        }
        if (roll < 160) {
            return mark(market);
        }
        if (roll < 170) {
            long rate = rnd.nextInt(20) == 0 ? 300_000 : rnd.nextLong(-100_000, 100_001);
            return new ApplyFunding(now, "0xop", market, rate);
        }
        if (roll < 260) {
            return makerQuote(market);
        }
        if (mix == Mix.MARKET_MAKERS && roll < 700 && rnd.nextInt(5) < 3) {
            String marketMaker = TRADERS[rnd.nextInt(MARKET_MAKING_TRADERS)];
            return rnd.nextBoolean() ? order(marketMaker, market) : priceOnlyAmend(marketMaker);
        }
        if (roll < 700) {
            return order(user, market);
        }
        if (roll < 860) {
            return cancel(user);
        }
        if (roll < 980) {
            return amend(user);
        }
        if (marketMaking(user) && rnd.nextInt(20) != 0) {
            return order(user, market); // a market maker's book is rarely cleared at once
        }
        return new CancelAll(now, user, CancelAll.ALL_MARKETS);
    }

    /**
     * Values at the limits of 64 bits: each must be a rejection with a reason (or, for the one
     * huge deposit that fits, taken back by the next command), never an exception.
     */
    private Command boundary(String user, long market) {
        long tick = tick(market);
        long hugePrice = Long.MAX_VALUE - Long.MAX_VALUE % tick;
        long maxSize = model.specs.get(market).maxSize() / lot(market) * lot(market);
        switch (rnd.nextInt(9)) {
            case 0:
                return new Deposit(now, user, Long.MAX_VALUE, "huge-" + now);
            case 1: {
                long room = RiskPredictor.MAX_NET_DEPOSITS - model.netDeposits.longValue();
                if (room > 1) {
                    pendingUser = user;
                    pendingAmount = room - 1;
                }
                return new Deposit(now, user, Math.max(1, room - 1), "room-" + now);
            }
            case 2:
                return new Withdraw(now, user, Long.MAX_VALUE);
            case 3:
                return new UpdateMarkPrice(now, "0xoracle", market, hugePrice);
            case 4:
                return new UpdateMarkPrice(now, "0xoracle", market,
                        Math.max(tick, marks[(int) market] * 1_000_000_000L / tick * tick));
            case 5:
                return PlaceOrder.limit(now, user, market, rnd.nextBoolean() ? Side.BUY : Side.SELL,
                        hugePrice, maxSize);
            case 6:
                return PlaceOrder.limit(now, user, market, rnd.nextBoolean() ? Side.BUY : Side.SELL,
                        Math.max(tick, marks[(int) market] * 1_000_000L / tick * tick), maxSize);
            case 7:
                return new SetLeverage(now, user, market, Integer.MAX_VALUE);
            default:
                return new ApplyFunding(now, "0xop", market, rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
        }
    }

    private Command deposit(String user) {
        deposits++;
        if (rnd.nextInt(60) == 0) {
            return new Deposit(now, settings.insuranceAddress(), 1 + rnd.nextLong(10_000), "ins-" + deposits);
        }
        if (rnd.nextInt(10) == 0) {
            return new Deposit(now, MAKER, 50_000_000, "mm-" + deposits);
        }
        String id = rnd.nextInt(8) == 0 && deposits > 2 ? "tx-" + rnd.nextInt(deposits - 1) : "tx-" + deposits;
        long amount = rnd.nextInt(40) == 0 ? 0 : 1 + rnd.nextLong(marketMaking(user) ? 5_000_000 : 300_000);
        return new Deposit(now, user, amount, id);
    }

    private Command mark(long market) {
        long mark = marks[(int) market];
        int move = rnd.nextInt(20) == 0 ? 1_500 : 300;
        mark = Math.max(1_000, mark + mark * rnd.nextInt(-move, move + 1) / 10_000);
        mark = Math.min(40_000, mark);
        mark -= mark % tick(market);
        marks[(int) market] = mark;
        return new UpdateMarkPrice(now, "0xoracle", market, mark);
    }

    private long tick(long market) {
        return model.specs.get(market).tickSize();
    }

    private long lot(long market) {
        return model.specs.get(market).lotSize();
    }

    private Command makerQuote(long market) {
        if (model.orderCount(MAKER) > 200) {
            return CancelOrder.byId(now, MAKER, model.ordersByUser.get(MAKER).firstKey());
        }
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        long offset = marks[(int) market] * (5 + rnd.nextInt(300)) / 10_000;
        long price = side == Side.BUY ? marks[(int) market] - offset : marks[(int) market] + offset;
        price = Math.max(tick(market), price - price % tick(market));
        long size = lot(market) * (1 + rnd.nextInt(40));
        return PlaceOrder.limit(now, MAKER, market, side, price, size);
    }

    private boolean marketMaking(String user) {
        if (mix != Mix.MARKET_MAKERS) {
            return false;
        }
        for (int i = 0; i < MARKET_MAKING_TRADERS; i++) {
            if (TRADERS[i].equals(user)) {
                return true;
            }
        }
        return false;
    }

    private Command order(String user, long market) {
        boolean many = marketMaking(user);
        if (model.orderCount(user) > (many ? 140 : 12)) {
            return CancelOrder.byId(now, user, model.ordersByUser.get(user).firstKey());
        }
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        long size = lot(market) * (1 + rnd.nextInt(many ? 3 : rnd.nextInt(4) == 0 ? 400 : 100));
        if (many && rnd.nextInt(10) != 0) {
            // a quote 3-9% away from the mark, beyond the other traders' limit orders (±2%): it rests
            long offset = marks[(int) market] * (300 + rnd.nextInt(600)) / 10_000;
            long price = side == Side.BUY ? marks[(int) market] - offset : marks[(int) market] + offset;
            price = Math.max(tick(market), price - price % tick(market));
            return PlaceOrder.limit(now, user, market, side, price, size);
        }
        boolean reduceOnly = rnd.nextInt(8) == 0;
        if (rnd.nextInt(8) == 0) {
            return new PlaceOrder(now, user, market, side, OrderType.MARKET, TimeInForce.IOC, PlaceOrder.NO_PRICE,
                    size, null, reduceOnly, null, PlaceOrder.NO_EXPIRY);
        }
        long price = marks[(int) market] + marks[(int) market] * rnd.nextInt(-200, 201) / 10_000;
        price = Math.max(tick(market), price - price % tick(market));
        TimeInForce tif = rnd.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
        return new PlaceOrder(now, user, market, side, OrderType.LIMIT, tif, price, size, null, reduceOnly, null,
                PlaceOrder.NO_EXPIRY);
    }

    private OrderSnapshot someOrder(String user) {
        String owner = rnd.nextInt(5) == 0 ? MAKER : user;
        java.util.TreeMap<Long, OrderSnapshot> mine = model.ordersByUser.get(owner);
        if (mine == null || mine.isEmpty()) {
            return null;
        }
        Long key = mine.ceilingKey(mine.firstKey() + rnd.nextLong(mine.lastKey() - mine.firstKey() + 1));
        return mine.get(key);
    }

    private Command cancel(String user) {
        OrderSnapshot o = someOrder(user);
        return o == null ? CancelOrder.byId(now, user, 999_999_999L) : CancelOrder.byId(now, o.userAddress(), o.orderId());
    }

    /**
     * One of the user's own orders moved a few ticks at the same open size: inside its price's cell
     * mostly, now and then across it.
     */
    private Command priceOnlyAmend(String user) {
        java.util.TreeMap<Long, OrderSnapshot> mine = model.ordersByUser.get(user);
        if (mine == null || mine.isEmpty()) {
            return amend(user);
        }
        Long key = mine.ceilingKey(mine.firstKey() + rnd.nextLong(mine.lastKey() - mine.firstKey() + 1));
        OrderSnapshot o = mine.get(key);
        long ticks = rnd.nextInt(10) == 0 ? rnd.nextInt(-40, 41) : rnd.nextInt(-8, 9);
        long price = Math.max(tick(o.marketId()), o.price() + tick(o.marketId()) * (ticks == 0 ? 1 : ticks));
        priceOnlyAmends++;
        return AmendOrder.byId(now, user, o.orderId(), price, o.openSize());
    }

    private Command amend(String user) {
        OrderSnapshot o = someOrder(user);
        if (o == null) {
            return AmendOrder.byId(now, user, 999_999_999L, 100, 1);
        }
        long market = o.marketId();
        long price = rnd.nextBoolean() ? o.price()
                : Math.max(tick(market), o.price() + tick(market) * rnd.nextInt(-30, 31));
        long size = lot(market) * (1 + rnd.nextInt(80));
        return AmendOrder.byId(now, o.userAddress(), o.orderId(), price, size);
    }
}
