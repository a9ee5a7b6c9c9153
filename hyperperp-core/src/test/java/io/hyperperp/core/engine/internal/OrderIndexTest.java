package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderIndexTest {

    private static Order order(long id) {
        Order order = new Order();
        order.orderId = id;
        return order;
    }

    @Test
    void agreesWithAHashMapUnderRandomAddsAndRemovesThroughSeveralGrowths() {
        Random random = new Random(11);
        OrderIndex index = new OrderIndex(4);
        Map<Long, Order> reference = new HashMap<>();
        for (int step = 0; step < 300_000; step++) {
            // Ids from a small range collide in their probe runs and exercise the backward shift.
            long id = 1 + random.nextInt(20_000);
            if (random.nextInt(3) != 0) {
                if (!reference.containsKey(id)) {
                    Order order = order(id);
                    index.add(order);
                    reference.put(id, order);
                }
            } else {
                Order held = reference.remove(id);
                // by reference, as the engine releases an order; an absent one changes nothing
                index.remove(held != null ? held : order(id));
            }
            long probe = 1 + random.nextInt(20_000);
            assertThat(index.get(probe)).isSameAs(reference.get(probe));
        }
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((id, order) -> assertThat(index.get(id)).isSameAs(order));
    }

    @Test
    void removingAnAbsentIdChangesNothing() {
        OrderIndex index = new OrderIndex(16);
        Order kept = order(5);
        index.add(kept);
        index.remove(order(6));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(5)).isSameAs(kept);
        assertThat(index.get(6)).isNull();
    }

    @Test
    void removingByReferenceLeavesAnotherOrderWithTheSameNumber() {
        OrderIndex index = new OrderIndex(16);
        Order kept = order(5);
        index.add(kept);
        index.remove(order(5));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(5)).isSameAs(kept);
        index.remove(kept);
        assertThat(index.size()).isZero();
        assertThat(index.get(5)).isNull();
    }
}
