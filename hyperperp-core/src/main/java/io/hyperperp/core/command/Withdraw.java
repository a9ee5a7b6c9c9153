package io.hyperperp.core.command;

/**
 * Takes collateral out of an account: at most its free collateral, otherwise rejected.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress the account debited
 * @param amount      collateral units, positive
 */
public record Withdraw(long timestamp, String userAddress, long amount) implements Command {

    /** Checks the identity. */
    public Withdraw {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
    }

    @Override
    public String op() {
        return "withdraw";
    }
}
