package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenOrdersTest {

    private static Order order(long id) {
        Order order = new Order();
        order.orderId = id;
        return order;
    }

    @Test
    void agreesWithAHashMapAsNumbersRiseOldOrdersStayAndNumbersJump() {
        Random random = new Random(14);
        OpenOrders index = new OpenOrders(4);
        Map<Long, Order> reference = new HashMap<>();
        List<Long> open = new ArrayList<>();
        long counter = 0;
        for (int step = 0; step < 400_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                // mostly the next number; sometimes a jump past the whole ring, sometimes an old
                // number coming back (a triggered conditional order keeps the number it was given)
                long id;
                int kind = random.nextInt(100);
                if (kind == 0) {
                    counter += 1 + random.nextInt(3 * OpenOrders.RECENT);
                    id = counter;
                } else if (kind == 1 && counter > 1) {
                    id = 1 + (long) random.nextInt((int) Math.min(counter, Integer.MAX_VALUE));
                } else {
                    id = ++counter;
                }
                if (!reference.containsKey(id)) {
                    Order order = order(id);
                    index.add(order);
                    reference.put(id, order);
                    open.add(id);
                }
            } else if (!open.isEmpty()) {
                // recent orders leave more often than old ones, as on a busy book
                int at = random.nextInt(4) == 0 ? random.nextInt(open.size())
                        : open.size() - 1 - random.nextInt(Math.min(open.size(), 200));
                long id = open.get(at);
                open.set(at, open.get(open.size() - 1));
                open.remove(open.size() - 1);
                index.remove(reference.remove(id));
            }
            long probe = counter - random.nextInt(2 * OpenOrders.RECENT) + 8;
            assertThat(index.get(probe)).isSameAs(reference.get(probe));
            if (step % 1_000 == 0) {
                assertThat(index.size()).isEqualTo(reference.size());
            }
        }
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((id, order) -> assertThat(index.get(id)).isSameAs(order));
    }

    @Test
    void removingByReferenceLeavesAnotherOrderWithTheSameNumber() {
        OpenOrders index = new OpenOrders(16);
        Order recent = order(5);
        index.add(recent);
        index.remove(order(5));
        index.remove(order(6));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(5)).isSameAs(recent);
        assertThat(index.get(6)).isNull();
        index.remove(recent);
        assertThat(index.size()).isZero();
        assertThat(index.get(5)).isNull();
    }

    @Test
    void anOrderStillOpenWhenItsNumberLeavesTheRingIsFoundAndRemovedFromTheHashIndex() {
        OpenOrders index = new OpenOrders(16);
        Order old = order(1);
        index.add(old);
        for (long id = 2; id <= 3L * OpenOrders.RECENT; id++) {
            Order order = order(id);
            index.add(order);
            index.remove(order);
        }
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(1)).isSameAs(old);
        assertThat(index.get(1 + OpenOrders.RECENT)).isNull();
        index.remove(old);
        assertThat(index.size()).isZero();
        assertThat(index.get(1)).isNull();
    }
}
