package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The level's queue as a ring anchored at the level, against a list of the same orders. */
class PriceLevelTest {

    @Test
    void anEmptyLevelHasNoHeadAndARecycledOneStartsEmpty() {
        LevelPool pool = new LevelPool();
        PriceLevel level = pool.acquire(100);
        assertThat(level.head()).isNull();
        Order order = order(1, 5);
        level.append(order);
        pool.release(level);

        PriceLevel again = pool.acquire(200);
        assertThat(again).isSameAs(level);
        assertThat(again.head()).isNull();
        assertThat(again.orderCount()).isZero();
        assertThat(again.totalSize()).isZero();
    }

    /** Appends, removals from the head, the tail and the middle, and detach-then-append, in random order. */
    @Test
    void keepsTimePriorityCountAndTotalAsAListDoes() {
        Random random = new Random(14);
        PriceLevel level = new LevelPool().acquire(100);
        List<Order> model = new ArrayList<>();
        long nextId = 1;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(4);
            if (model.isEmpty() || action == 0) {
                Order order = order(nextId++, 1 + random.nextInt(9));
                level.append(order);
                model.add(order);
            } else {
                Order order = model.remove(random.nextInt(model.size()));
                if (action == 1) {
                    level.remove(order);
                    assertThat(order.level).isNull();
                } else {
                    level.detach(order); // an amend that grows the order: to the back of the queue
                    order.size++;
                    level.append(order);
                    model.add(order);
                }
            }
            assertSameQueue(level, model);
        }
    }

    private static void assertSameQueue(PriceLevel level, List<Order> model) {
        List<Order> walked = new ArrayList<>();
        for (Order o = level.head(); o != null; o = o.next()) {
            walked.add(o);
            assertThat(o.level).isSameAs(level);
        }
        assertThat(walked).containsExactlyElementsOf(model);
        assertThat(level.orderCount()).isEqualTo(model.size());
        assertThat(level.totalSize()).isEqualTo(model.stream().mapToLong(o -> o.size - o.filled).sum());
        assertThat(level.prev).isSameAs(model.isEmpty() ? level : model.get(model.size() - 1));
    }

    private static Order order(long id, long size) {
        Order order = new Order();
        order.orderId = id;
        order.size = size;
        return order;
    }
}
