package io.hyperperp.core.engine.internal;

/**
 * A position's side of a trade: size, entry cost, the collateral that realises PnL, the market's
 * open size and its list of holders. Fills, liquidation takeovers and ADL, and the restore of a
 * snapshot all book through here, so that Σ (collateral − entry costs) is conserved the same way.
 */
final class PositionTrade {

    private PositionTrade() {
    }

    /**
     * Moves {@code quantity} (signed: positive buys) into a position for {@code quote} (signed like
     * the quantity: what the account pays), keeping entry cost and collateral consistent.
     */
    static void trade(MarginPosition p, long quantity, long quote) {
        long size = p.size;
        long updated = Math.addExact(size, quantity);
        MarginBook book = p.book.margin;
        long openSize = Math.addExact(book.openSize, Math.abs(updated) - Math.abs(size));
        long entry = entryAfter(size, updated, p.entryCost, quantity, quote);
        p.account.collateral = Math.addExact(p.account.collateral,
                Math.subtractExact(Math.subtractExact(entry, p.entryCost), quote));
        p.entryCost = entry;
        p.size = updated;
        if (Math.abs(updated) > UserAccount.SMALL_POSITION || Math.abs(size) > UserAccount.SMALL_POSITION) {
            p.account.user.sizeChanged(size, updated);
        }
        book.openSize = openSize;
        if (size == 0 && updated != 0) {
            book.addHolder(p);
            p.account.openPositions++;
        } else if (size != 0 && updated == 0) {
            book.removeHolder(p);
            book.unindex(p);
            p.account.openPositions--;
        }
    }

    /**
     * The entry cost after a trade of {@code quantity} for {@code quote} took the position from
     * {@code size} to {@code updated}: grown by the quote when the trade opens or adds to the position;
     * when it reduces it, the old entry cost scaled to what is left (0 when closed); when it flips it,
     * the quote's share of the new side; scaled amounts rounded toward zero.
     *
     * <p>Computed without a branch on which case it is: in a mixed flow whether a fill side adds to or
     * reduces its position is close to a coin flip (two in three add), which no branch predictor
     * learns, so the scaled candidate is computed every time (a trade that adds scales 0 by 0 / 1) and
     * selected by a mask.
     *
     * @throws ArithmeticException when a trade that adds to the position overflows its entry cost
     */
    static long entryAfter(long size, long updated, long entryCost, long quantity, long quote) {
        // all ones when the position is not 0 and (size > 0) != (quantity > 0): the sign bit of -x is
        // x > 0 (sizes and quantities are far from Long.MIN_VALUE), so a quantity of 0 counts as a sell
        long reduces = ((-size ^ -quantity) & (size | -size)) >> 63;
        // all ones when it also leaves a non-zero position on the other side
        long flips = reduces & (((updated ^ size) & (updated | -updated)) >> 63);
        long scaled = reduces & (flips & quote | ~flips & entryCost);
        long whole = flips & Math.abs(quantity) | ~flips & Math.abs(size);
        // |updated| ≤ whole when it reduces; nothing to scale, over a divisor of 1, when it adds
        long share = MarginMath.scaleTowardZero(scaled, reduces & Math.abs(updated), whole | ~reduces & 1);
        long grown = entryCost + quote;
        // a reduction adds amounts of opposite signs, which never overflows; only growth is checked
        if (((entryCost ^ grown) & (quote ^ grown) & ~reduces) < 0) {
            throw new ArithmeticException("entry cost overflows 64 bits");
        }
        return ~reduces & grown | reduces & share;
    }
}
