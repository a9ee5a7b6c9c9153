package io.hyperperp.core.engine.internal;

import java.util.Arrays;

/** Recycles {@link PriceLevel}s so that creating and removing levels allocates nothing. */
final class LevelPool {

    private PriceLevel[] free = new PriceLevel[256];
    private int size;

    PriceLevel acquire(long price) {
        PriceLevel level;
        if (size == 0) {
            level = new PriceLevel();
        } else {
            level = free[--size];
            free[size] = null;
        }
        level.price = price;
        level.totalSize = 0;
        level.orderCount = 0;
        level.clearQueue();
        return level;
    }

    void release(PriceLevel level) {
        level.clearQueue();
        if (size == free.length) {
            free = Arrays.copyOf(free, size * 2);
        }
        free[size++] = level;
    }
}
