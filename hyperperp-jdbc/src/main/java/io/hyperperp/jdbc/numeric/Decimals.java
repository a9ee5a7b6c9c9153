package io.hyperperp.jdbc.numeric;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Exact conversions between scaled longs (the engine's fixed-point prices and sizes: {@code unscaled × 10^-scale})
 * and {@link BigDecimal}, which the PostgreSQL driver reads and writes as {@code numeric}.
 */
public final class Decimals {

    private Decimals() {
    }

    /**
     * @param unscaled the fixed-point value, e.g. {@code 12345} for 123.45 at scale 2
     * @param scale    number of decimals, at least 0
     * @return the exact decimal value
     * @throws IllegalArgumentException on a negative scale
     */
    public static BigDecimal toBigDecimal(long unscaled, int scale) {
        checkScale(scale);
        return BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * @param value a decimal (any scale; trailing zeros beyond {@code scale} are fine)
     * @param scale number of decimals of the result, at least 0
     * @return {@code value × 10^scale} as a long
     * @throws ArithmeticException      if {@code value} has non-zero digits beyond {@code scale} (precision loss)
     *                                  or does not fit a long at that scale (overflow)
     * @throws IllegalArgumentException on a negative scale
     */
    public static long toScaledLong(BigDecimal value, int scale) {
        Objects.requireNonNull(value, "value");
        checkScale(scale);
        BigDecimal rescaled;
        try {
            rescaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(value.toPlainString() + " has more than " + scale
                    + " decimals: converting it would lose precision");
        }
        try {
            return rescaled.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new ArithmeticException(value.toPlainString() + " does not fit a long at scale " + scale);
        }
    }

    /**
     * The exact decimal text of a scaled long without creating a {@link BigDecimal}: what PostgreSQL's
     * {@code numeric} input accepts, e.g. {@code (-12345, 2) -> "-123.45"}, {@code (5, 3) -> "0.005"}.
     *
     * @param unscaled the fixed-point value
     * @param scale    number of decimals, at least 0
     * @return plain decimal text with exactly {@code scale} decimals
     * @throws IllegalArgumentException on a negative scale
     */
    public static String toPlainString(long unscaled, int scale) {
        checkScale(scale);
        if (scale == 0) {
            return Long.toString(unscaled);
        }
        if (unscaled == Long.MIN_VALUE) {
            return BigDecimal.valueOf(unscaled, scale).toPlainString();
        }
        boolean negative = unscaled < 0;
        String digits = Long.toString(Math.abs(unscaled));
        StringBuilder out = new StringBuilder(digits.length() + scale + 3);
        if (negative) {
            out.append('-');
        }
        int intDigits = digits.length() - scale;
        if (intDigits <= 0) {
            out.append("0.");
            for (int i = intDigits; i < 0; i++) {
                out.append('0');
            }
            out.append(digits);
        } else {
            out.append(digits, 0, intDigits).append('.').append(digits, intDigits, digits.length());
        }
        return out.toString();
    }

    private static void checkScale(int scale) {
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative, was " + scale);
        }
    }
}
