package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hyperperp.core.order.Side;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookSideTest {

    private static final long TICK = 25;
    /** A multiple of the window, in ticks: these prices share a window slot. */
    private static final long SLOT_STRIDE = 4_096 * TICK;
    /** Steps between two whole-side sweeps of the random case (a multiple of 7, the steps that ask for the best). */
    private static final int FULL_SWEEP_STEPS = 7 * 64;

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
            assertLevelAgrees(side, model, price);
            if (step % 7 == 0) {
                // best() drops emptied top levels, so it is asked at the same steps as always: the side goes through
                // the same states. The whole-side sweep is O(levels) (thousands by the end); run at every 7th step it
                // made this case take 20 s, so it runs at every 448th and at the end, and each step checks the level
                // it touched.
                assertBestAndCount(bids, bidModel, bidModel.isEmpty() ? null : bidModel.lastKey());
                assertBestAndCount(asks, askModel, askModel.isEmpty() ? null : askModel.firstKey());
                if (step % FULL_SWEEP_STEPS == 0) {
                    assertAgrees(bids, bidModel);
                    assertAgrees(asks, askModel);
                }
            }
        }
        assertAgrees(bids, bidModel);
        assertAgrees(asks, askModel);
    }

    /** The level at the price a step touched: present with the model's order count, or absent or empty. */
    private static void assertLevelAgrees(BookSide side, TreeMap<Long, Integer> model, long price) {
        // Plain comparisons: this runs 200,000 times.
        PriceLevel level = side.at(price);
        int orders = model.getOrDefault(price, 0);
        int found = level == null ? 0 : level.orderCount();
        if (level != null && level.price() != price || found != orders) {
            fail("level at %d: %s, the model has %d orders there", price,
                    level == null ? "missing" : level.price() + " with " + found + " orders", orders);
        }
    }

    private static void assertBestAndCount(BookSide side, TreeMap<Long, Integer> model, Long bestPrice) {
        PriceLevel best = side.best();
        assertThat(best == null ? null : best.price()).isEqualTo(bestPrice);
        assertThat(side.levelCount()).isEqualTo(model.size());
    }

    /** Every level of the model is on the side with its order count, and every slot of the side is indexed. */
    private static void assertAgrees(BookSide side, TreeMap<Long, Integer> model) {
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
