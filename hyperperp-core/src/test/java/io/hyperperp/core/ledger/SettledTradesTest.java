package io.hyperperp.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettledTradesTest {

    @Test
    void answersAsAHashSetOfTheSameNumbersAcrossPages() {
        SettledTrades trades = new SettledTrades();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(20);
        long[] bases = {1, 65_535, 65_536, 1L << 40, Long.MAX_VALUE - 1_000};
        for (int i = 0; i < 20_000; i++) {
            long n = bases[random.nextInt(bases.length)] + random.nextInt(200_000) % 1_000;
            if (random.nextInt(4) == 0) {
                trades.remove(n);
                reference.remove(n);
            } else {
                assertThat(trades.add(n)).isEqualTo(reference.add(n));
            }
            long probe = bases[random.nextInt(bases.length)] + random.nextInt(1_000);
            assertThat(trades.contains(probe)).isEqualTo(reference.contains(probe));
        }
        assertThat(trades.size()).isEqualTo(reference.size());
        for (long n : reference) {
            assertThat(trades.contains(n)).isTrue();
        }
    }

    @Test
    void neighboursOfAPageBoundaryAreDistinct() {
        SettledTrades trades = new SettledTrades();
        assertThat(trades.add(65_536)).isTrue();
        assertThat(trades.contains(65_535)).isFalse();
        assertThat(trades.contains(65_537)).isFalse();
        assertThat(trades.contains(0)).isFalse();
        assertThat(trades.add(65_536)).isFalse();
        trades.remove(65_535); // absent: no change
        assertThat(trades.size()).isEqualTo(1);
        trades.remove(65_536);
        assertThat(trades.contains(65_536)).isFalse();
        assertThat(trades.size()).isZero();
    }
}
