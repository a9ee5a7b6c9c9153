package io.hyperperp.core.engine.internal;

/**
 * The narrowest price band in force in one margined market: the intersection of the bands of every
 * budget that {@link MarginHeadroom} holds valid over bands (since its band epoch last moved) and that
 * has a position here. A new price inside it leaves every such budget valid, so it need not move the
 * band epoch; a price outside it does. The intersection only narrows until then (a budget that ends
 * leaves its band in, which can only move the epoch sooner), and starts afresh with the next epoch.
 */
final class MarketBand {

    /** The band epoch {@link #low} and {@link #high} were gathered in; any other: no budget is banded here. */
    private long epoch;
    private long low;
    private long high;
    /** The market's price when its last move was counted (0 before the first). */
    long price;

    /** Narrows the band to a budget's band {@code [bandLow, bandHigh]}, valid in {@code bandEpoch}. */
    void enforce(long bandEpoch, long bandLow, long bandHigh) {
        if (epoch != bandEpoch) {
            epoch = bandEpoch;
            low = bandLow;
            high = bandHigh;
        } else {
            low = Math.max(low, bandLow);
            high = Math.min(high, bandHigh);
        }
    }

    /** True when every budget banded in {@code bandEpoch} with a position here holds at {@code newPrice}. */
    boolean holds(long bandEpoch, long newPrice) {
        return epoch != bandEpoch || newPrice >= low && newPrice <= high;
    }
}
