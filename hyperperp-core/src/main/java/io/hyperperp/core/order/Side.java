package io.hyperperp.core.order;

/** Order side. The wire names are the lower-case names ("buy", "sell"). */
public enum Side {
    /** Bids: pays quote, receives base. */
    BUY,
    /** Asks: delivers base, receives quote. */
    SELL;

    /** The side a taker of this side trades against. */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** The lower-case wire name. */
    public String wireName() {
        return this == BUY ? "buy" : "sell";
    }
}
