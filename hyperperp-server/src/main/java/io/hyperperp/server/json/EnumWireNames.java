package io.hyperperp.server.json;

import java.util.List;
import java.util.Locale;

/**
 * An enum's constants by their lower-case wire names, for reading an order's enum fields. Built once per enum
 * and held in a static field by its reader: the profile of single orders showed the per-call
 * {@code ClassValue} lookup and the names' content compares at a fifth of the command's conversion. The names
 * are interned, as are the shared nodes {@link FlatObjectScanner} gives for them, so a well-formed value
 * matches by reference before any character is compared.
 *
 * @param <E> the enum
 */
final class EnumWireNames<E extends Enum<E>> {

    private final E[] constants;
    private final String[] names;
    /** The names as ASCII bytes, for the byte-level readers ({@link PlainOrderReader}). */
    private final byte[][] asciiNames;
    /** The error's list of names, "a, b, c", as the message has always worded it. */
    private final String choices;

    private EnumWireNames(Class<E> type) {
        this.constants = type.getEnumConstants();
        this.names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = wireName(constants[i]);
        }
        this.choices = String.join(", ", names);
        this.asciiNames = AsciiJsonCursor.ascii(List.of(names));
    }

    static <E extends Enum<E>> EnumWireNames<E> of(Class<E> type) {
        return new EnumWireNames<>(type);
    }

    /** The constant's wire name: its name in lower case, interned. */
    static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).intern();
    }

    /** The constant named {@code text}, or null. */
    E find(String text) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == text) {
                return constants[i];
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(text)) {
                return constants[i];
            }
        }
        return null;
    }

    /** The wire names as ASCII bytes, in the constants' order (shared: not to be changed). */
    byte[][] asciiNames() {
        return asciiNames;
    }

    /** The constant at {@code index} of {@link #asciiNames()}. */
    E constant(int index) {
        return constants[index];
    }

    String choices() {
        return choices;
    }
}
