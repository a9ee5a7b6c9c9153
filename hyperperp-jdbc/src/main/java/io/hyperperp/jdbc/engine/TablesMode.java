package io.hyperperp.jdbc.engine;

import java.util.Locale;

/**
 * When the state tables (orders, trades, positions, markets, accounts, ledger, conditional orders) are written
 * (setting {@code persistence.tables}, docs/persistence.md).
 */
public enum TablesMode {
    /** In the group commit's transaction, with the command log: a read after an acknowledgement sees the rows. */
    INLINE,
    /**
     * Behind the log: the group commit writes the command log and {@code engine_state} only, and a table writer
     * commits the tables in batches afterwards ({@code read_model_watermark} says how far they go); reads of the
     * tables wait for it, and a start replays the log past it.
     */
    BEHIND;

    /** @return the mode named {@code inline} or {@code behind} */
    public static TablesMode parse(String name) {
        if (name != null) {
            for (TablesMode mode : values()) {
                if (mode.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("persistence.tables must be inline or behind, not " + name);
    }

    /** @return the name in the configuration */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
