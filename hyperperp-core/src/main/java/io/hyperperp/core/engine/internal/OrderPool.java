package io.hyperperp.core.engine.internal;

import java.util.Arrays;

/** Recycles {@link Order} objects so that steady-state order flow allocates nothing. */
final class OrderPool {

    private Order[] free = new Order[1024];
    private int size;

    Order acquire() {
        if (size == 0) {
            return new Order();
        }
        Order order = free[--size];
        free[size] = null;
        return order;
    }

    void release(Order order) {
        order.clear();
        if (size == free.length) {
            free = Arrays.copyOf(free, size * 2);
        }
        free[size++] = order;
    }
}
