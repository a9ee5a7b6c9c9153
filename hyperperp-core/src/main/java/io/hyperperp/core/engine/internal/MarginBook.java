package io.hyperperp.core.engine.internal;

import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One margined market's holders and its liquidation index: positions ordered by the mark at which
 * their account would be liquidated, so a mark update visits only the accounts it crossed.
 *
 * <p>A key is the liquidation price of the position with the account's other markets at their
 * current prices, rounded outward with a few collateral units of slack for the rounding of values
 * and margins: the index finds candidates, the exact check decides. Keys are refreshed lazily:
 * an account that changed is queued and re-keyed before the next mark update looks.
 */
final class MarginBook {

    private static final Comparator<MarginPosition> BY_KEY =
            Comparator.comparingLong((MarginPosition p) -> p.cold.indexKey).thenComparingLong(p -> p.account.number);
    /** Collateral units of slack for the floor/ceil roundings of value and maintenance. */
    private static final BigInteger SLACK = BigInteger.valueOf(3);
    private static final BigInteger BPS = BigInteger.valueOf(MarketSpec.BPS);

    final List<MarginPosition> holders = new ArrayList<>();
    /** Σ |position| over the holders. */
    long openSize;
    /** Σ open size of the resting orders, both sides. */
    long restingOpen;
    /**
     * Orders the exact side notionals of this market's accounts have visited ({@link MarginMath#exactSide}):
     * a diagnostic the tests read to show the walk bounded; not in snapshots.
     */
    long exactWalkVisits;
    /**
     * The trade price the headroom's price epoch last moved for (0 before the first): before the
     * first mark a fill at the price of the last one moves no margined price.
     */
    long tradePriced;
    /** The narrowest band the account budgets valid over bands hold here (see {@link MarginHeadroom}). */
    final MarketBand band = new MarketBand();
    /** The largest raw price × size (128 bits) whose notional is within {@link #MAX_OPEN_VALUE}. */
    private long limitHigh;
    private long limitLow;
    private boolean limitKnown;

    /**
     * What a margined market's positions may be worth, in collateral units, counting every resting
     * order as filled on both sides: 2^56 (72 billion at 6 decimals). Sums of values, entry costs
     * and margins over an account's markets then stay far inside 64 bits, so an order or a mark
     * that would go beyond is refused up front instead of overflowing later.
     */
    static final long MAX_OPEN_VALUE = 1L << 56;
    private final TreeSet<MarginPosition> longs = new TreeSet<>(BY_KEY);
    private final TreeSet<MarginPosition> shorts = new TreeSet<>(BY_KEY);

    /**
     * Null if the market's positions and resting orders may be valued at {@code mark}, else the
     * reason: a mark that would make them worth more than {@link #MAX_OPEN_VALUE}.
     */
    RejectReason admitsMark(QuoteScale scale, long mark) {
        try {
            return openValueFits(scale, mark, 0) ? null : RejectReason.AMOUNT_TOO_LARGE;
        } catch (ArithmeticException e) {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
    }

    /**
     * True when the market's positions, with every resting order and {@code extraSize} more filled
     * on both sides, would be worth at most {@link #MAX_OPEN_VALUE} at {@code price}. Throws
     * {@link ArithmeticException} on a size beyond 64 bits.
     */
    boolean openValueFits(QuoteScale scale, long price, long extraSize) {
        long size = Math.addExact(openSize, Math.multiplyExact(2, Math.addExact(restingOpen, extraSize)));
        if (!limitKnown) {
            // ceil(price × size in collateral units) ≤ MAX_OPEN_VALUE ⇔ price × size ≤ this 128-bit bound
            BigInteger limit = scale.multiplier() != 1
                    ? BigInteger.valueOf(MAX_OPEN_VALUE / scale.multiplier())
                    : BigInteger.valueOf(MAX_OPEN_VALUE).multiply(scale.unitsPerCollateral());
            if (limit.bitLength() > 127) {
                limit = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
            }
            limitHigh = limit.shiftRight(64).longValue();
            limitLow = limit.longValue();
            limitKnown = true;
        }
        long high = Math.multiplyHigh(price, size);
        return high < limitHigh || high == limitHigh && Long.compareUnsigned(price * size, limitLow) <= 0;
    }

    void addHolder(MarginPosition p) {
        p.cold.holderSlot = holders.size();
        holders.add(p);
    }

    void removeHolder(MarginPosition p) {
        MarginPosition last = holders.remove(holders.size() - 1);
        if (last != p) {
            holders.set(p.cold.holderSlot, last);
            last.cold.holderSlot = p.cold.holderSlot;
        }
        p.cold.holderSlot = -1;
    }

    /** Holders by account number (the order funding and ADL visit them). */
    List<MarginPosition> holdersInOrder() {
        List<MarginPosition> sorted = new ArrayList<>(holders);
        sorted.sort(Comparator.comparingLong(p -> p.account.number));
        return sorted;
    }

    void unindex(MarginPosition p) {
        if (p.cold.indexSide > 0) {
            longs.remove(p);
        } else if (p.cold.indexSide < 0) {
            shorts.remove(p);
        }
        p.cold.indexSide = 0;
    }

    /**
     * Recomputes the position's key. {@code restEquity} is the account's equity without this
     * position's value (its entry cost still subtracted); {@code restMaintenance} the maintenance
     * margin of the account's other markets.
     */
    void reindex(MarginPosition p, long restEquity, long restMaintenance) {
        unindex(p);
        if (p.size == 0 || p.account.system) {
            return;
        }
        long key = key(p, restEquity, restMaintenance);
        if (key == SOLVENT) {
            return;
        }
        p.cold.indexKey = key;
        p.cold.indexSide = p.size > 0 ? 1 : -1;
        (p.size > 0 ? longs : shorts).add(p);
    }

    /** What {@link #key} returns for a long solvent at any price. */
    static final long SOLVENT = -1;

    /**
     * The mark at or beyond which the account is liquidated, with the rest of it as given, rounded
     * outward (a long's key up, a short's down); {@link #SOLVENT} for a long solvent at any price.
     */
    static long key(MarginPosition p, long restEquity, long restMaintenance) {
        BigInteger unit = p.book.scale.unitsPerCollateral();
        BigInteger multiplier = BigInteger.valueOf(p.book.scale.multiplier());
        BigInteger size = BigInteger.valueOf(Math.abs(p.size));
        int mmr = p.book.spec.risk().mmrBps();
        BigInteger gap = BigInteger.valueOf(restMaintenance).subtract(BigInteger.valueOf(restEquity));
        if (p.size > 0) {
            // long: liquidated when size × P × (1 − mmr) < maintenance of the rest − equity of the rest
            BigInteger numerator = gap.add(SLACK).multiply(unit).multiply(BPS);
            BigInteger denominator = size.multiply(BPS.subtract(BigInteger.valueOf(mmr))).multiply(multiplier);
            return numerator.signum() <= 0 ? SOLVENT : ceil(numerator, denominator);
        }
        // short: liquidated when |size| × P × (1 + mmr) > equity of the rest − maintenance of the rest
        BigInteger numerator = gap.negate().subtract(SLACK).multiply(unit).multiply(BPS);
        BigInteger denominator = size.multiply(BPS.add(BigInteger.valueOf(mmr))).multiply(multiplier);
        return numerator.signum() <= 0 ? 0 : numerator.divide(denominator).min(MAX).longValue();
    }

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static long ceil(BigInteger numerator, BigInteger denominator) {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        BigInteger q = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return q.min(MAX).longValue();
    }

    /** Positions whose key the mark crossed: longs keyed at or above it, shorts at or below. */
    void crossedBy(long mark, List<MarginPosition> out) {
        for (MarginPosition p : longs.descendingSet()) {
            if (p.cold.indexKey < mark) {
                break;
            }
            out.add(p);
        }
        for (MarginPosition p : shorts) {
            if (p.cold.indexKey > mark) {
                break;
            }
            out.add(p);
        }
    }

    /**
     * The mark at which the account would be liquidated if its other markets' prices stay, for the
     * account view, or 0 if none. (The index keys of an account in several markets are earlier:
     * each market gets only its share of the slack.)
     */
    static long liquidationPrice(MarginPosition p, long equity, long maintenance) {
        if (p.size == 0 || p.account.system) {
            return 0;
        }
        long key = key(p, equity - MarginMath.value(p), maintenance - MarginMath.maintenance(p));
        return key == SOLVENT ? 0 : key;
    }
}
