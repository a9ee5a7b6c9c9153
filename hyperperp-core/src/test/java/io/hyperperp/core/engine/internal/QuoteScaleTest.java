package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Price × size to collateral units, against BigInteger, across decimals and magnitudes. */
class QuoteScaleTest {

    @Test
    void floorAndCeilMatchBigInteger() {
        SplittableRandom rnd = new SplittableRandom(42);
        int[][] decimals = {{8, 8, 6}, {2, 0, 2}, {1, 2, 2}, {0, 0, 6}, {18, 18, 0}, {9, 9, 18}, {4, 3, 6}};
        for (int[] d : decimals) {
            QuoteScale scale = new QuoteScale(d[0], d[1], d[2]);
            BigInteger divisor = BigInteger.TEN.pow(Math.max(0, d[0] + d[1] - d[2]));
            BigInteger multiplier = BigInteger.TEN.pow(Math.max(0, d[2] - d[0] - d[1]));
            for (int i = 0; i < 20_000; i++) {
                long price = rnd.nextLong(1, 1L << rnd.nextInt(1, 63));
                long size = rnd.nextLong(1, 1L << rnd.nextInt(1, 63));
                BigInteger product = BigInteger.valueOf(price).multiply(BigInteger.valueOf(size)).multiply(multiplier);
                BigInteger[] qr = product.divideAndRemainder(divisor);
                BigInteger floor = qr[0];
                BigInteger ceil = qr[1].signum() == 0 ? floor : floor.add(BigInteger.ONE);
                if (ceil.bitLength() < 63) {
                    assertThat(scale.floor(price, size)).as("%d x %d %s", price, size, d).isEqualTo(floor.longValue());
                    assertThat(scale.ceil(price, size)).as("%d x %d %s", price, size, d).isEqualTo(ceil.longValue());
                    assertThat(scale.divides(price, size, floor.longValue())).as("%d x %d %s", price, size, d)
                            .isEqualTo(qr[1].signum() == 0);
                } else if (floor.bitLength() >= 64) {
                    assertThatThrownBy(() -> scale.floor(price, size)).isInstanceOf(ArithmeticException.class);
                }
            }
        }
    }

    /**
     * Products just below, at and above 2^63 (where a product stops fitting in a long) and 2^(63 + t)
     * (where the product shifted right by t bits stops fitting and the 128-bit division takes over),
     * for every power-of-ten divisor 10^t with t = 1..18 and the divisor 1, against BigInteger.
     */
    @Test
    void floorAndCeilAtThePathBoundaries() {
        for (int t = 0; t <= 18; t++) {
            QuoteScale scale = new QuoteScale(t, 0, 0);
            BigInteger divisor = BigInteger.TEN.pow(t);
            for (int bits : new int[] {62, 63, 64, 63 + t, 64 + t}) {
                for (int priceBits = 1; priceBits < bits && priceBits < 63; priceBits += 7) {
                    int sizeBits = bits - priceBits;
                    if (sizeBits >= 63) {
                        continue;
                    }
                    for (long dp = -1; dp <= 1; dp++) {
                        for (long ds = -1; ds <= 1; ds++) {
                            long price = (1L << priceBits) + dp;
                            long size = (1L << sizeBits) + ds;
                            BigInteger[] qr = BigInteger.valueOf(price).multiply(BigInteger.valueOf(size))
                                    .divideAndRemainder(divisor);
                            BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
                            if (ceil.bitLength() < 63) {
                                assertThat(scale.floor(price, size)).as("10^%d: %d x %d", t, price, size)
                                        .isEqualTo(qr[0].longValue());
                                assertThat(scale.ceil(price, size)).as("10^%d: %d x %d", t, price, size)
                                        .isEqualTo(ceil.longValue());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void dividesTellsExactProductsFromTheRest() {
        SplittableRandom rnd = new SplittableRandom(7);
        QuoteScale scale = new QuoteScale(8, 8, 6); // divisor 10^10
        for (int i = 0; i < 20_000; i++) {
            long size = rnd.nextLong(1, 1L << 40);
            long price = rnd.nextLong(1, 1L << 20) * 10_000_000_000L; // every product a multiple of 10^10
            long floor = scale.floor(price, size);
            assertThat(scale.divides(price, size, floor)).as("%d x %d", price, size).isTrue();
            assertThat(scale.divides(price + 1, size, scale.floor(price + 1, size)))
                    .as("%d x %d", price + 1, size).isEqualTo(size % 10_000_000_000L == 0);
        }
        QuoteScale wide = new QuoteScale(18, 18, 0); // divisor 10^36: two divisions
        assertThat(wide.divides(1_000_000_000_000_000_000L, 1_000_000_000_000_000_000L, 1)).isTrue();
        assertThat(wide.divides(1_000_000_000_000_000_001L, 1_000_000_000_000_000_000L, 1)).isFalse();
    }
}
