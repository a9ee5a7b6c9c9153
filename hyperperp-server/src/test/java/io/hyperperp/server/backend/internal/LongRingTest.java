package io.hyperperp.server.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongRingTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5}) // 3 and 5 are rounded up to the next power of two
    void keepsFirstInFirstOutOrderAcrossWrapsAndGrowth(int capacity) {
        LongRing ring = new LongRing(capacity);
        ArrayDeque<Long> expected = new ArrayDeque<>();
        long next = Long.MIN_VALUE; // extreme values survive the round trip
        for (int step = 0; step < 5_000; step++) {
            // mostly appends with removals interleaved: the head wraps around at every capacity
            if (step % 3 == 2) {
                assertThat(ring.pollFirst()).isEqualTo(expected.pollFirst());
            } else {
                ring.addLast(next);
                expected.addLast(next);
                next += 0x1_0000_0001L;
            }
            assertThat(ring.size()).isEqualTo(expected.size());
            assertThat(ring.get(0)).isEqualTo(expected.peekFirst());
            assertThat(ring.get(ring.size() - 1)).isEqualTo(expected.peekLast());
        }
        int i = 0;
        for (long v : expected) {
            assertThat(ring.get(i++)).isEqualTo(v);
        }
    }

    @Test
    void anEmptyRingAndAnIndexOutsideItAreRefused() {
        LongRing ring = new LongRing(0);
        assertThatThrownBy(ring::pollFirst).isInstanceOf(NoSuchElementException.class);
        ring.addLast(7);
        assertThatThrownBy(() -> ring.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ring.pollFirst()).isEqualTo(7);
        assertThat(ring.size()).isZero();
    }

    @Test
    void capacitiesAreRoundedUpToPowersOfTwo() {
        assertThat(LongRing.powerOfTwoAtLeast(-5)).isEqualTo(1);
        assertThat(LongRing.powerOfTwoAtLeast(1)).isEqualTo(1);
        assertThat(LongRing.powerOfTwoAtLeast(2)).isEqualTo(2);
        assertThat(LongRing.powerOfTwoAtLeast(3)).isEqualTo(4);
        assertThat(LongRing.powerOfTwoAtLeast(1024)).isEqualTo(1024);
        assertThat(LongRing.powerOfTwoAtLeast(1025)).isEqualTo(2048);
        assertThat(LongRing.powerOfTwoAtLeast(Integer.MAX_VALUE)).isEqualTo(1 << 30);
    }
}
