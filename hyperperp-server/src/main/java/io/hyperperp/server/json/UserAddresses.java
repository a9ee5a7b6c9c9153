package io.hyperperp.server.json;

import io.hyperperp.core.risk.RiskSettings;

/**
 * Canonical user addresses: lower-case {@code 0x} followed by 1-64 lower-case hex digits without
 * leading zeros ({@code 0xa11ce}; the zero address is {@code 0x0}). Beside them, the engine's two
 * system accounts, which the server names as the engine does by default ({@code insurance_fund} and
 * {@code fee_account}): an operator funds the insurance fund, pays out either, and watches both.
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

    /** True for the insurance fund's and the fee account's names ({@link RiskSettings#DEFAULTS}). */
    public static boolean isSystemAccount(String address) {
        return RiskSettings.DEFAULTS.insuranceAddress().equals(address)
                || RiskSettings.DEFAULTS.feeAddress().equals(address);
    }

    /** True for a canonical user address or a system account: what an account route or channel may name. */
    public static boolean isAccount(String address) {
        return isCanonical(address) || isSystemAccount(address);
    }

    /** The canonical address of a non-negative account number, e.g. {@code 0 -> "0x0"}. */
    public static String of(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("negative account number");
        }
        return "0x" + Long.toHexString(number);
    }
}
