package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.hyperperp.core.engine.EngineSnapshots;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random command logs mixing trading, deposits, withdrawals, leverage, mark moves, funding and the
 * liquidations they cause, run through the engine and checked against {@link RiskReference}: every
 * risk event's numbers, every margin decision, every account after every command, conservation
 * after every command, and a snapshot round trip every 25,000 commands.
 *
 * <p>A second mix, {@link Mix#MARKET_MAKERS}, gives three traders up to 140 small open orders each
 * (the maker up to 200) and sends mostly price-only amends a few ticks away, so that accounts far
 * above {@code MarginMath.MAX_WALKED_ORDERS} amend inside and across their prices' cells, near their
 * limits, with their exact figures read from the totals they keep.
 *
 * <p>Reproduce a seed with {@code -Dhyperperp.riskSeed=<seed>} (and {@code -Dhyperperp.riskCommands=<n>},
 * {@code -Dhyperperp.riskMix=MARKET_MAKERS}).
 */
class RiskDifferentialTest {

    private static final long[] SEEDS = {11L, 12L, 13L, 0xFEEDL, 20_261_204L};
    private static final long[] MARKET_MAKER_SEEDS = {21L, 22L, 23L};
    private static final int COMMANDS_PER_SEED = 110_000;

    /** What the generator sends. */
    enum Mix {
        /** Traders with up to 12 open orders, amends of price and size. */
        DEFAULT,
        /** Three traders with up to 140 open orders, mostly price-only amends of a few ticks. */
        MARKET_MAKERS
    }
    private static final int SNAPSHOT_EVERY = 25_000;

    @TestFactory
    Stream<DynamicTest> engineMatchesRiskReference() {
        String override = System.getProperty("hyperperp.riskSeed");
        if (override != null && !override.isBlank()) {
            long seed = Long.decode(override.trim());
            int commands = Integer.getInteger("hyperperp.riskCommands", COMMANDS_PER_SEED);
            Mix mix = Mix.valueOf(System.getProperty("hyperperp.riskMix", Mix.DEFAULT.name()));
            return Stream.of(DynamicTest.dynamicTest(mix + " seed " + seed, () -> run(seed, commands, mix)));
        }
        Stream<DynamicTest> plain = java.util.Arrays.stream(SEEDS).boxed()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, COMMANDS_PER_SEED, Mix.DEFAULT)));
        Stream<DynamicTest> makers = java.util.Arrays.stream(MARKET_MAKER_SEEDS).boxed()
                .map(seed -> DynamicTest.dynamicTest("market makers, seed " + seed,
                        () -> run(seed, COMMANDS_PER_SEED, Mix.MARKET_MAKERS)));
        return Stream.concat(plain, makers);
    }

    static List<MarketSpec> markets() {
        RiskSpec tight = new RiskSpec(MarginMode.CROSS, 200, 100, 25, 10, 100, 200_000, 3_600);
        RiskSpec loose = new RiskSpec(MarginMode.CROSS, 500, 250, 10, 5, 50, 200_000, 3_600);
        return List.of(
                new MarketSpec(1, "A-PERP", 2, 0, 1, 1, 1, 10_000, 0, -1, 5, 500, StpMode.NONE, tight),
                new MarketSpec(2, "B-PERP", 1, 2, 5, 10, 10, 1_000_000, 0, 2, 4, 300, StpMode.CANCEL_TAKER, loose),
                new MarketSpec(3, "C-NONE", 2, 0, 1, 1, 1, 10_000, 0, 0, 0, 500, StpMode.NONE));
    }

    static void run(long seed, int commands) {
        run(seed, commands, Mix.DEFAULT);
    }

    static void run(long seed, int commands, Mix mix) {
        try {
            runUnchecked(seed, commands, mix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("risk differential failed, mix=" + mix + " seed=" + seed + ": " + e.getMessage(), e);
        }
    }

    private static void runUnchecked(long seed, int commands, Mix mix) throws IOException {
        RiskSettings settings = RiskSettings.DEFAULTS.withCollateralDecimals(2);
        MarketRegistry registry = MarketRegistry.of(markets(), false, null);
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(registry, settings, recorder);
        RiskReference model = new RiskReference(markets(), 2);
        Generator generator = new Generator(seed, model, settings, mix);
        int mostOrders = 0;
        RiskChecker checker = new RiskChecker(model, settings);
        Map<RiskEvent.Kind, Integer> kinds = new EnumMap<>(RiskEvent.Kind.class);
        for (int i = 0; i < commands; i++) {
            Command command = generator.next();
            checker.before(command);
            engine.process(command);
            List<EngineEvent> events = recorder.drain();
            try {
                checker.after(command, events, engine);
            } catch (AssertionError e) {
                throw new AssertionError("command #" + i + " " + command + ": " + e.getMessage(), e);
            }
            for (EngineEvent e : events) {
                if (e instanceof EngineEvent.Risk r) {
                    kinds.merge(r.event().kind(), 1, Integer::sum);
                }
            }
            for (String trader : Generator.TRADERS) {
                mostOrders = Math.max(mostOrders, model.orderCount(trader));
            }
            if ((i + 1) % SNAPSHOT_EVERY == 0) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                EngineSnapshots.write(engine.image(), bytes);
                engine = MatchingEngine.restore(registry, settings, recorder,
                        EngineSnapshots.read(new ByteArrayInputStream(bytes.toByteArray())));
                checker.compareAccounts(engine);
            }
        }
        assertThat(kinds.keySet()).as("risk event kinds reached (seed " + seed + "): " + kinds)
                .containsAll(java.util.EnumSet.allOf(RiskEvent.Kind.class));
        if (mix == Mix.MARKET_MAKERS) {
            assertThat(mostOrders).as("most open orders of a trader (seed " + seed + ")").isGreaterThan(100);
            assertThat(generator.priceOnlyAmends).as("price-only amends sent (seed " + seed + ")").isGreaterThan(5_000);
        }
    }

    /** Random commands with a bias towards situations that liquidate. */
    static final class Generator {
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

        Generator(long seed, RiskReference model, RiskSettings settings, Mix mix) {
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

    /** Fails on the first difference. */
    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static RejectReason rejectionOf(List<EngineEvent> events, Command command) {
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.CommandRejected r && r.command() == command) {
                return r.reason();
            }
        }
        return null;
    }
}
