package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

    /** A pooled object that knows its slot and whether someone holds it. */
    private static final class Item {
        final int slot;
        final AtomicBoolean held = new AtomicBoolean();

        Item(int slot) {
            this.slot = slot;
        }
    }

    @Test
    void aGivenBackObjectIsTakenAgainAndAFullPoolMakesUnpooledOnes() {
        AtomicInteger made = new AtomicInteger();
        SlotPool<Item> pool = new SlotPool<>(2, slot -> {
            made.incrementAndGet();
            return new Item(slot);
        });
        Item a = pool.take();
        Item b = pool.take();
        Item extra = pool.take();

        assertThat(List.of(a.slot, b.slot, extra.slot)).containsExactly(0, 1, -1);
        pool.giveBack(extra.slot, true); // unpooled: nothing to free
        pool.giveBack(b.slot, true);
        assertThat(pool.take()).isSameAs(b);
        assertThat(pool.take().slot).isEqualTo(-1);
        assertThat(made).hasValue(4);
    }

    @Test
    void everySlotIsMadeUpFrontSoThatATakeOfAPooledSlotMakesNothing() {
        AtomicInteger made = new AtomicInteger();
        SlotPool<Item> pool = new SlotPool<>(3, slot -> {
            made.incrementAndGet();
            return new Item(slot);
        });
        assertThat(made).hasValue(3);

        List<Item> taken = List.of(pool.take(), pool.take(), pool.take());
        pool.giveBack(taken.get(1).slot, false); // dropped: made again at once, not at the next take

        assertThat(taken).extracting(item -> item.slot).containsExactly(0, 1, 2);
        assertThat(made).hasValue(4);
        assertThat(pool.take().slot).isEqualTo(1);
        assertThat(made).hasValue(4);
    }

    @Test
    void anObjectGivenBackWithoutKeepingIsMadeAgain() {
        SlotPool<Item> pool = new SlotPool<>(1, Item::new);
        Item first = pool.take();
        pool.giveBack(first.slot, false);

        Item next = pool.take();

        assertThat(next).isNotSameAs(first);
        assertThat(next.slot).isZero();
    }

    @Test
    void noObjectIsHeldByTwoThreadsAtOnce() throws InterruptedException {
        SlotPool<Item> pool = new SlotPool<>(4, Item::new);
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) { // more threads than slots: some takes find the pool full
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    Item item = pool.take();
                    if (!item.held.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    item.held.set(false);
                    pool.giveBack(item.slot, true);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(overlaps).hasValue(0);
    }
}
