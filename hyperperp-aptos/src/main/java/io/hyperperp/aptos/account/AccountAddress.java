package io.hyperperp.aptos.account;

import io.hyperperp.aptos.internal.Hex;
import java.util.Arrays;

/**
 * A 32-byte Aptos account address. Immutable; equality is on the bytes. {@link #toString()}
 * follows AIP-40: {@code 0x0}..{@code 0xf} print in short form, every other address as
 * {@code 0x} followed by 64 lower-case hex digits. {@link #parse(String)} is lenient.
 */
public final class AccountAddress implements Comparable<AccountAddress> {
    /** Length of an address in bytes. */
    public static final int LENGTH = 32;
    /** The {@code 0x1} framework address. */
    public static final AccountAddress ONE = special(1);
    /** The all-zero address {@code 0x0}. */
    public static final AccountAddress ZERO = special(0);

    private final byte[] bytes;

    private AccountAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static AccountAddress fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("account address must be 32 bytes, got " + bytes.length);
        }
        return new AccountAddress(bytes.clone());
    }

    /**
     * Parses an address leniently: optional {@code 0x}, 1 to 64 hex digits of either case; shorter
     * inputs are padded on the left with zeros.
     *
     * @throws IllegalArgumentException for empty input, more than 64 digits or a non-hex character
     */
    public static AccountAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("account address must not be null");
        }
        String hex = Hex.stripPrefix(text.strip());
        if (hex.isEmpty()) {
            throw new IllegalArgumentException("account address has no hex digits: '" + text + "'");
        }
        if (hex.length() > 2 * LENGTH) {
            throw new IllegalArgumentException("account address has " + hex.length() + " hex digits, at most 64 allowed");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Hex.digit(hex.charAt(i)) < 0) {
                throw new IllegalArgumentException("account address contains non-hex character '" + hex.charAt(i)
                        + "' at position " + i + ": '" + text + "'");
            }
        }
        String padded = "0".repeat(2 * LENGTH - hex.length()) + hex;
        return new AccountAddress(Hex.decode(padded));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** True for the special addresses {@code 0x0}..{@code 0xf}. */
    public boolean isSpecial() {
        for (int i = 0; i < LENGTH - 1; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[LENGTH - 1] & 0xFF) < 0x10;
    }

    /** Full form: {@code 0x} and 64 hex digits, whatever the address. */
    public String toLongString() {
        return Hex.encodePrefixed(bytes);
    }

    /** Form with leading zeros trimmed ({@code 0x1}, {@code 0xabc}), as the node prints it in {@code vm_status}. */
    public String toShortString() {
        String hex = Hex.encode(bytes).replaceFirst("^0+", "");
        return "0x" + (hex.isEmpty() ? "0" : hex);
    }

    /** AIP-40 form. */
    @Override
    public String toString() {
        return isSpecial() ? "0x" + Integer.toHexString(bytes[LENGTH - 1] & 0xFF) : toLongString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(AccountAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    private static AccountAddress special(int last) {
        byte[] b = new byte[LENGTH];
        b[LENGTH - 1] = (byte) last;
        return new AccountAddress(b);
    }
}
