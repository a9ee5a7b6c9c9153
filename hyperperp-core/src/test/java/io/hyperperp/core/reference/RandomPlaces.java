package io.hyperperp.core.reference;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.reference.RandomDraws.Gen;
import java.util.List;
import java.util.Random;

/**
 * The generator's new orders: limit and market orders of every time in force, near the mid and sometimes deep in
 * the book, reduce-only against real positions, with prices that are at times off tick, out of band or invalid.
 */
final class RandomPlaces {

    private final RandomDraws draws;
    private final Random rnd;

    RandomPlaces(RandomDraws draws) {
        this.draws = draws;
        this.rnd = draws.rnd;
    }

    /** A new limit or market order. */
    Command place() {
        String user = draws.user();
        Gen g = draws.market();
        long mid = draws.marketId(g);
        if (rnd.nextInt(50) == 0) {
            g.midTicks += rnd.nextBoolean() ? 1 : -1;
        }
        OrderType type = rnd.nextInt(100) < 15 ? OrderType.MARKET : OrderType.LIMIT;
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        boolean reduceOnly = false;
        long position = draws.model.position(user, mid);
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
        long size = draws.size(g, reduceOnly ? Math.abs(position) : 0);
        long expiresAt = PlaceOrder.NO_EXPIRY;
        int e = rnd.nextInt(100);
        if (e < 18) {
            expiresAt = draws.now + 1 + rnd.nextInt(3_000);
        } else if (e < 21) {
            expiresAt = draws.now - rnd.nextInt(50); // not later than now: refused
        } else if (e < 24) {
            expiresAt = draws.now + 1_000_000L + rnd.nextInt(1_000_000);
        }
        long price = type == OrderType.MARKET ? marketPrice(g, side) : limitPrice(g, side);
        if (type == OrderType.LIMIT && !reduceOnly && rnd.nextInt(100) < 10 && g != draws.negative) {
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
        String clientId = draws.clientId(user);
        StpMode stp = rnd.nextInt(100) < 65 ? null : draws.oneOf(List.of(StpMode.values()));
        return new PlaceOrder(draws.now, user, mid, side, type, tif, price, size, clientId, reduceOnly, stp, expiresAt);
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
}
