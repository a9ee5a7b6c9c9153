package io.hyperperp.core.command;

/**
 * Charges one funding interval in a margined market: every position pays size × mark × rate, longs
 * to shorts when the rate is positive (shorts to longs when negative). Payers' amounts round up,
 * receivers' round down, and the difference goes to the insurance fund.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress who applies it (the operator identity, for the record)
 * @param marketId    market
 * @param rate        rate for the interval in units of 10⁻⁸ ({@link io.hyperperp.core.risk.RiskSpec#FUNDING_RATE_SCALE})
 */
public record ApplyFunding(long timestamp, String userAddress, long marketId, long rate) implements Command {

    /** Checks the identity. */
    public ApplyFunding {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
    }

    @Override
    public String op() {
        return "apply_funding";
    }
}
