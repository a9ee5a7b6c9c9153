package io.hyperperp.core.command;

/**
 * Credits collateral to an account. Idempotent: a deposit id seen before (for example the chain
 * transaction hash) is a no-op, so a deposit observed twice is booked once.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress the account credited
 * @param amount      collateral units (scaled by the collateral decimals), positive
 * @param depositId   idempotency id, 1-128 characters
 */
public record Deposit(long timestamp, String userAddress, long amount, String depositId) implements Command {

    /** Checks the required fields. */
    public Deposit {
        if (userAddress == null || depositId == null) {
            throw new IllegalArgumentException("user_address and deposit_id are required");
        }
    }

    @Override
    public String op() {
        return "deposit";
    }
}
