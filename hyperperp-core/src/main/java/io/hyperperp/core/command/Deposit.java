package io.hyperperp.core.command;

/**
 * Credits collateral to an account. Idempotent: a deposit id seen before (for example the chain
 * transaction hash) is a no-op, so a deposit observed twice is booked once.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress the account credited
 * @param amount      collateral units (scaled by the collateral decimals), positive
 * @param depositId   idempotency id, 1-128 characters, none of them a control character or half of a
 *                    surrogate pair ({@link #isValidId})
 */
public record Deposit(long timestamp, String userAddress, long amount, String depositId) implements Command {

    /** Checks the required fields. */
    public Deposit {
        if (userAddress == null || depositId == null) {
            throw new IllegalArgumentException("user_address and deposit_id are required");
        }
    }

    /**
     * Largest Σ deposits − Σ withdrawals of the whole exchange, in collateral units: leaves room for PnL
     * and fees in 64 bits. A deposit past it is rejected ({@code AMOUNT_TOO_LARGE}).
     */
    public static final long MAX_NET_DEPOSITS = Long.MAX_VALUE / 4;

    /** Longest deposit id, in UTF-16 units. */
    public static final int MAX_ID_LENGTH = 128;

    /**
     * True when {@code id} can be a deposit id: 1-128 characters, no control or format characters and no unpaired
     * surrogates ({@link StoredText}).
     */
    public static boolean isValidId(String id) {
        return StoredText.isValid(id, MAX_ID_LENGTH);
    }

    @Override
    public String op() {
        return "deposit";
    }
}
