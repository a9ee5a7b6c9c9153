package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 128-by-64 division by a precomputed reciprocal, against BigInteger. */
class WideDivisorTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static BigInteger unsigned(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }

    private static void check(long divisor, long high, long low) {
        BigInteger numerator = unsigned(high).multiply(TWO_64).add(unsigned(low));
        BigInteger expected = numerator.divide(BigInteger.valueOf(divisor));
        assertThat(unsigned(new WideDivisor(divisor).divide(high, low)))
                .as("(%s) / %d", numerator, divisor).isEqualTo(expected);
    }

    @Test
    void randomNumeratorsAndDivisors() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int i = 0; i < 200_000; i++) {
            int bits = rnd.nextInt(1, 64);
            long divisor = bits == 63 ? rnd.nextLong(1, Long.MAX_VALUE) : rnd.nextLong(1, 1L << bits);
            check(divisor, rnd.nextLong(divisor), rnd.nextLong());
        }
    }

    /** Every power of ten and of five a quote scale divides by, with the largest and smallest numerators. */
    @Test
    void powersOfTenAndFiveAtTheEdges() {
        long ten = 1;
        long five = 1;
        for (int t = 0; t <= 18; t++) {
            for (long divisor : new long[] {ten, five, ten - 1 > 0 ? ten - 1 : 1, ten + 1}) {
                for (long high : new long[] {0, 1, divisor / 2, divisor - 1}) {
                    if (high >= divisor) {
                        continue; // the quotient would not fit in 64 bits
                    }
                    for (long low : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, divisor, -divisor}) {
                        check(divisor, high, low);
                    }
                }
            }
            ten *= 10;
            five *= 5;
        }
        for (long divisor : new long[] {Long.MAX_VALUE, 1L << 62, (1L << 62) + 1, 3}) {
            check(divisor, divisor - 1, -1);
            check(divisor, 0, -1);
        }
    }
}
