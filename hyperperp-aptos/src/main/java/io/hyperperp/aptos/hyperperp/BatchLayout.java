package io.hyperperp.aptos.hyperperp;

/** How fills are laid out in entry-function calls. */
public enum BatchLayout {
    /** One {@code apply_batch_v} call carrying all fills column by column. */
    BATCH,
    /** One {@code apply_batch_simple} call (and transaction) per fill: the deployed package's only entry point. */
    PER_FILL;

    /** Parses the configuration spelling {@code batch} or {@code per-fill}. */
    public static BatchLayout fromConfig(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "batch" -> BATCH;
            case "per-fill", "per_fill" -> PER_FILL;
            default -> throw new IllegalArgumentException("unknown batch layout '" + value + "' (batch | per-fill)");
        };
    }
}
