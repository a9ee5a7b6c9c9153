package io.hyperperp.bench;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.LevelOrders;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a {@link MixedWorkload} by running every generated command through a matching engine, so
 * that cancels and amends always name live orders.
 *
 * <p>Book size control: passive GTC orders add to the book, cancels and trading amends take away.
 * Trading amends are issued while the share of trading commands is below the target and the book
 * holds at least 95% of its target size; IOC orders take a whole maker while the book is above its
 * target and only part of one otherwise. IOC orders always trade when the opposite side is not empty.
 */
final class WorkloadGenerator {

    private final WorkloadConfig config;
    private final SplittableRandom rnd;
    private final MarketSpec spec = MixedWorkload.spec();
    private final long tick = spec.tickSize();
    private final long lot = spec.lotSize();
    private final LiveOrders live = new LiveOrders();
    private final MatchingEngine engine = new MatchingEngine(MixedWorkload.registry(), live);
    private final String[] users;
    private long timestamp = MixedWorkload.START_TIMESTAMP;

    WorkloadGenerator(WorkloadConfig config) {
        this.config = config;
        this.rnd = new SplittableRandom(config.seed());
        this.users = new String[config.users()];
        for (int i = 0; i < users.length; i++) {
            users[i] = "0x" + Integer.toHexString(i + 1);
        }
    }

    MixedWorkload generate() {
        List<Command> warmup = new ArrayList<>(config.targetOrders());
        while (live.size() < config.targetOrders()) {
            Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
            warmup.add(run(gtc(side)));
        }
        BookDepth depth = engine.depth(MixedWorkload.MARKET_ID, Integer.MAX_VALUE);
        int levels = depth.bids().size() + depth.asks().size();
        long fillsBefore = live.fills();

        List<Command> measured = new ArrayList<>(config.measuredCommands());
        long trading = 0;
        int min = live.size();
        int max = live.size();
        int gtcBound = config.gtcPercent();
        int iocBound = gtcBound + config.iocPercent();
        int cancelBound = iocBound + config.cancelPercent();
        for (int i = 0; i < config.measuredCommands(); i++) {
            int pick = rnd.nextInt(100);
            Command command;
            if (pick < gtcBound || live.size() == 0) {
                command = gtc(rnd.nextBoolean() ? Side.BUY : Side.SELL);
            } else if (pick < iocBound) {
                command = ioc(rnd.nextBoolean() ? Side.BUY : Side.SELL);
            } else if (pick < cancelBound) {
                LiveOrders.Live order = live.random(rnd);
                command = new CancelOrder(timestamp, order.user, MixedWorkload.MARKET_ID, order.orderId, null);
            } else {
                boolean behind = trading < config.tradePercent() / 100.0 * (i + 1);
                command = amend(live.random(rnd), behind && live.size() * 100L >= config.targetOrders() * 95L);
            }
            long fills = live.fills();
            measured.add(run(command));
            if (live.fills() != fills) {
                trading++;
            }
            min = Math.min(min, live.size());
            max = Math.max(max, live.size());
        }
        MixedWorkload.Stats stats = new MixedWorkload.Stats(live.fills() - fillsBefore, trading, live.size(), min,
                max, levels, live.rejects());
        return new MixedWorkload(config, warmup, measured, stats);
    }

    private Command run(Command command) {
        engine.process(command);
        timestamp++;
        return command;
    }

    private String randomUser() {
        return users[rnd.nextInt(users.length)];
    }

    private long randomSize() {
        return lot * 100 * (1 + rnd.nextInt(20));
    }

    /** A price within the range on the order's own side that does not cross the book. */
    private long passivePrice(Side side) {
        long offset = tick * (1 + rnd.nextInt(config.rangeTicks()));
        BookDepth top = engine.depth(MixedWorkload.MARKET_ID, 1);
        if (side == Side.BUY) {
            long price = MixedWorkload.MID_PRICE - offset;
            long bestAsk = top.bestAsk();
            return bestAsk != 0 && price >= bestAsk ? bestAsk - tick * (1 + rnd.nextInt(5)) : price;
        }
        long price = MixedWorkload.MID_PRICE + offset;
        long bestBid = top.bestBid();
        return bestBid != 0 && price <= bestBid ? bestBid + tick * (1 + rnd.nextInt(5)) : price;
    }

    private PlaceOrder gtc(Side side) {
        return PlaceOrder.limit(timestamp, randomUser(), MixedWorkload.MARKET_ID, side, passivePrice(side),
                randomSize());
    }

    /** The first order in line on the best level of {@code side}, or null. */
    private LevelOrders bestLevel(Side side) {
        List<LevelOrders> levels = engine.levelOrders(MixedWorkload.MARKET_ID, side, 1);
        return levels.isEmpty() ? null : levels.get(0);
    }

    private PlaceOrder ioc(Side side) {
        LevelOrders best = bestLevel(side.opposite());
        long price;
        long size;
        if (best == null) {
            price = MixedWorkload.MID_PRICE;
            size = randomSize();
        } else {
            price = best.price();
            long makerOpen = best.orders().get(0).openSize();
            size = live.size() > config.targetOrders() ? makerOpen : half(makerOpen);
        }
        return PlaceOrder.limit(timestamp, randomUser(), MixedWorkload.MARKET_ID, side, price, size)
                .withTimeInForce(TimeInForce.IOC);
    }

    private AmendOrder amend(LiveOrders.Live order, boolean trade) {
        LevelOrders best = trade ? bestLevel(order.side.opposite()) : null;
        if (best != null) {
            long newSize = half(best.orders().get(0).openSize());
            return new AmendOrder(timestamp, order.user, MixedWorkload.MARKET_ID, order.orderId, null, best.price(),
                    newSize == order.openSize ? AmendOrder.UNCHANGED : newSize);
        }
        long price = passivePrice(order.side);
        if (price == order.price) {
            price += order.side == Side.BUY ? -tick : tick;
        }
        return new AmendOrder(timestamp, order.user, MixedWorkload.MARKET_ID, order.orderId, null, price,
                AmendOrder.UNCHANGED);
    }

    /** About half of {@code size}, in whole lots, at least one lot. */
    private long half(long size) {
        return Math.max(lot, size / 2 / lot * lot);
    }
}
