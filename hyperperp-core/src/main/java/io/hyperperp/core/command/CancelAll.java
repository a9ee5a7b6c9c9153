package io.hyperperp.core.command;

/**
 * Cancels every open order of a user, in one market or in all.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress the user
 * @param marketId    the market, or {@link #ALL_MARKETS}
 */
public record CancelAll(long timestamp, String userAddress, long marketId) implements Command {

    /** Cancel in every market. */
    public static final long ALL_MARKETS = -1;

    /** Checks the user. */
    public CancelAll {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
    }

    @Override
    public String op() {
        return "cancel_all";
    }
}
