package io.hyperperp.core.order;

/** How long an order may stay on the book. Wire names: gtc, ioc, fok, post_only. */
public enum TimeInForce {
    /** Good till cancelled (or till {@code expires_at}, if given). */
    GTC,
    /** Immediate or cancel: fills what it can, the remainder is cancelled. */
    IOC,
    /** Fill or kill: fills entirely at once or does nothing. */
    FOK,
    /** Maker only: rejected if it would trade on arrival. */
    POST_ONLY;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }

    /** True for the kinds of order that may rest on the book. */
    public boolean mayRest() {
        return this == GTC || this == POST_ONLY;
    }
}
