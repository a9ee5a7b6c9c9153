package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactDivisorTest {

    @Test
    void agreesWithTheRemainderForOddEvenAndPowerOfTwoDivisorsOverTheWholeRange() {
        Random random = new Random(3);
        long[] divisors = {1, 2, 3, 7, 10, 64, 10_000, 1_000_000, 999_999_937, 1L << 40, 3L << 40,
                Long.MAX_VALUE / 3, Long.MAX_VALUE};
        for (long divisor : divisors) {
            ExactDivisor exact = new ExactDivisor(divisor);
            for (int i = 0; i < 20_000; i++) {
                long value = switch (i % 4) {
                    case 0 -> random.nextLong() & Long.MAX_VALUE;
                    case 1 -> (random.nextLong() & Long.MAX_VALUE) / divisor * divisor; // a multiple
                    case 2 -> Math.max(0, (random.nextLong() & Long.MAX_VALUE) / divisor * divisor
                            + random.nextInt(3) - 1); // next to a multiple
                    default -> random.nextInt(1_000_000);
                };
                assertThat(exact.divides(value)).as("%d divides %d", divisor, value)
                        .isEqualTo(value % divisor == 0);
            }
            assertThat(exact.divides(0)).isTrue();
            assertThat(exact.divides(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE % divisor == 0);
        }
    }

    @Test
    void theQuotientOfAMultipleIsExact() {
        Random random = new Random(5);
        for (long divisor : new long[] {1, 3, 10, 64, 1_000_000, 3L << 40, Long.MAX_VALUE}) {
            ExactDivisor exact = new ExactDivisor(divisor);
            for (int i = 0; i < 10_000; i++) {
                long quotient = (random.nextLong() & Long.MAX_VALUE) / divisor;
                assertThat(exact.exactQuotient(quotient * divisor)).isEqualTo(quotient);
            }
        }
    }

    @Test
    void refusesADivisorThatIsNotPositive() {
        assertThatThrownBy(() -> new ExactDivisor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExactDivisor(-5)).isInstanceOf(IllegalArgumentException.class);
    }
}
