package io.hyperperp.core.command;

/**
 * Feeds a market's mark price (from an oracle). Conditional orders with {@code trigger_by: mark}
 * watch it.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress who feeds it (the oracle or admin identity, for the record)
 * @param marketId    market
 * @param markPrice   the mark price, scaled like the market's prices
 */
public record UpdateMarkPrice(long timestamp, String userAddress, long marketId, long markPrice) implements Command {

    /** Checks the identity. */
    public UpdateMarkPrice {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
    }

    @Override
    public String op() {
        return "update_mark_price";
    }
}
