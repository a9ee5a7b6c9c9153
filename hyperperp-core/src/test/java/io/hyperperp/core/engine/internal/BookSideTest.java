package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.order.Side;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookSideTest {

    private static final long TICK = 25;
    /** A multiple of the window, in ticks: these prices share a window slot. */
    private static final long SLOT_STRIDE = 4_096 * TICK;

    @Test
    void findsLevelsWhoseWindowSlotIsTakenThroughTheHashIndex() {
        BookSide bids = new BookSide(Side.BUY, new LevelPool(), new ExactDivisor(TICK));
        long base = 1_000 * TICK;
        PriceLevel first = bids.getOrCreate(base);
        PriceLevel second = bids.getOrCreate(base + SLOT_STRIDE);
        PriceLevel third = bids.getOrCreate(base + 2 * SLOT_STRIDE);

        assertThat(bids.at(base)).isSameAs(first);
        assertThat(bids.at(base + SLOT_STRIDE)).isSameAs(second);
        assertThat(bids.getOrCreate(base)).isSameAs(first);
        assertThat(bids.at(base + 2 * SLOT_STRIDE)).isSameAs(third);
        assertThat(bids.at(base + 3 * SLOT_STRIDE)).isNull();
        assertThat(bids.at(base + 1)).as("not a whole tick").isNull();
        assertThat(bids.slotCount()).isEqualTo(3);
    }

    /** Random book activity on two sides sharing a pool, checked against a sorted map. */
    @Test
    void agreesWithASortedMapWhileLevelsAreCreatedEmptiedAndRecycled() {
        LevelPool pool = new LevelPool();
        ExactDivisor ticks = new ExactDivisor(TICK);
        BookSide bids = new BookSide(Side.BUY, pool, ticks);
        BookSide asks = new BookSide(Side.SELL, pool, ticks);
        TreeMap<Long, Integer> bidModel = new TreeMap<>();
        TreeMap<Long, Integer> askModel = new TreeMap<>();
        Random random = new Random(11);
        for (int step = 0; step < 200_000; step++) {
            boolean bid = random.nextBoolean();
            BookSide side = bid ? bids : asks;
            TreeMap<Long, Integer> model = bid ? bidModel : askModel;
            // Mostly near a centre, sometimes several windows away, so slots collide.
            long ticksAway = random.nextInt(10) == 0 ? random.nextInt(40_000) : random.nextInt(40);
            long price = (50_000 + (bid ? -ticksAway : ticksAway)) * TICK;
            int action = random.nextInt(10);
            if (action == 0 && !model.isEmpty()) {
                // Take from the best level, so that best levels empty and are dropped and recycled.
                price = bid ? model.lastKey() : model.firstKey();
            }
            if (action >= 5) {
                PriceLevel level = side.getOrCreate(price);
                assertThat(level.price()).isEqualTo(price);
                level.orderCount++;
                model.merge(price, 1, Integer::sum);
            } else if (model.containsKey(price)) {
                PriceLevel level = side.at(price);
                level.orderCount--;
                if (model.merge(price, -1, Integer::sum) == 0) {
                    model.remove(price);
                    side.levelEmptied(level);
                }
            }
            if (step % 7 == 0) {
                assertAgrees(bids, bidModel, bidModel.isEmpty() ? null : bidModel.lastKey());
                assertAgrees(asks, askModel, askModel.isEmpty() ? null : askModel.firstKey());
            }
        }
    }

    private static void assertAgrees(BookSide side, TreeMap<Long, Integer> model, Long bestPrice) {
        PriceLevel best = side.best();
        assertThat(best == null ? null : best.price()).isEqualTo(bestPrice);
        assertThat(side.levelCount()).isEqualTo(model.size());
        model.forEach((price, orders) -> {
            PriceLevel level = side.at(price);
            assertThat(level.price()).isEqualTo(price);
            assertThat(level.orderCount()).isEqualTo(orders);
        });
        for (int i = 0; i < side.slotCount(); i++) {
            PriceLevel slot = side.slot(i);
            assertThat(side.at(slot.price())).isSameAs(slot);
            assertThat(slot.orderCount()).isEqualTo(model.getOrDefault(slot.price(), 0));
        }
    }
}
