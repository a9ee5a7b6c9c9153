package io.hyperperp.core.decimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void mulDivMatchesBigIntegerOnRandomOperands() {
        long seed = 0x5eed_f1dL;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            long a = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
            long b = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
            long d = Math.max(1, random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
            BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
                    .divideAndRemainder(BigInteger.valueOf(d));
            BigInteger floor = qr[0];
            BigInteger ceil = qr[1].signum() == 0 ? floor : floor.add(BigInteger.ONE);
            String context = "seed " + seed + " case " + i + ": " + a + " * " + b + " / " + d;
            if (floor.bitLength() <= 63) {
                assertThat(FixedPoint.mulDivFloor(a, b, d)).as(context).isEqualTo(floor.longValueExact());
            } else {
                assertThatThrownBy(() -> FixedPoint.mulDivFloor(a, b, d)).as(context)
                        .isInstanceOf(ArithmeticException.class);
            }
            if (ceil.bitLength() <= 63) {
                assertThat(FixedPoint.mulDivCeil(a, b, d)).as(context).isEqualTo(ceil.longValueExact());
            } else {
                assertThatThrownBy(() -> FixedPoint.mulDivCeil(a, b, d)).as(context)
                        .isInstanceOf(ArithmeticException.class);
            }
        }
    }

    @Test
    void typicalNotionalAboveSixtyFourBits() {
        long price = 3_000_000_000_000L; // 30000.0 at 8 decimals
        long size = 1_000_000_000L; // 10.0 at 8 decimals
        assertThat(FixedPoint.mulDivFloor(price, size, 100_000_000L)).isEqualTo(30_000_000_000_000L);
        assertThat(FixedPoint.mulDivCeil(7, 3, 2)).isEqualTo(11);
        assertThat(FixedPoint.mulDivFloor(7, 3, 2)).isEqualTo(10);
        assertThat(new java.math.BigDecimal(30_000_000_000_000L).movePointLeft(8)
                .setScale(1, RoundingMode.UNNECESSARY).toPlainString()).isEqualTo("300000.0");
    }

    @Test
    void refusesNegativeOperands() {
        assertThatThrownBy(() -> FixedPoint.mulDivFloor(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedPoint.mulDivFloor(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedPoint.powerOfTen(19)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mulDivFloorOrMaxSaturatesExactlyWhereMulDivFloorOverflows() {
        long top = 9_000_000_000_000_000_000L;
        assertThat(FixedPoint.mulDivFloorOrMax(top, 10_500, 10_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.mulDivFloorOrMax(Long.MAX_VALUE, 3, 2)).isEqualTo(Long.MAX_VALUE);
        // 2^63 exactly is one past the largest long.
        assertThat(FixedPoint.mulDivFloorOrMax(1L << 62, 4, 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.mulDivFloorOrMax(Long.MAX_VALUE, 2, 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.mulDivFloorOrMax(Long.MAX_VALUE - 1, 2, 2)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(FixedPoint.mulDivFloorOrMax(8_000_000_000_000_000_000L, 10_500, 10_000))
                .isEqualTo(FixedPoint.mulDivFloor(8_000_000_000_000_000_000L, 10_500, 10_000));
    }
}
