package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    void growingLeavesTheOldOrdersInPlaceAndDrainsThemOverLaterAdds() {
        OrderIndex index = new OrderIndex(8);
        List<Order> added = new ArrayList<>();
        while (!index.draining()) {
            Order order = order(added.size() * 25L);
            index.add(order);
            added.add(order);
        }
        // the add that crossed half full moved nothing yet: every order is still found, in either table
        added.forEach(order -> assertThat(index.get(order.orderId)).isSameAs(order));
        int addsToDrain = 0;
        while (index.draining()) {
            index.add(order(-1 - addsToDrain));
            addsToDrain++;
        }
        // 32 slots drained DRAIN_STEP at a time (plus one step per moved order at most): a few adds, not one
        assertThat(addsToDrain).isBetween(2, 32 / OrderIndex.DRAIN_STEP + added.size());
        assertThat(index.size()).isEqualTo(added.size() + addsToDrain);
        added.forEach(order -> assertThat(index.get(order.orderId)).isSameAs(order));
    }

    @Test
    void removalsAloneFinishADrain() {
        OrderIndex index = new OrderIndex(16);
        List<Order> added = new ArrayList<>();
        while (!index.draining()) {
            Order order = order(added.size());
            index.add(order);
            added.add(order);
        }
        int removed = 0;
        while (index.draining()) {
            index.remove(added.get(removed));
            assertThat(index.get(removed)).isNull();
            removed++;
        }
        assertThat(index.size()).isEqualTo(added.size() - removed);
        added.subList(removed, added.size()).forEach(order -> assertThat(index.get(order.orderId)).isSameAs(order));
    }

    @Test
    void agreesWithAHashMapAfterEveryOperationWhileDraining() {
        Random random = new Random(5);
        OrderIndex index = new OrderIndex(4);
        Map<Long, Order> reference = new HashMap<>();
        long idRange = 3_000;
        for (int step = 0; step < 200_000; step++) {
            // ids that collide in probe runs and wrap around the table's end; removals by reference, absent ones too
            long id = 1 + random.nextInt((int) idRange);
            if (random.nextInt(5) < 3) {
                reference.computeIfAbsent(id, k -> {
                    Order order = order(k);
                    index.add(order);
                    return order;
                });
            } else {
                Order held = reference.remove(id);
                index.remove(held != null ? held : order(id));
            }
            if (index.draining() || step % 97 == 0) {
                assertThat(index.size()).isEqualTo(reference.size());
                for (long probe = 1; probe <= idRange; probe += index.draining() ? 1 : 37) {
                    assertThat(index.get(probe)).isSameAs(reference.get(probe));
                }
            }
            if (step % 50_000 == 49_999) {
                idRange *= 2; // more growths
            }
        }
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
