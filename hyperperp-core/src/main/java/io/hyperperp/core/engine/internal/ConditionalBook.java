package io.hyperperp.core.engine.internal;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.order.TriggerReference;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * A market's untriggered conditional orders, in four queues: by reference price (last, mark) and
 * by direction (fires on a rise, fires on a fall). Each queue is ordered the way a price move
 * reaches its orders: nearest trigger first, then order number. The trigger of each queue's head
 * is cached so that checking after a trade costs four comparisons.
 */
final class ConditionalBook {

    private static final Comparator<ConditionalOrderSnapshot> RISING =
            Comparator.comparingLong(ConditionalOrderSnapshot::triggerPrice)
                    .thenComparingLong(ConditionalOrderSnapshot::orderId);
    private static final Comparator<ConditionalOrderSnapshot> FALLING =
            Comparator.comparingLong((ConditionalOrderSnapshot o) -> -o.triggerPrice())
                    .thenComparingLong(ConditionalOrderSnapshot::orderId);

    /** Queues indexed by {@code reference.ordinal() * 2 + (rise ? 0 : 1)}. */
    @SuppressWarnings("unchecked")
    private final TreeSet<ConditionalOrderSnapshot>[] queues = new TreeSet[] {
        new TreeSet<>(RISING), new TreeSet<>(FALLING), new TreeSet<>(RISING), new TreeSet<>(FALLING)};
    private final long[] headTrigger = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    private int size;

    private static int queueOf(ConditionalOrderSnapshot order) {
        return order.triggerBy().ordinal() * 2 + (order.triggersOnRise() ? 0 : 1);
    }

    int size() {
        return size;
    }

    void add(ConditionalOrderSnapshot order) {
        int q = queueOf(order);
        queues[q].add(order);
        size++;
        refreshHead(q);
    }

    void remove(ConditionalOrderSnapshot order) {
        int q = queueOf(order);
        if (queues[q].remove(order)) {
            size--;
            refreshHead(q);
        }
    }

    private void refreshHead(int q) {
        TreeSet<ConditionalOrderSnapshot> queue = queues[q];
        boolean rising = (q & 1) == 0;
        headTrigger[q] = queue.isEmpty() ? (rising ? Long.MAX_VALUE : Long.MIN_VALUE) : queue.first().triggerPrice();
    }

    /** True if an order with this trigger, side and kind would fire at the given reference price. */
    static boolean fires(boolean onRise, long triggerPrice, long reference) {
        return reference != 0 && (onRise ? reference >= triggerPrice : reference <= triggerPrice);
    }

    /**
     * The next order to fire at the current prices, or null. Queues are checked in a fixed order:
     * last-rise, last-fall, mark-rise, mark-fall.
     */
    ConditionalOrderSnapshot nextFired(long lastPrice, long markPrice) {
        for (int q = 0; q < 4; q++) {
            long reference = q < 2 ? lastPrice : markPrice;
            // The empty-queue sentinel is itself a price (2^63 - 1 can trade), hence the emptiness check.
            if (reference != 0 && ((q & 1) == 0 ? reference >= headTrigger[q] : reference <= headTrigger[q])
                    && !queues[q].isEmpty()) {
                return queues[q].first();
            }
        }
        return null;
    }

    /** The reference price an order watches. */
    static long reference(ConditionalOrderSnapshot order, long lastPrice, long markPrice) {
        return order.triggerBy() == TriggerReference.LAST ? lastPrice : markPrice;
    }
}
