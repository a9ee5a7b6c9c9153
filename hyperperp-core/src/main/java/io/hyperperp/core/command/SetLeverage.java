package io.hyperperp.core.command;

/**
 * Sets an account's leverage in one market (1 ≤ leverage ≤ the market's max_leverage). Rejected if
 * it would raise the margin used above equity.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress the account
 * @param marketId    market
 * @param leverage    the new leverage
 */
public record SetLeverage(long timestamp, String userAddress, long marketId, int leverage) implements Command {

    /** Checks the identity. */
    public SetLeverage {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
    }

    @Override
    public String op() {
        return "set_leverage";
    }
}
