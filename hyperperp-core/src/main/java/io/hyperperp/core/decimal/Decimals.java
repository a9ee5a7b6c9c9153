package io.hyperperp.core.decimal;

import java.nio.charset.StandardCharsets;

/**
 * Conversion between decimal strings at the API edge and scaled {@code long}s inside.
 *
 * <p>Parsing never rounds: a value with more fractional digits than the scale allows is refused,
 * so {@code "0.123"} at scale 2 is an error, not {@code 12}.
 */
public final class Decimals {

    /** "00" to "99": two digits per division by 100 instead of one per division by 10. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private Decimals() {
    }

    /** Why a decimal string could not be converted. */
    public enum ParseError {
        /** Not a plain decimal number (empty, letters, exponent, several dots, NaN ...). */
        NOT_A_NUMBER,
        /** More fractional digits than the field's scale. */
        TOO_MANY_DECIMALS,
        /** The scaled value does not fit in a signed 64-bit integer. */
        OVERFLOW
    }

    /** Thrown by {@link #parse(String, int)} with the reason. */
    public static final class DecimalFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final ParseError error;

        DecimalFormatException(ParseError error, String message) {
            super(message);
            this.error = error;
        }

        /** The reason the value was refused. */
        public ParseError error() {
            return error;
        }
    }

    /** The longest decimal string {@link #parse} converts (a long with 18 decimals and padding fits well within). */
    public static final int MAX_TEXT_LENGTH = 64;

    /** {@link #parse}'s message for a plain decimal that is only too long (padded with zeros). */
    public static final String TOO_LONG_MESSAGE = "longer than " + MAX_TEXT_LENGTH + " characters";

    /**
     * Why a string over {@link #MAX_TEXT_LENGTH} characters is refused, with the reason a short one of the same value
     * would get: a value too large or too many decimals is said as such (60,000 nines are a value too large, not
     * "not a number"); a plain decimal padded with zeros is too long; anything else is not a number. One pass, no
     * allocation.
     */
    private static DecimalFormatException tooLong(String text, int scale) {
        int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        int integerDigits = 0; // significant: after leading zeros
        int fractionDigits = 0; // significant: up to the last non-zero digit
        int fractionSeen = -1;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (fractionSeen >= 0) {
                    return new DecimalFormatException(ParseError.NOT_A_NUMBER, "more than one decimal point");
                }
                fractionSeen = 0;
            } else if (c < '0' || c > '9') {
                return new DecimalFormatException(ParseError.NOT_A_NUMBER, "not a decimal number");
            } else if (fractionSeen >= 0) {
                fractionSeen++;
                if (c != '0') {
                    fractionDigits = fractionSeen;
                }
            } else if (integerDigits > 0 || c != '0') {
                integerDigits++;
            }
        }
        if (integerDigits + scale > 19) {
            return new DecimalFormatException(ParseError.OVERFLOW, "value too large");
        }
        if (fractionDigits > scale) {
            return new DecimalFormatException(ParseError.TOO_MANY_DECIMALS, "more than " + scale + " decimal places");
        }
        return new DecimalFormatException(ParseError.NOT_A_NUMBER, TOO_LONG_MESSAGE);
    }

    /**
     * Parses a plain decimal string ({@code -?digits(.digits)?}) into a long scaled by 10^scale.
     *
     * @throws DecimalFormatException with the reason when the string is not exactly representable
     */
    public static long parse(String text, int scale) {
        if (scale < 0 || scale > 18) {
            throw new IllegalArgumentException("scale must be in [0, 18]: " + scale);
        }
        if (text == null || text.isEmpty()) {
            throw new DecimalFormatException(ParseError.NOT_A_NUMBER, "not a decimal number");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw tooLong(text, scale);
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long value = 0;
        int fractionDigits = -1;
        int digits = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (fractionDigits >= 0) {
                    throw new DecimalFormatException(ParseError.NOT_A_NUMBER, "more than one decimal point");
                }
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                throw new DecimalFormatException(ParseError.NOT_A_NUMBER, "not a decimal number");
            }
            digits++;
            if (fractionDigits >= 0) {
                fractionDigits++;
                if (fractionDigits > scale) {
                    if (c != '0') {
                        throw new DecimalFormatException(ParseError.TOO_MANY_DECIMALS,
                                "more than " + scale + " decimal places");
                    }
                    continue; // trailing zeros beyond the scale are exact
                }
            }
            try {
                value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
            } catch (ArithmeticException e) {
                throw new DecimalFormatException(ParseError.OVERFLOW, "value too large");
            }
        }
        if (digits == 0) {
            throw new DecimalFormatException(ParseError.NOT_A_NUMBER, "not a decimal number");
        }
        int usedFraction = Math.max(0, Math.min(fractionDigits, scale));
        try {
            value = Math.multiplyExact(value, FixedPoint.powerOfTen(scale - usedFraction));
        } catch (ArithmeticException e) {
            throw new DecimalFormatException(ParseError.OVERFLOW, "value too large");
        }
        return negative ? -value : value;
    }

    /**
     * Formats a scaled long as a plain decimal string with at least one fractional digit and no
     * trailing zeros beyond it ({@code 3000000000000} at scale 8 is {@code "30000.0"}).
     */
    public static String format(long scaled, int scale) {
        if (scale == 0) {
            return Long.toString(scaled);
        }
        byte[] out = new byte[MAX_FORMATTED];
        int start = formatAscii(scaled, scale, out, out.length);
        return new String(out, start, out.length - start, StandardCharsets.ISO_8859_1);
    }

    /** The longest {@link #format} text: sign, up to 19 integer digits, the point, up to 18 fraction digits. */
    public static final int MAX_FORMATTED = 40;

    /**
     * Writes {@link #format}'s text as ASCII bytes ending just before {@code end} of {@code out} (which needs
     * {@link #MAX_FORMATTED} bytes before it) and returns where it starts: for writers that put the digits
     * straight into their own buffer, without a String.
     */
    public static int formatAscii(long scaled, int scale, byte[] out, int end) {
        // The magnitude is kept negative: Long.MIN_VALUE has no positive counterpart.
        long negative = scaled < 0 ? scaled : -scaled;
        if (scale > 0) {
            long unit = FixedPoint.powerOfTen(scale);
            long integer = negative / unit; // one division by a variable; every other one is by 10 or 100
            long fraction = integer * unit - negative;
            if (fraction == 0) {
                out[--end] = '0';
            } else {
                // Drop the trailing zeros (two at a time, then one); fraction is not zero, so one digit stays.
                int digits = scale;
                while (fraction % 100 == 0) {
                    fraction /= 100;
                    digits -= 2;
                }
                if (fraction % 10 == 0) {
                    fraction /= 10;
                    digits--;
                }
                end = fractionDigits(fraction, digits, out, end);
            }
            out[--end] = '.';
            negative = integer;
        }
        end = integerDigits(negative, out, end);
        if (scaled < 0) {
            out[--end] = '-';
        }
        return end;
    }

    /** Writes exactly {@code digits} digits of a non-negative {@code value} (leading zeros included) before {@code end}. */
    private static int fractionDigits(long value, int digits, byte[] out, int end) {
        for (; digits >= 2; digits -= 2) {
            int pair = (int) (value % 100) * 2;
            value /= 100;
            out[--end] = DIGIT_PAIRS[pair + 1];
            out[--end] = DIGIT_PAIRS[pair];
        }
        if (digits == 1) {
            out[--end] = (byte) ('0' + value);
        }
        return end;
    }

    /** Writes the digits of {@code -negative} (at least one; {@code negative <= 0}) before {@code end}. */
    private static int integerDigits(long negative, byte[] out, int end) {
        while (negative < Integer.MIN_VALUE) {
            long next = negative / 100;
            int pair = (int) (next * 100 - negative) * 2;
            negative = next;
            out[--end] = DIGIT_PAIRS[pair + 1];
            out[--end] = DIGIT_PAIRS[pair];
        }
        // The last ten digits or fewer in 32 bits: an int's division by 100 is a cheaper multiplication than a long's.
        int small = (int) negative;
        while (small <= -100) {
            int next = small / 100;
            int pair = (next * 100 - small) * 2;
            small = next;
            out[--end] = DIGIT_PAIRS[pair + 1];
            out[--end] = DIGIT_PAIRS[pair];
        }
        int last = -small;
        if (last >= 10) {
            out[--end] = DIGIT_PAIRS[last * 2 + 1];
            out[--end] = DIGIT_PAIRS[last * 2];
        } else {
            out[--end] = (byte) ('0' + last);
        }
        return end;
    }

}
