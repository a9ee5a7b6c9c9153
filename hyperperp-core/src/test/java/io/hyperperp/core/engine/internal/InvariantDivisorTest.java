package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Division by multiplication against Java's division, at the edges and at random. */
class InvariantDivisorTest {

    private static void check(InvariantDivisor d, long x) {
        assertThat(d.divide(x)).as("%d / %d", x, d.divisor()).isEqualTo(x / d.divisor());
    }

    @Test
    void everyPowerOfTenAndOfFiveAtTheEdges() {
        for (int k = 0; k <= 18; k++) {
            long ten = io.hyperperp.core.decimal.FixedPoint.powerOfTen(k);
            long five = 1;
            for (int i = 0; i < k; i++) {
                five *= 5;
            }
            for (long divisor : new long[] {ten, five, ten - 1, ten + 1}) {
                if (divisor <= 0) {
                    continue;
                }
                InvariantDivisor d = new InvariantDivisor(divisor);
                for (long x : new long[] {0, 1, divisor - 1, divisor, divisor + 1, 2 * divisor - 1,
                        Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE / divisor * divisor,
                        Long.MAX_VALUE / divisor * divisor - 1}) {
                    if (x >= 0) {
                        check(d, x);
                    }
                }
            }
        }
    }

    @Test
    void randomDivisorsAndDividends() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            long divisor = random.nextLong(1, 1L << random.nextInt(1, 63));
            InvariantDivisor d = new InvariantDivisor(divisor);
            for (int j = 0; j < 200; j++) {
                long x = random.nextLong(0, 1L << random.nextInt(1, 63));
                check(d, x);
                long multiple = x / divisor * divisor;
                check(d, multiple);
                if (multiple > 0) {
                    check(d, multiple - 1);
                }
            }
            check(d, Long.MAX_VALUE);
        }
    }
}
