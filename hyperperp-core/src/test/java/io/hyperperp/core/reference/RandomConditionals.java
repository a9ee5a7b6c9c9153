package io.hyperperp.core.reference;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import io.hyperperp.core.reference.RandomDraws.Gen;
import java.util.List;
import java.util.Random;

/**
 * The generator's stop and take-profit commands: conditional orders placed with triggers a few ticks from the
 * last or mark price, mark price updates, and amends and cancels aimed at a user's untriggered orders.
 */
final class RandomConditionals {

    private final RandomDraws draws;
    private final Random rnd;

    RandomConditionals(RandomDraws draws) {
        this.draws = draws;
        this.rnd = draws.rnd;
    }

    private long reference(Gen g, TriggerReference by) {
        long id = draws.marketId(g);
        long price = by == TriggerReference.LAST ? draws.model.lastTradePrice(id) : draws.model.markPrice(id);
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

    /** A stop or take-profit order, reduce-only against the user's position at times. */
    Command place() {
        String user = draws.user();
        Gen g = draws.market();
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        TriggerKind kind = rnd.nextBoolean() ? TriggerKind.STOP : TriggerKind.TAKE_PROFIT;
        OrderType type = rnd.nextBoolean() ? OrderType.MARKET : OrderType.LIMIT;
        TriggerReference by = rnd.nextInt(100) < 70 ? TriggerReference.LAST : TriggerReference.MARK;
        boolean reduceOnly = rnd.nextInt(100) < 20;
        long position = draws.model.position(user, draws.marketId(g));
        if (reduceOnly && position != 0 && rnd.nextInt(100) < 80) {
            side = position > 0 ? Side.SELL : Side.BUY;
        }
        long trigger = triggerPrice(g, kind.triggersOnRise(side), reference(g, by));
        long price = type == OrderType.MARKET ? (rnd.nextInt(100) < 85 ? PlaceOrder.NO_PRICE : trigger)
                : Math.max(g.tick, trigger + (rnd.nextInt(7) - 3) * g.tick);
        long expiresAt = rnd.nextInt(100) < 15 ? draws.now + 1 + rnd.nextInt(3_000) : PlaceOrder.NO_EXPIRY;
        String oco = rnd.nextInt(100) < 30 ? "g" + rnd.nextInt(3) : rnd.nextInt(100) == 0 ? "bad group" : null;
        StpMode stp = rnd.nextInt(100) < 20 ? draws.oneOf(List.of(StpMode.values())) : null;
        return new PlaceConditionalOrder(draws.now, user, draws.marketId(g), side, kind, type, trigger, by, price,
                draws.size(g, reduceOnly ? Math.abs(position) : 0), draws.clientId(user), reduceOnly, stp, expiresAt,
                oco);
    }

    /** A mark price update, or a cancel or amend of one of the user's untriggered orders. */
    Command change() {
        String user = draws.user();
        int r = rnd.nextInt(100);
        if (r < 30) {
            Gen g = draws.market();
            long mark = reference(g, TriggerReference.MARK) + (rnd.nextInt(9) - 4) * g.tick;
            return new UpdateMarkPrice(draws.now, "0xoracle", draws.marketId(g),
                    rnd.nextInt(50) == 0 ? 0 : Math.max(1, mark));
        }
        List<ConditionalOrderSnapshot> mine = draws.model.conditionalOrders(user);
        if (mine.isEmpty()) {
            return new AmendConditionalOrder(draws.now, user, CancelOrder.ANY_MARKET, 1 + rnd.nextInt(1_000_000), null,
                    0, 0, 0);
        }
        ConditionalOrderSnapshot o = mine.get(rnd.nextInt(mine.size()));
        Gen g = draws.gen(o.marketId());
        if (r < 55) {
            return o.clientOrderId() != null && rnd.nextBoolean()
                    ? CancelOrder.byClientId(draws.now, user, o.clientOrderId())
                    : CancelOrder.byId(draws.now, user, o.orderId());
        }
        long trigger = rnd.nextBoolean() ? triggerPrice(g, o.triggersOnRise(), reference(g, o.triggerBy())) : 0;
        long price = o.orderType() == OrderType.LIMIT && rnd.nextBoolean()
                ? Math.max(g.tick, o.price() + (rnd.nextInt(5) - 2) * g.tick) : 0;
        long size = rnd.nextInt(100) < 30 ? draws.size(g, 0) : 0;
        if (r < 85) {
            return new AmendConditionalOrder(draws.now, user, CancelOrder.ANY_MARKET, o.orderId(), null, trigger, price,
                    size);
        }
        return AmendOrder.byId(draws.now, user, o.orderId(), price, size);
    }
}
