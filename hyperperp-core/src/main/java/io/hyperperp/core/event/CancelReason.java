package io.hyperperp.core.event;

/** Why an accepted order left the book without being filled. Wire names are lower case. */
public enum CancelReason {
    /** The user cancelled it (cancel or cancel-all). */
    USER,
    /** The unfilled remainder of an immediate-or-cancel order. */
    IOC_REMAINDER,
    /** A fill-or-kill order that could not fill entirely. */
    FOK_UNFILLABLE,
    /** Self-trade prevention. */
    SELF_TRADE,
    /** Its good-til-time passed. */
    EXPIRED,
    /** A reduce-only order whose position went to zero or flipped. */
    REDUCE_ONLY,
    /** A market order found nothing (more) to trade against. */
    NO_LIQUIDITY,
    /** A market order reached its protection price. */
    PRICE_PROTECTION,
    /** Another order of its one-cancels-other group triggered. */
    OCO,
    /** Its account is being liquidated. */
    LIQUIDATION;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** True for {@link #LIQUIDATION}, which only margined markets give. */
    public boolean risk() {
        return this == LIQUIDATION;
    }

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }
}
