package io.hyperperp.core.command;

/**
 * Feeds a market's mark price (from an oracle). Conditional orders with {@code trigger_by: mark}
 * watch it; in a margined market it values positions and drives margin and liquidation.
 *
 * @param timestamp   issue time, microseconds
 * @param userAddress who feeds it (the oracle or admin identity, for the record)
 * @param marketId    market
 * @param markPrice   the mark price, scaled like the market's prices
 * @param indexPrice  the oracle's index price it came with (kept for funding-rate computation
 *                    outside the engine), or {@link #NO_INDEX}
 */
public record UpdateMarkPrice(long timestamp, String userAddress, long marketId, long markPrice, long indexPrice)
        implements Command {

    /** No index price was given. */
    public static final long NO_INDEX = 0;

    /** A mark update without an index price. */
    public UpdateMarkPrice(long timestamp, String userAddress, long marketId, long markPrice) {
        this(timestamp, userAddress, marketId, markPrice, NO_INDEX);
    }

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
