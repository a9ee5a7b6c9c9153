package io.hyperperp.server;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * A fixed number of reusable objects, each held by one thread at a time, taken by flipping a flag in one small array
 * and given back by clearing it. It replaced a {@link java.util.concurrent.ConcurrentLinkedQueue} of free buffers,
 * whose every give-back allocated a queue node and stored it into a queue that lives in the old generation (a card
 * for the collector to refine per answer), and whose every take and give-back raced on the queue's head and tail.
 * Here nothing is allocated once the slots are filled, and a give-back is one write of an int.
 *
 * <p>When every slot is held, {@link #take()} makes an object that is not pooled (its slot is -1): more answers in
 * flight than slots cost an allocation each, never a wait.
 *
 * @param <T> the pooled objects; each is made with its slot number and hands that number to {@link #giveBack}
 */
final class SlotPool<T> {

    private final Object[] items;
    private final AtomicIntegerArray taken;
    private final IntFunction<T> make;

    /**
     * A pool of {@code slots} objects, each made on first use by {@code make} from its slot number (-1 for one made
     * when every slot is held).
     */
    SlotPool(int slots, IntFunction<T> make) {
        this.items = new Object[slots];
        this.taken = new AtomicIntegerArray(slots);
        this.make = make;
    }

    /** A free pooled object (made if its slot is empty), or a new unpooled one when every slot is held. */
    @SuppressWarnings("unchecked")
    T take() {
        for (int i = 0; i < items.length; i++) {
            // The plain read first: a held slot costs no atomic operation.
            if (taken.get(i) == 0 && taken.compareAndSet(i, 0, 1)) {
                // Visible here: whoever held the slot wrote it before the release this CAS read.
                Object item = items[i];
                if (item == null) {
                    item = make.apply(i);
                    items[i] = item;
                }
                return (T) item;
            }
        }
        return make.apply(-1);
    }

    /**
     * Frees {@code slot} for the next {@link #take()}; with {@code keep} false its object is dropped and the slot's
     * next taker makes a new one. Nothing happens for slot -1 (an unpooled object).
     */
    void giveBack(int slot, boolean keep) {
        if (slot < 0) {
            return;
        }
        if (!keep) {
            items[slot] = null;
        }
        taken.set(slot, 0);
    }
}
