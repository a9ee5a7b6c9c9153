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
        long entry;
        if (size == 0 || (size > 0) == (quantity > 0)) {
            entry = Math.addExact(p.entryCost, quote);
        } else if (updated == 0) {
            entry = 0;
        } else if ((updated > 0) == (size > 0)) {
            entry = MarginMath.scaleTowardZero(p.entryCost, Math.abs(updated), Math.abs(size));
        } else {
            entry = MarginMath.scaleTowardZero(quote, Math.abs(updated), Math.abs(quantity));
        }
        p.account.collateral = Math.addExact(p.account.collateral,
                Math.subtractExact(Math.subtractExact(entry, p.entryCost), quote));
        p.entryCost = entry;
        p.size = updated;
        if (Math.abs(updated) > UserAccount.SMALL_POSITION || Math.abs(size) > UserAccount.SMALL_POSITION) {
            p.account.user.sizeChanged(size, updated);
        }
        book.openSize = openSize;
        if ((size == 0) != (updated == 0)) {
            openedOrClosed(p, book, updated);
        }
    }

    /**
     * A position that opened (from 0) or closed (to 0) joins or leaves the market's holders. Out of
     * {@link #trade} so that trade stays under the JIT's size limit for inlining a hot call (325
     * bytecodes): most fills neither open nor close a position.
     */
    private static void openedOrClosed(MarginPosition p, MarginBook book, long updated) {
        if (updated != 0) {
            book.addHolder(p);
            p.account.openPositions++;
        } else {
            book.removeHolder(p);
            book.unindex(p);
            p.account.openPositions--;
        }
    }
}
