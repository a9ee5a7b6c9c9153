package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.market.MarketSpec;

/**
 * The margin formulas, in collateral units. Every sum is over an account's markets, never its
 * orders. Overflow throws {@link ArithmeticException}, which the callers turn into a rejection.
 *
 * <ul>
 *   <li>price of a market: its mark, or its last trade before the first mark;</li>
 *   <li>value of a position: size × price (longs round down, shorts away from zero);</li>
 *   <li>equity: collateral + Σ (value − entry cost);</li>
 *   <li>initial margin of a notional: max(⌈notional / leverage⌉, ⌈notional × imr_bps / 10⁴⌉);</li>
 *   <li>margin used in a market: initial margin of ⌈|size| × price⌉ plus initial margin of the
 *       worse order side, where a side's notional counts only its part beyond what would reduce
 *       the position (pro rata: side notional × excess size / side size, rounded up);</li>
 *   <li>maintenance margin in a market: ⌈⌈|size| × price⌉ × mmr_bps / 10⁴⌉.</li>
 * </ul>
 */
final class MarginMath {

    private MarginMath() {
    }

    static long price(OrderBook book) {
        return book.markPrice != 0 ? book.markPrice : book.lastTradePrice;
    }

    static long initialMargin(long notional, int leverage, int imrBps) {
        long byLeverage = Math.ceilDiv(notional, leverage);
        long byFraction = FixedPoint.mulDivCeil(notional, imrBps, MarketSpec.BPS);
        return Math.max(byLeverage, byFraction);
    }

    static long notional(MarginPosition p) {
        if (p.size == 0) {
            return 0;
        }
        refresh(p);
        return p.cold.cachedNotional;
    }

    static long value(MarginPosition p) {
        if (p.size == 0) {
            return 0;
        }
        refresh(p);
        return p.cold.cachedValue;
    }

    private static void refresh(MarginPosition p) {
        long price = price(p.book);
        long size = p.size;
        MarginPositionCold c = p.cold;
        if (c.cachedPrice != price || c.cachedSize != size) {
            QuoteScale scale = p.book.scale;
            if (size > 0) {
                // one division for both: the ceiling is the floor unless the product had a remainder
                long floor = scale.floor(price, size);
                c.cachedValue = floor;
                c.cachedNotional = scale.divides(price, size, floor) ? floor : floor + 1;
            } else {
                c.cachedNotional = scale.ceil(price, -size);
                c.cachedValue = -c.cachedNotional;
            }
            c.cachedPrice = price;
            c.cachedSize = size;
        }
    }

    /**
     * equity − the margin bound (every market's position notional plus its larger order side,
     * whole: no pro-rata reduction, each divided by the market's {@link MarginPosition#marginDivisor}
     * and rounded up, which is at least its initial margin), in one pass over the markets: a lower
     * bound of free collateral. Since imr_bps &gt; mmr_bps, the bound is at least the maintenance
     * margin, so a non-negative result also proves the account solvent. Needs every market's
     * divisor set.
     */
    static long headroom(MarginAccount a) {
        long equity = a.collateral;
        long bound = 0;
        for (int i = 0; i < a.marketCount; i++) {
            MarginPosition p = a.markets[i];
            long notional = 0;
            if (p.size != 0) {
                refresh(p);
                notional = p.cold.cachedNotional;
                equity = Math.addExact(equity, Math.subtractExact(p.cold.cachedValue, p.entryCost));
            }
            bound = Math.addExact(bound, p.marginBound(notional));
        }
        return Math.subtractExact(equity, bound);
    }

    /** The notional of one order side beyond what would only reduce the position. */
    static long excess(long open, long notional, long reducible) {
        if (open <= reducible) {
            return 0;
        }
        return reducible == 0 ? notional : FixedPoint.mulDivCeil(notional, open - reducible, open);
    }

    static long marginUsed(MarginPosition p) {
        int imr = p.book.spec.risk().imrBps();
        long buys = excess(p.buyOpen, p.buyNotional, p.size < 0 ? -p.size : 0);
        long sells = excess(p.sellOpen, p.sellNotional, p.size > 0 ? p.size : 0);
        long orders = initialMargin(Math.max(buys, sells), p.leverage, imr);
        return Math.addExact(initialMargin(notional(p), p.leverage, imr), orders);
    }

    static long maintenance(MarginPosition p) {
        return FixedPoint.mulDivCeil(notional(p), p.book.spec.risk().mmrBps(), MarketSpec.BPS);
    }

    static long equity(MarginAccount a) {
        long equity = a.collateral;
        for (int i = 0; i < a.marketCount; i++) {
            MarginPosition p = a.markets[i];
            if (p.size != 0) {
                equity = Math.addExact(equity, Math.subtractExact(value(p), p.entryCost));
            }
        }
        return equity;
    }

    static long marginUsed(MarginAccount a) {
        long used = 0;
        for (int i = 0; i < a.marketCount; i++) {
            used = Math.addExact(used, marginUsed(a.markets[i]));
        }
        return used;
    }

    static long maintenance(MarginAccount a) {
        long total = 0;
        for (int i = 0; i < a.marketCount; i++) {
            total = Math.addExact(total, maintenance(a.markets[i]));
        }
        return total;
    }

    /** amount × numerator / denominator, rounded toward zero (numerator ≤ denominator). */
    static long scaleTowardZero(long amount, long numerator, long denominator) {
        long magnitude = FixedPoint.mulDivFloor(Math.abs(amount), numerator, denominator);
        return amount < 0 ? -magnitude : magnitude;
    }

    /** Fee on a quote amount: charges round up, rebates (negative bps) round down in size. */
    static long fee(long quote, int bps) {
        if (bps >= 0) {
            return FixedPoint.mulDivCeil(quote, bps, MarketSpec.BPS);
        }
        return -FixedPoint.mulDivFloor(quote, -bps, MarketSpec.BPS);
    }
}
