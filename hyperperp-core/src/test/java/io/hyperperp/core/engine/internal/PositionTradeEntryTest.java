package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PositionTrade#entryAfter}, which selects the entry cost without a branch, against the
 * case-by-case rule it replaced: adds, reductions, closes, flips, zeros, sizes of either sign, small and
 * large amounts (products past 64 bits included).
 */
class PositionTradeEntryTest {

    /** The rule as a chain of branches (the engine's before session 26). */
    private static long byCases(long size, long updated, long entryCost, long quantity, long quote) {
        if (size == 0 || (size > 0) == (quantity > 0)) {
            return Math.addExact(entryCost, quote);
        } else if (updated == 0) {
            return 0;
        } else if ((updated > 0) == (size > 0)) {
            return MarginMath.scaleTowardZero(entryCost, Math.abs(updated), Math.abs(size));
        } else {
            return MarginMath.scaleTowardZero(quote, Math.abs(updated), Math.abs(quantity));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void selectsWhatTheCasesCompute(long seed) {
        Random random = new Random(seed);
        int[] seen = new int[4];
        for (int i = 0; i < 200_000; i++) {
            long limit = switch (random.nextInt(3)) {
                case 0 -> 10;
                case 1 -> 1_000_000_000L;
                default -> 1L << 40;
            };
            long size = random.nextInt(8) == 0 ? 0 : signed(random, 1 + Math.floorMod(random.nextLong(), limit));
            long quantity;
            switch (random.nextInt(4)) {
                case 0 -> quantity = -size; // closes (or 0 from 0)
                case 1 -> quantity = random.nextInt(20) == 0 ? 0 : signed(random, 1 + Math.floorMod(random.nextLong(), limit));
                case 2 -> quantity = -size - signed(random, 1 + random.nextInt(1000)); // flips or adds near the size
                default -> quantity = -size / 2 + random.nextInt(3) - 1; // reduces
            }
            long price = 1 + Math.floorMod(random.nextLong(), 1L << 20);
            // a quote signed like the quantity, sometimes 0 (a tiny fill rounds down) or of the other sign
            long quote = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> -quantity * random.nextInt(5);
                default -> quantity * price;
            };
            long entryCost = size == 0 ? 0 : size * (1 + Math.floorMod(random.nextLong(), 1L << 20));
            long updated = size + quantity;
            long expected = byCases(size, updated, entryCost, quantity, quote);
            assertThat(PositionTrade.entryAfter(size, updated, entryCost, quantity, quote))
                    .as("seed %d: size %d, updated %d, entry cost %d, quantity %d, quote %d", seed, size, updated,
                            entryCost, quantity, quote)
                    .isEqualTo(expected);
            seen[size == 0 || (size > 0) == (quantity > 0) ? 0 : updated == 0 ? 1
                    : (updated > 0) == (size > 0) ? 2 : 3]++;
        }
        // every case drawn often: adds, closes, reductions, flips
        for (int count : seen) {
            assertThat(count).as("seed %d: %s", seed, java.util.Arrays.toString(seen)).isGreaterThan(10_000);
        }
    }

    @Test
    void aQuantityOfZeroKeepsTheRuleOfTheCases() {
        assertThat(PositionTrade.entryAfter(5, 5, 500, 0, 7)).isEqualTo(byCases(5, 5, 500, 0, 7)).isEqualTo(500);
        assertThat(PositionTrade.entryAfter(-5, -5, -500, 0, 7)).isEqualTo(byCases(-5, -5, -500, 0, 7)).isEqualTo(-493);
        assertThat(PositionTrade.entryAfter(0, 0, 0, 0, 0)).isEqualTo(0);
    }

    @Test
    void aProductPast64BitsIsScaledExactly() {
        long size = 3_000_000_000L;
        long entryCost = Long.MAX_VALUE / 2;
        long quantity = -1_000_000_000L;
        assertThat(PositionTrade.entryAfter(size, size + quantity, entryCost, quantity, -17))
                .isEqualTo(byCases(size, size + quantity, entryCost, quantity, -17))
                .isEqualTo(Long.MAX_VALUE / 2 / 3 * 2);
    }

    @Test
    void onlyAGrowthThatOverflowsThrows() {
        assertThatThrownBy(() -> PositionTrade.entryAfter(5, 10, Long.MAX_VALUE - 1, 5, 2))
                .isInstanceOf(ArithmeticException.class);
        // a reduction adds amounts of opposite signs: never an overflow
        assertThat(PositionTrade.entryAfter(-5, -3, Long.MIN_VALUE + 10, 2, Long.MAX_VALUE))
                .isEqualTo(byCases(-5, -3, Long.MIN_VALUE + 10, 2, Long.MAX_VALUE));
    }

    private static long signed(Random random, long magnitude) {
        return random.nextBoolean() ? magnitude : -magnitude;
    }
}
