package io.hyperperp.jdbc.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void convertsBothWays() {
        assertThat(Decimals.toBigDecimal(12_345, 2)).isEqualTo(new BigDecimal("123.45"));
        assertThat(Decimals.toBigDecimal(-5, 0)).isEqualTo(new BigDecimal("-5"));
        assertThat(Decimals.toScaledLong(new BigDecimal("123.45"), 2)).isEqualTo(12_345);
        assertThat(Decimals.toScaledLong(new BigDecimal("123.4500000"), 2)).isEqualTo(12_345);
        assertThat(Decimals.toScaledLong(new BigDecimal("123"), 8)).isEqualTo(12_300_000_000L);
        assertThat(Decimals.toScaledLong(Decimals.toBigDecimal(Long.MIN_VALUE, 18), 18)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsPrecisionLoss() {
        assertThatThrownBy(() -> Decimals.toScaledLong(new BigDecimal("1.005"), 2))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("lose precision");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> Decimals.toScaledLong(new BigDecimal("9.223372036854775808"), 18))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("does not fit a long");
        assertThatThrownBy(() -> Decimals.toScaledLong(new BigDecimal("100000000000"), 8))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void rejectsNegativeScale() {
        assertThatThrownBy(() -> Decimals.toBigDecimal(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainStringMatchesBigDecimalExactly() {
        java.util.Random random = new java.util.Random(0x5EEDL);
        List<Long> values = new java.util.ArrayList<>(List.of(0L, 1L, -1L, 5L, -5L, 10L, 100L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L));
        for (int i = 0; i < 2_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (int scale = 0; scale <= 18; scale++) {
            for (long v : values) {
                assertThat(Decimals.toPlainString(v, scale)).as("%d at scale %d", v, scale)
                        .isEqualTo(java.math.BigDecimal.valueOf(v, scale).toPlainString());
            }
        }
        assertThat(Decimals.toPlainString(-12_345, 2)).isEqualTo("-123.45");
        assertThat(Decimals.toPlainString(5, 3)).isEqualTo("0.005");
    }
}
