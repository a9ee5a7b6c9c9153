package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The open-value guard ({@link MarginBook#openValueFits}) against BigInteger, with one book asked
 * many times (so that anything it remembers between calls is exercised), at each size's edge too.
 */
class MarginBookGuardTest {

    /** price × (open + 2 × (resting + extra)) within 2^56 collateral units, exactly. */
    private static boolean fits(QuoteScale scale, long price, long size) {
        BigInteger limit = scale.multiplier() != 1
                ? BigInteger.valueOf(MarginBook.MAX_OPEN_VALUE / scale.multiplier())
                : BigInteger.valueOf(MarginBook.MAX_OPEN_VALUE).multiply(scale.unitsPerCollateral());
        return BigInteger.valueOf(price).multiply(BigInteger.valueOf(size)).compareTo(limit) <= 0;
    }

    private static void check(MarginBook book, QuoteScale scale, long price, long extra) {
        long size = book.openSize + 2 * (book.restingOpen + extra);
        assertThat(book.openValueFits(scale, price, extra))
                .as("price %d, size %d", price, size).isEqualTo(fits(scale, price, size));
    }

    @Test
    void cachedBoundAnswersAsTheExactComparison() {
        SplittableRandom rnd = new SplittableRandom(13);
        int[][] decimals = {{8, 8, 6}, {2, 0, 2}, {0, 0, 6}, {9, 9, 0}};
        for (int[] d : decimals) {
            QuoteScale scale = new QuoteScale(d[0], d[1], d[2]);
            MarginBook book = new MarginBook();
            for (int i = 0; i < 50_000; i++) {
                // sizes that grow and shrink across powers of two, prices across the bound
                book.openSize = rnd.nextLong(0, 1L << rnd.nextInt(1, 60));
                book.restingOpen = rnd.nextLong(0, 1L << rnd.nextInt(1, 58));
                long extra = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 1L << 20);
                long price = rnd.nextLong(0, 1L << rnd.nextInt(1, 62));
                check(book, scale, price, extra);
            }
        }
    }

    /** Just inside and just past the exact bound of each size near a power of two. */
    @Test
    void atTheBoundOfEachSize() {
        QuoteScale scale = new QuoteScale(8, 8, 6); // limit 2^56 × 10^10
        BigInteger limit = BigInteger.valueOf(MarginBook.MAX_OPEN_VALUE).multiply(scale.unitsPerCollateral());
        MarginBook book = new MarginBook();
        for (int bits = 0; bits < 61; bits++) {
            for (long delta = -1; delta <= 1; delta++) {
                long size = (1L << bits) + delta;
                if (size < 1) {
                    continue;
                }
                book.openSize = size;
                book.restingOpen = 0;
                long edge = limit.divide(BigInteger.valueOf(size)).min(BigInteger.valueOf(Long.MAX_VALUE - 1))
                        .longValueExact();
                check(book, scale, 1, 0);
                for (long price : new long[] {edge - 1, edge, edge + 1, 1}) {
                    check(book, scale, price, 0);
                    check(book, scale, price, 0); // asked twice: the answer must not depend on the last call
                }
            }
        }
    }
}
