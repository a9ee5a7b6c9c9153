package io.hyperperp.core.risk;

/** Whether a market's orders and positions are margined. */
public enum MarginMode {
    /**
     * Cross margin: every order passes the pre-trade margin check, positions are marked to the
     * oracle price, liquidated and charged funding against the account's one pool of collateral.
     */
    CROSS,
    /**
     * No margin: any size matches for any address; fills move no collateral. For embedders who do
     * risk elsewhere, and the default of {@code replay} and {@code bench} so that existing command
     * logs replay exactly as before.
     */
    NONE;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The wire name: {@code cross} or {@code none}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ({@code cross} or {@code none}). */
    public static MarginMode parse(String text) {
        return switch (text) {
            case "cross" -> CROSS;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("margin must be cross or none: " + text);
        };
    }
}
