package io.hyperperp.aptos.internal;

/** Hex encoding helpers (lower-case output, lenient input). Not part of the public API. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Encodes bytes as lower-case hex without prefix. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Encodes bytes as lower-case hex with a {@code 0x} prefix. */
    public static String encodePrefixed(byte[] bytes) {
        return "0x" + encode(bytes);
    }

    /** Strips an optional {@code 0x}/{@code 0X} prefix. */
    public static String stripPrefix(String s) {
        if (s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            return s.substring(2);
        }
        return s;
    }

    /**
     * Value of one ASCII hex digit, or -1. Not {@link Character#digit}: it takes every Unicode digit and the
     * full-width letters, so that {@code 0x１} was the address 0x1 and a key could be written in Arabic-Indic digits.
     */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes an even-length hex string (optional {@code 0x} prefix). The message of the exception
     * never contains the input, so that secrets can be decoded safely.
     */
    public static byte[] decode(String hex) {
        String s = stripPrefix(hex);
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string has odd length " + s.length());
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(s.charAt(2 * i));
            int lo = digit(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("non-hex character at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
