package io.hyperperp.core.engine.internal;

/**
 * The price bands of {@link MarginHeadroom}: a position's band is the range of its market's prices
 * over which the market's part of the account's headroom cannot fall by more than the share of the
 * held-back half that the band was bought with, so a budget computed at one price still bounds the
 * headroom anywhere inside every position's band. Apart from the headroom so that the budget's
 * bookkeeping reads on its own; every method is static and small, and inlines where it is called.
 */
final class HeadroomBands {

    private HeadroomBands() {
    }

    /** True when every market the account holds a position in is priced inside its band. */
    static boolean withinAll(MarginAccount account, long bandEpoch) {
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            if (p.size != 0 && !within(p, bandEpoch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives an account in one market, whose budget a fill left valid at the fill's price only, a
     * band around that price, paid for with half of the budget: the budget bounded the headroom at
     * that price, so with half of it held back it bounds the headroom anywhere in the band. Done
     * when the price first moves, so a market whose price stays pays nothing.
     */
    static boolean sinceFill(MarginPosition holder) {
        long price = holder.fillPrice;
        long share = holder.budget / holder.budgetDivisor / 2;
        if (price == 0 || share == 0) {
            return false;
        }
        holder.fillPrice = 0;
        holder.budget -= share * holder.budgetDivisor;
        set(holder, share, price);
        holder.banded = true;
        return true;
    }

    /**
     * True when the position's market is priced inside its band, which the market's narrowest band
     * then holds under {@code bandEpoch}, the headroom's band epoch.
     */
    static boolean within(MarginPosition p, long bandEpoch) {
        long price = MarginMath.price(p.book);
        MarginPositionCold cold = p.cold;
        if (price < cold.bandLow || price > cold.bandHigh) {
            return false;
        }
        p.book.margin.band.enforce(bandEpoch, cold.bandLow, cold.bandHigh);
        return true;
    }

    /**
     * The prices around {@code price} at which the position's part of the headroom is at most
     * {@code share} below its part at that price. With y = |size| × |Δ| in collateral units (real), value
     * rounded as in {@link MarginMath} and d ≥ 1 the market's divisor, the part changes by at least:
     * a long, price down: −⌈y⌉ (value −⌈y⌉ at worst, margin term down); price up: −1 (value +⌊y⌋,
     * margin term +⌈⌈y⌉ / d⌉ ≤ ⌈y⌉); a short, price up: −⌈y⌉ − ⌈⌈y⌉ / d⌉ ≥ −2⌈y⌉; price down: 0.
     */
    static void set(MarginPosition p, long share, long price) {
        QuoteScale scale = p.book.scale;
        if (p.size > 0) {
            long down = scale.priceSpan(share, p.size);
            p.cold.bandLow = down >= price ? 0 : price - down;
            p.cold.bandHigh = share >= 1 ? Long.MAX_VALUE : price;
        } else {
            long up = scale.priceSpan(share / 2, -p.size);
            p.cold.bandLow = 0;
            p.cold.bandHigh = up > Long.MAX_VALUE - price ? Long.MAX_VALUE : price + up;
        }
    }
}
