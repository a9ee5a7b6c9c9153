package io.hyperperp.server.json;

/**
 * Canonical user addresses: lower-case {@code 0x} followed by 1-64 lower-case hex digits without
 * leading zeros ({@code 0xa11ce}; the zero address is {@code 0x0}).
 */
public final class UserAddresses {

    /** Longest canonical address: {@code 0x} + 64 hex digits. */
    public static final int MAX_LENGTH = 66;

    private UserAddresses() {
    }

    /** True when {@code address} is already in canonical form. */
    public static boolean isCanonical(String address) {
        if (address == null || address.length() < 3 || address.length() > MAX_LENGTH) {
            return false;
        }
        if (address.charAt(0) != '0' || address.charAt(1) != 'x') {
            return false;
        }
        for (int i = 2; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!hex) {
                return false;
            }
        }
        return address.charAt(2) != '0' || address.length() == 3;
    }

    /** The canonical address of a non-negative account number, e.g. {@code 0 -> "0x0"}. */
    public static String of(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("negative account number");
        }
        return "0x" + Long.toHexString(number);
    }
}
