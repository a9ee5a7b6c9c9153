package io.hyperperp.core.reference;

import static io.hyperperp.core.reference.RandomCommands.BAND_MARKET;
import static io.hyperperp.core.reference.RandomCommands.CANCEL_MAKER_MARKET;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.reference.RandomDraws.Gen;
import java.util.List;
import java.util.Random;

/**
 * The generator's cancels, cancel-alls and amends: mostly aimed at the user's own open orders (by id or client
 * order id), sometimes at someone else's or at orders that never existed, with new prices and sizes that are at
 * times crossing, unchanged or invalid.
 */
final class RandomCancelsAndAmends {

    private final RandomDraws draws;
    private final Random rnd;

    RandomCancelsAndAmends(RandomDraws draws) {
        this.draws = draws;
        this.rnd = draws.rnd;
    }

    private OrderSnapshot someOpenOrder(String user) {
        List<OrderSnapshot> mine = draws.model.openOrders(user, CancelAll.ALL_MARKETS);
        return mine.isEmpty() ? null : mine.get(rnd.nextInt(mine.size()));
    }

    private OrderSnapshot someoneElsesOrder(String user) {
        for (int i = 0; i < 5; i++) {
            String other = draws.users.get(rnd.nextInt(draws.users.size()));
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

    /** A cancel of one order, by id or client order id. */
    Command cancel() {
        String user = draws.user();
        int r = rnd.nextInt(100);
        OrderSnapshot own = someOpenOrder(user);
        if (r < 60 && own != null) {
            return new CancelOrder(draws.now, user, marketFieldFor(own), own.orderId(), null);
        }
        if (r < 75 && own != null && own.clientOrderId() != null) {
            return new CancelOrder(draws.now, user, marketFieldFor(own), CancelOrder.NO_ORDER_ID, own.clientOrderId());
        }
        if (r < 85) {
            OrderSnapshot other = someoneElsesOrder(user);
            if (other != null) {
                return rnd.nextBoolean() || other.clientOrderId() == null
                        ? CancelOrder.byId(draws.now, user, other.orderId())
                        : CancelOrder.byClientId(draws.now, user, other.clientOrderId());
            }
        }
        if (r < 93) {
            return CancelOrder.byId(draws.now, user, 1 + rnd.nextInt(1_000_000));
        }
        return CancelOrder.byClientId(draws.now, user, "c-" + rnd.nextInt(1_000_000));
    }

    /** A cancel of all the user's orders, in every market or one. */
    Command cancelAll() {
        String user = draws.user();
        if (rnd.nextBoolean()) {
            return new CancelAll(draws.now, user, CancelAll.ALL_MARKETS);
        }
        return new CancelAll(draws.now, user, draws.marketId(draws.market()));
    }

    /** An amend of an open order's price or size. */
    Command amend() {
        String user = draws.user();
        OrderSnapshot o = someOpenOrder(user);
        if (o == null || rnd.nextInt(100) < 6) {
            OrderSnapshot other = rnd.nextBoolean() ? someoneElsesOrder(user) : null;
            long id = other != null ? other.orderId() : 1 + rnd.nextInt(1_000_000);
            return AmendOrder.byId(draws.now, user, id, 0, 1);
        }
        Gen g = draws.gen(o.marketId());
        long price = amendPrice(g, o);
        long size = amendSize(g, o);
        long marketId = marketFieldFor(o);
        if (o.clientOrderId() != null && rnd.nextInt(100) < 20) {
            return new AmendOrder(draws.now, user, marketId, CancelOrder.NO_ORDER_ID, o.clientOrderId(), price, size);
        }
        return new AmendOrder(draws.now, user, marketId, o.orderId(), null, price, size);
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
            long best = draws.model.best(o.marketId(), o.side().opposite());
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
