package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.order.Side;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookSideTest {

    private static final long TICK = 25;
    /** A multiple of the window, in ticks: these prices share a window row. */
    private static final long SLOT_STRIDE = LevelRows.WINDOW * TICK;

    @Test
    void findsLevelsWhoseWindowRowIsTakenThroughTheHashIndex() {
        BookSide bids = new BookSide(Side.BUY, new ExactDivisor(TICK));
        long base = 1_000 * TICK;
        int first = bids.getOrCreate(base);
        int second = bids.getOrCreate(base + SLOT_STRIDE);
        int third = bids.getOrCreate(base + 2 * SLOT_STRIDE);

        assertThat(first).isLessThan(LevelRows.WINDOW);
        assertThat(second).isGreaterThanOrEqualTo(LevelRows.WINDOW);
        assertThat(bids.at(base)).isEqualTo(first);
        assertThat(bids.at(base + SLOT_STRIDE)).isEqualTo(second);
        assertThat(bids.getOrCreate(base)).isEqualTo(first);
        assertThat(bids.at(base + 2 * SLOT_STRIDE)).isEqualTo(third);
        assertThat(bids.at(base + 3 * SLOT_STRIDE)).isEqualTo(LevelRows.NONE);
        assertThat(bids.at(base + 1)).as("not a whole tick").isEqualTo(LevelRows.NONE);
        assertThat(bids.slotCount()).isEqualTo(3);
    }

    @Test
    void aLevelWhoseRowWasFreedIsStillFoundInItsOverflowRow() {
        BookSide asks = new BookSide(Side.SELL, new ExactDivisor(TICK));
        long price = 1_000 * TICK;
        int windowLevel = asks.getOrCreate(price);
        Order order = order(3);
        asks.append(windowLevel, order);
        int overflowLevel = asks.getOrCreate(price + SLOT_STRIDE);
        asks.append(overflowLevel, order(5));
        asks.remove(order);
        asks.levelEmptied(windowLevel); // the best ask: dropped, its window row freed

        assertThat(asks.at(price)).isEqualTo(LevelRows.NONE);
        assertThat(asks.getOrCreate(price + SLOT_STRIDE)).isEqualTo(overflowLevel);
        assertThat(asks.totalSize(overflowLevel)).isEqualTo(5);
        assertThat(asks.best()).isEqualTo(overflowLevel);
    }

    /** Random book activity with real orders on two sides, checked against a sorted map. */
    @Test
    void agreesWithASortedMapWhileLevelsAreCreatedEmptiedAndRecycled() {
        ExactDivisor ticks = new ExactDivisor(TICK);
        BookSide bids = new BookSide(Side.BUY, ticks);
        BookSide asks = new BookSide(Side.SELL, ticks);
        TreeMap<Long, Integer> bidModel = new TreeMap<>();
        TreeMap<Long, Integer> askModel = new TreeMap<>();
        Map<Long, ArrayDeque<Order>> bidOrders = new HashMap<>();
        Map<Long, ArrayDeque<Order>> askOrders = new HashMap<>();
        Random random = new Random(11);
        for (int step = 0; step < 200_000; step++) {
            boolean bid = random.nextBoolean();
            BookSide side = bid ? bids : asks;
            TreeMap<Long, Integer> model = bid ? bidModel : askModel;
            Map<Long, ArrayDeque<Order>> orders = bid ? bidOrders : askOrders;
            // Mostly near a centre, sometimes several windows away, so window rows collide.
            long ticksAway = random.nextInt(10) == 0 ? random.nextInt(40_000) : random.nextInt(40);
            long price = (50_000 + (bid ? -ticksAway : ticksAway)) * TICK;
            int action = random.nextInt(10);
            if (action == 0 && !model.isEmpty()) {
                // Take from the best level, so that best levels empty and are dropped and their rows freed.
                price = bid ? model.lastKey() : model.firstKey();
            }
            if (action >= 5) {
                int level = side.getOrCreate(price);
                assertThat(side.price(level)).isEqualTo(price);
                Order order = order(1 + random.nextInt(9));
                side.append(level, order);
                orders.computeIfAbsent(price, p -> new ArrayDeque<>()).addLast(order);
                model.merge(price, 1, Integer::sum);
            } else if (model.containsKey(price)) {
                int level = side.at(price);
                Order order = random.nextBoolean() ? orders.get(price).pollFirst() : orders.get(price).pollLast();
                assertThat(order.levelRow).isEqualTo(level);
                side.remove(order);
                if (model.merge(price, -1, Integer::sum) == 0) {
                    model.remove(price);
                    side.levelEmptied(level);
                }
            }
            if (step % 7 == 0) {
                assertAgrees(bids, bidModel, bidOrders, bidModel.isEmpty() ? null : bidModel.lastKey());
                assertAgrees(asks, askModel, askOrders, askModel.isEmpty() ? null : askModel.firstKey());
            }
        }
    }

    private static Order order(long size) {
        Order order = new Order();
        order.size = size;
        return order;
    }

    private static void assertAgrees(BookSide side, TreeMap<Long, Integer> model,
                                     Map<Long, ArrayDeque<Order>> orders, Long bestPrice) {
        int best = side.best();
        assertThat(best == LevelRows.NONE ? null : side.price(best)).isEqualTo(bestPrice);
        assertThat(side.levelCount()).isEqualTo(model.size());
        model.forEach((price, count) -> {
            int level = side.at(price);
            assertThat(side.price(level)).isEqualTo(price);
            assertThat(side.orderCount(level)).isEqualTo(count);
            long total = 0;
            Order queued = side.head(level);
            for (Order expected : orders.get(price)) {
                assertThat(queued).isSameAs(expected);
                total += expected.size;
                queued = queued.next;
            }
            assertThat(queued).isNull();
            assertThat(side.totalSize(level)).isEqualTo(total);
        });
        for (int i = 0; i < side.slotCount(); i++) {
            int slot = side.slot(i);
            assertThat(side.at(side.price(slot))).isEqualTo(slot);
            assertThat(side.orderCount(slot)).isEqualTo(model.getOrDefault(side.price(slot), 0));
        }
    }
}
