package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tracks the orders resting on the book from the engine's events, with O(1) random picking, for
 * the workload generator (not used while timing). Also counts fills and rejects.
 */
final class LiveOrders implements EngineEventHandler {

    /** A resting order: number, owner, side, current price. */
    static final class Live {
        final long orderId;
        final String user;
        final Side side;
        long price;
        long openSize;
        int index;

        Live(long orderId, String user, Side side, long price, long openSize) {
            this.orderId = orderId;
            this.user = user;
            this.side = side;
            this.price = price;
            this.openSize = openSize;
        }
    }

    private final Map<Long, Live> byId = new HashMap<>();
    private final List<Live> list = new ArrayList<>();
    private long fills;
    private long rejects;

    int size() {
        return list.size();
    }

    long fills() {
        return fills;
    }

    long rejects() {
        return rejects;
    }

    Live random(SplittableRandom rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    private void add(OrderView o) {
        Live live = new Live(o.orderId(), o.userAddress(), o.side(), o.price(), o.openSize());
        live.index = list.size();
        list.add(live);
        byId.put(o.orderId(), live);
    }

    private void remove(long orderId) {
        Live live = byId.remove(orderId);
        if (live == null) {
            return;
        }
        Live last = list.remove(list.size() - 1);
        if (last != live) {
            list.set(live.index, last);
            last.index = live.index;
        }
    }

    private void update(OrderView o) {
        Live live = byId.get(o.orderId());
        if (live != null) {
            live.price = o.price();
            live.openSize = o.openSize();
        }
    }

    @Override
    public void orderAccepted(long sequence, long timestamp, OrderView order) {
        if (order.timeInForce().mayRest()) {
            add(order);
        }
    }

    @Override
    public void commandRejected(long sequence, long timestamp, Command command, RejectReason reason) {
        rejects++;
    }

    @Override
    public void fill(long sequence, long timestamp, long tradeId, long marketId, OrderView taker, OrderView maker,
                     long price, long size, long takerFee, long makerFee) {
        fills++;
        update(taker);
        update(maker);
    }

    @Override
    public void orderCancelled(long sequence, long timestamp, OrderView order, CancelReason reason) {
        remove(order.orderId());
    }

    @Override
    public void orderAmended(long sequence, long timestamp, OrderView order, long previousPrice,
                             long previousOpenSize) {
        update(order);
    }

    @Override
    public void orderFilled(long sequence, long timestamp, OrderView order) {
        remove(order.orderId());
    }

    @Override
    public void levelChanged(long sequence, long timestamp, long marketId, Side side, long price, long totalSize,
                             int orderCount) {
    }

    // Conditional orders and mark prices do not change what rests on the book until they trigger,
    // and a triggered order arrives as an order_accepted like any other.

    @Override
    public void conditionalAccepted(long sequence, long timestamp, ConditionalOrderSnapshot order) {
    }

    @Override
    public void conditionalTriggered(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     long referencePrice) {
    }

    @Override
    public void conditionalCancelled(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                     CancelReason reason) {
    }

    @Override
    public void conditionalAmended(long sequence, long timestamp, ConditionalOrderSnapshot order,
                                   ConditionalOrderSnapshot previous) {
    }

    @Override
    public void markPriceUpdated(long sequence, long timestamp, long marketId, long markPrice) {
    }
}
