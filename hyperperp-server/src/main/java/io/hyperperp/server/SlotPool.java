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
 * <p>Every slot's object is made up front, and a dropped one is made again at its give-back, so that a take never
 * makes one: made on a slot's first use instead, the branch that makes it was taken only when the answers in flight
 * first reached a new high, which the JIT had compiled as never taken; its uncommon trap sent the whole compiled
 * order handler back to the interpreter, to be compiled again, in the measured rounds of the HTTP benchmark
 * (docs/benchmarks.md, "Session 15: single orders").
 *
 * @param <T> the pooled objects; each is made with its slot number and hands that number to {@link #giveBack}
 */
final class SlotPool<T> {

    private final Object[] items;
    private final AtomicIntegerArray taken;
    private final IntFunction<T> make;

    /**
     * A pool of {@code slots} objects, each made now by {@code make} from its slot number ({@code make} is called
     * with -1 later for one made when every slot is held).
     */
    SlotPool(int slots, IntFunction<T> make) {
        this.items = new Object[slots];
        this.taken = new AtomicIntegerArray(slots);
        this.make = make;
        for (int i = 0; i < slots; i++) {
            items[i] = make.apply(i);
        }
    }

    /** A free pooled object, or a new unpooled one when every slot is held. */
    @SuppressWarnings("unchecked")
    T take() {
        for (int i = 0; i < items.length; i++) {
            // The plain read first: a held slot costs no atomic operation.
            if (taken.get(i) == 0 && taken.compareAndSet(i, 0, 1)) {
                // Visible here: whoever held the slot wrote it before the release this CAS read.
                return (T) items[i];
            }
        }
        return make.apply(-1);
    }

    /**
     * Frees {@code slot} for the next {@link #take()}; with {@code keep} false its object is dropped and a new one
     * made in its place, here. Nothing happens for slot -1 (an unpooled object).
     */
    void giveBack(int slot, boolean keep) {
        if (slot < 0) {
            return;
        }
        if (!keep) {
            items[slot] = make.apply(slot);
        }
        taken.set(slot, 0);
    }
}
