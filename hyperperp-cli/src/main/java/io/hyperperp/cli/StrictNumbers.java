package io.hyperperp.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Number options read as the server reads numbers: ASCII digits only, in plain decimal notation.
 *
 * <p>picocli's built-in converters use {@link Long#valueOf(String)} and {@link Double#valueOf(String)}, which take
 * any Unicode digit ({@code --market ١} is market 1), {@code NaN}, {@code Infinity} and hexadecimal floating point
 * ({@code 0x1p3}). A value that looks like one number to a person and is read as another is a hazard in a tool
 * that moves money, so these are refused with a message naming the value.
 */
final class StrictNumbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private StrictNumbers() {
    }

    /** Registers the strict converters on {@code commandLine} and every subcommand added to it so far. */
    static CommandLine registerOn(CommandLine commandLine) {
        ITypeConverter<Integer> toInt = value -> (int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
        ITypeConverter<Long> toLong = value -> integer(value, Long.MIN_VALUE, Long.MAX_VALUE, "a long");
        ITypeConverter<Double> toDecimal = StrictNumbers::decimal;
        return commandLine.registerConverter(Integer.class, toInt).registerConverter(int.class, toInt)
                .registerConverter(Long.class, toLong).registerConverter(long.class, toLong)
                .registerConverter(Double.class, toDecimal).registerConverter(double.class, toDecimal);
    }

    static long integer(String value, long min, long max, String kind) {
        if (value == null || !INTEGER.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not " + kind + " (ASCII digits 0-9 only)");
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException tooLong) {
            // falls through to the range message: only the digits' count can make Long.parseLong fail here
        }
        throw new TypeConversionException("'" + value + "' is out of range for " + kind + " (" + min + " to " + max + ")");
    }

    static double decimal(String value) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a decimal number (ASCII digits 0-9, '.', an "
                    + "optional exponent; no NaN, Infinity or hexadecimal)");
        }
        double parsed = Double.parseDouble(value);
        if (Double.isInfinite(parsed)) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        return parsed;
    }
}
