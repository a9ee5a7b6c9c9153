package io.hyperperp.core.order;

/** Self-trade prevention: what happens when a taker would trade against its own user's resting order. Wire names: none, cancel_taker, cancel_maker, cancel_both. */
public enum StpMode {
    /** The self-trade happens like any other trade. */
    NONE,
    /** The taker's remainder is cancelled; the resting order stays. */
    CANCEL_TAKER,
    /** The resting order is cancelled and the taker goes on matching. */
    CANCEL_MAKER,
    /** Both are cancelled. */
    CANCEL_BOTH;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }
}
