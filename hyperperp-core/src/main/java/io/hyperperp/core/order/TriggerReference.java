package io.hyperperp.core.order;

/** Which price a conditional order watches. Wire names: last, mark. */
public enum TriggerReference {
    /** The market's last trade price. */
    LAST,
    /** The mark price an oracle feeds with {@code update_mark_price}. */
    MARK;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }
}
