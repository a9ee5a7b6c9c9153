package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LongHashIndexTest {

    @Test
    void growingLeavesTheOldEntriesInPlaceAndDrainsThemOverLaterPuts() {
        LongHashIndex<String> index = new LongHashIndex<>(8);
        int put = 0;
        while (!index.draining()) {
            index.put(put * 25L, "v" + put);
            put++;
        }
        // The put that crossed half full moved nothing yet: every earlier key is still found, in either table.
        for (int k = 0; k < put; k++) {
            assertThat(index.get(k * 25L)).isEqualTo("v" + k);
        }
        int putsToDrain = 0;
        while (index.draining()) {
            index.put(-1 - putsToDrain, "new");
            putsToDrain++;
        }
        // 32 slots drained DRAIN_STEP at a time (plus one step per moved entry at most): a few puts, not one.
        assertThat(putsToDrain).isBetween(2, 32 / LongHashIndex.DRAIN_STEP + put);
        assertThat(index.size()).isEqualTo(put + putsToDrain);
        for (int k = 0; k < put; k++) {
            assertThat(index.get(k * 25L)).isEqualTo("v" + k);
        }
    }

    @Test
    void removalsAloneFinishADrain() {
        LongHashIndex<Long> index = new LongHashIndex<>(16);
        long key = 0;
        while (!index.draining()) {
            index.put(key, key);
            key++;
        }
        long removed = 0;
        while (index.draining()) {
            assertThat(index.remove(removed)).isEqualTo(removed);
            assertThat(index.get(removed)).isNull();
            removed++;
        }
        assertThat(index.size()).isEqualTo((int) (key - removed));
        for (long k = removed; k < key; k++) {
            assertThat(index.get(k)).isEqualTo(k);
        }
    }

    /**
     * Random puts, replacements and removals against a {@link HashMap}, over keys that collide in probe runs and
     * wrap around the table's end, checked after every operation while a drain is under way and every few otherwise:
     * lookups, size, and iteration (each value exactly once, whichever table holds it).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithAHashMapThroughGrowthsAndDrains(long seed) {
        Random random = new Random(seed);
        LongHashIndex<Long> index = new LongHashIndex<>(1 + random.nextInt(40));
        Map<Long, Long> model = new HashMap<>();
        List<Long> present = new ArrayList<>();
        int keySpace = 50 + random.nextInt(5_000);
        long stride = random.nextBoolean() ? 1 : 4_096;
        int drainsSeen = 0;
        boolean wasDraining = false;
        for (int step = 0; step < 40_000; step++) {
            // Grow for a while, then shrink, then grow again, so drains meet removals of both tables' keys.
            int phase = (step / 10_000) % 2;
            boolean insert = random.nextInt(100) < (phase == 0 ? 70 : 35);
            if (insert) {
                long key = random.nextInt(keySpace) * stride - (keySpace / 2) * stride;
                long value = random.nextLong() | 1;
                if (model.put(key, value) == null) {
                    present.add(key);
                }
                index.put(key, value);
            } else if (!present.isEmpty() && random.nextInt(4) != 0) {
                long key = present.remove(random.nextInt(present.size()));
                assertThat(index.remove(key)).isEqualTo(model.remove(key));
            } else {
                long key = random.nextLong();
                assertThat(index.remove(key)).isEqualTo(model.remove(key));
                present.remove((Long) key);
            }
            if (index.draining() && !wasDraining) {
                drainsSeen++;
            }
            wasDraining = index.draining();
            if (index.draining() || step % 97 == 0) {
                assertAgrees(index, model);
            }
        }
        assertAgrees(index, model);
        assertThat(drainsSeen).as("growths exercised").isGreaterThan(0);
    }

    @Test
    void clearDuringADrainEmptiesBothTables() {
        LongHashIndex<Long> index = new LongHashIndex<>(16);
        long key = 0;
        while (!index.draining()) {
            index.put(key, key);
            key++;
        }
        index.clear();
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.draining()).isFalse();
        for (long k = 0; k < key; k++) {
            assertThat(index.get(k)).isNull();
        }
        index.put(3, 9L);
        assertThat(index.get(3)).isEqualTo(9L);
        assertThat(index.size()).isEqualTo(1);
    }

    private static void assertAgrees(LongHashIndex<Long> index, Map<Long, Long> model) {
        assertThat(index.size()).isEqualTo(model.size());
        model.forEach((key, value) -> assertThat(index.get(key)).isEqualTo(value));
        Map<Long, Integer> visits = new HashMap<>();
        index.forEachValue(value -> visits.merge(value, 1, Integer::sum));
        Map<Long, Integer> expected = new HashMap<>();
        model.values().forEach(value -> expected.merge(value, 1, Integer::sum));
        assertThat(visits).isEqualTo(expected);
    }
}
