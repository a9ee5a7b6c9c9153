package io.hyperperp.core.decimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.decimal.Decimals.DecimalFormatException;
import io.hyperperp.core.decimal.Decimals.ParseError;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalsTest {

    @ParameterizedTest
    @CsvSource({
        "30000.0, 8, 3000000000000",
        "30000, 8, 3000000000000",
        "0.00000001, 8, 1",
        "10.50000000000, 2, 1050",
        "-1.5, 1, -15",
        "+2, 0, 2",
        ".5, 1, 5",
        "5., 1, 50",
        "1., 8, 100000000",
        "00.1, 8, 10000000",
        "007, 0, 7",
        "92233720368.54775807, 8, 9223372036854775807",
    })
    void parsesExactly(String text, int scale, long expected) {
        assertThat(Decimals.parse(text, scale)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0.123, 2, TOO_MANY_DECIMALS",
        "1e5, 2, NOT_A_NUMBER",
        "NaN, 2, NOT_A_NUMBER",
        "Infinity, 2, NOT_A_NUMBER",
        "1.2.3, 2, NOT_A_NUMBER",
        "'', 2, NOT_A_NUMBER",
        "-, 2, NOT_A_NUMBER",
        "., 2, NOT_A_NUMBER",
        "' 1', 2, NOT_A_NUMBER",
        "１２, 2, NOT_A_NUMBER",
        "92233720368.54775808, 8, OVERFLOW",
        "99999999999999999999, 0, OVERFLOW",
    })
    void refusesWithAReason(String text, int scale, ParseError error) {
        assertThatThrownBy(() -> Decimals.parse(text, scale)).isInstanceOf(DecimalFormatException.class)
                .extracting(e -> ((DecimalFormatException) e).error()).isEqualTo(error);
    }

    @ParameterizedTest
    @CsvSource({
        "3000000000000, 8, 30000.0",
        "1, 8, 0.00000001",
        "-15, 1, -1.5",
        "1050, 2, 10.5",
        "7, 0, 7",
        "-5, 8, -0.00000005",
        "0, 8, 0.0",
        "-300000000, 8, -3.0",
        "10, 8, 0.0000001",
        "100, 2, 1.0",
        "9223372036854775807, 8, 92233720368.54775807",
        "-9223372036854775808, 8, -92233720368.54775808",
        "-9223372036854775808, 18, -9.223372036854775808",
        "1000000000000000000, 18, 1.0",
    })
    void formatsPlainly(long scaled, int scale, String expected) {
        assertThat(Decimals.format(scaled, scale)).isEqualTo(expected);
    }

    @Test
    void formatAndParseRoundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong();
            int scale = random.nextInt(19);
            String text = Decimals.format(value, scale);
            assertThat(Decimals.parse(text, scale)).as(text).isEqualTo(value);
            assertThat(new BigDecimal(text).compareTo(BigDecimal.valueOf(value, scale))).isZero();
        }
    }

    @Test
    void asciiFormattingWritesFormatsTextAtTheEndOfTheBuffer() {
        long[] edges = {0, 1, -1, 9, 10, -10, 100_000_000, -100_000_000, 123_456_789_012L, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MIN_VALUE + 1};
        SplittableRandom random = new SplittableRandom(15);
        byte[] out = new byte[Decimals.MAX_FORMATTED + 3];
        for (int scale = 0; scale <= 18; scale++) {
            for (int i = 0; i < edges.length + 200; i++) {
                long value = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
                int end = out.length - 3;
                int start = Decimals.formatAscii(value, scale, out, end);
                String ascii = new String(out, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
                String expected = scale == 0 ? Long.toString(value) : Decimals.format(value, scale);
                assertThat(ascii).as(value + " at scale " + scale).isEqualTo(expected);
                assertThat(new BigDecimal(ascii)).as(value + " at scale " + scale)
                        .isEqualByComparingTo(BigDecimal.valueOf(value, scale));
            }
        }
    }

    @Test
    void formatDropsExactlyTheTrailingZerosBeyondOneFractionDigit() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            int scale = 1 + random.nextInt(18);
            // Values with up to 18 trailing decimal zeros, so every length of the zero run is met.
            long value = random.nextLong(-1_000_000_000L, 1_000_000_000L) * FixedPoint.powerOfTen(random.nextInt(10));
            String plain = BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
            String expected = plain.contains(".") ? plain : plain + ".0";
            assertThat(Decimals.format(value, scale)).as("%d at scale %d", value, scale).isEqualTo(expected);
        }
    }

    /**
     * The text checked against BigDecimal's own, not against {@link Decimals#format} (which is built on
     * formatAscii): every scale, both signs, values around each power of ten, so that every count of integer and
     * fraction digits (odd and even, as the digits go two at a time) and of trailing zeros is met, and integer
     * parts around the 32-bit edge.
     */
    @Test
    void asciiFormattingMatchesBigDecimalAtEveryScaleAndDigitCount() {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int exponent = 0; exponent <= 18; exponent++) {
            long power = FixedPoint.powerOfTen(exponent);
            for (long near : new long[] {power - 1, power, power + 1, 3 * power, 9 * power + 7}) {
                values.add(near);
                values.add(-near);
            }
            // Integer parts around 32 bits' edge, where the digits move from long to int arithmetic.
            for (long edge : new long[] {Integer.MIN_VALUE - 1L, Integer.MIN_VALUE, Integer.MIN_VALUE + 1L,
                Integer.MAX_VALUE, Integer.MAX_VALUE + 1L}) {
                if (Math.abs(edge) <= Long.MAX_VALUE / power - 1) {
                    values.add(edge * power);
                    values.add(edge * power + Long.signum(edge));
                }
            }
        }
        byte[] out = new byte[Decimals.MAX_FORMATTED];
        for (int scale = 0; scale <= 18; scale++) {
            for (long value : values) {
                int start = Decimals.formatAscii(value, scale, out, out.length);
                String ascii = new String(out, start, out.length - start, java.nio.charset.StandardCharsets.US_ASCII);
                String plain = BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
                String expected = scale == 0 ? Long.toString(value) : plain.contains(".") ? plain : plain + ".0";
                assertThat(ascii).as("%d at scale %d", value, scale).isEqualTo(expected);
            }
        }
    }

    @Test
    void aStringOverSixtyFourCharactersGetsTheReasonItsValueWouldGet() {
        // 60,000 nines: a value too large, as 30 nines are (it was "not a decimal number")
        assertThatThrownBy(() -> Decimals.parse("9".repeat(60_000), 6))
                .isInstanceOfSatisfying(DecimalFormatException.class, e -> assertThat(e.error()).isEqualTo(ParseError.OVERFLOW));
        assertThatThrownBy(() -> Decimals.parse("0." + "0".repeat(6_000) + "1", 6))
                .isInstanceOfSatisfying(DecimalFormatException.class,
                        e -> assertThat(e.error()).isEqualTo(ParseError.TOO_MANY_DECIMALS));
        // a plain decimal padded with zeros: too long, and said so
        for (String padded : new String[] {"0".repeat(60_000) + "1", "1." + "0".repeat(60_000)}) {
            assertThatThrownBy(() -> Decimals.parse(padded, 6))
                    .isInstanceOfSatisfying(DecimalFormatException.class, e -> {
                        assertThat(e.error()).isEqualTo(ParseError.NOT_A_NUMBER);
                        assertThat(e.getMessage()).isEqualTo(Decimals.TOO_LONG_MESSAGE);
                    });
        }
        // still not a number: a letter or a second point anywhere in it
        for (String bad : new String[] {"9".repeat(70) + "x", "1." + "0".repeat(70) + ".", "１".repeat(70)}) {
            assertThatThrownBy(() -> Decimals.parse(bad, 6))
                    .isInstanceOfSatisfying(DecimalFormatException.class, e -> {
                        assertThat(e.error()).isEqualTo(ParseError.NOT_A_NUMBER);
                        assertThat(e.getMessage()).isNotEqualTo(Decimals.TOO_LONG_MESSAGE);
                    });
        }
        // 64 characters are still parsed
        assertThat(Decimals.parse("1." + "0".repeat(62), 6)).isEqualTo(1_000_000L);
    }
}
