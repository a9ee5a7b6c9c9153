package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;

/**
 * The booking of a fill in a margined market, on both of its accounts: the quote leg, the entry
 * costs, the trading fees, a liquidation's fee, the maker's resting totals, and each account's
 * headroom moved by the fill (or the account queued for a maintenance check). Part of the
 * {@link MarginLedger}, whose accounting rules it follows: the matcher calls it once per fill.
 */
final class MarginFills {

    /** {@link #markValued}'s answer when ⌊mark × quantity⌋ overflows (a mark and a size are positive). */
    private static final long OVERFLOW = Long.MIN_VALUE;

    private final EngineState state;
    private final MarginLedger ledger;
    private final MarginHeadroom headroom;

    MarginFills(EngineState state, MarginLedger ledger) {
        this.state = state;
        this.ledger = ledger;
        this.headroom = ledger.headroom;
    }

    /**
     * Books a fill in a margined market: quote leg, entry costs, trading fees, liquidation fee. Its
     * parts are methods of their own so that this one stays under the JIT's size limit for inlining a
     * hot call (325 bytecodes) and is compiled into the matcher's fill with its trades and budget moves.
     */
    void onFill(OrderBook book, Order taker, Order maker, long price, long quantity) {
        if (book.markPrice == 0) {
            beforeFirstMark(book, price);
        }
        long quote = book.scale.floor(price, quantity);
        MarginPosition takerPosition = ledger.position(taker);
        MarginPosition makerPosition = ledger.position(maker);
        // The fill moves each account's budget by a lower bound of its change in this market alone; a
        // self-trade or a liquidation fill (whose fee depends on the equity) is recomputed instead.
        if (takerPosition.account == makerPosition.account || taker.liquidation) {
            recomputed(book, taker, maker, takerPosition, makerPosition, quantity, quote);
        } else {
            incremental(book, taker, maker, takerPosition, makerPosition, price, quantity, quote);
        }
    }

    /**
     * A fill between two accounts, neither side a liquidation: booked, and each account's budget moved
     * by the fill where it can be. Out of {@link #onFill} for its size (both stay under the JIT's limit
     * for inlining a hot call, 325 bytecodes).
     */
    private void incremental(OrderBook book, Order taker, Order maker, MarginPosition takerPosition,
            MarginPosition makerPosition, long price, long quantity, long quote) {
        boolean takerMovable = headroom.movable(takerPosition);
        boolean makerMovable = headroom.movable(makerPosition);
        long takerSize = takerPosition.size;
        long makerSize = makerPosition.size;
        long takerSide = Math.max(takerPosition.buyNotional, takerPosition.sellNotional);
        long makerBuys = makerPosition.buyNotional;
        long makerSells = makerPosition.sellNotional;
        // ⌊price × size⌋ at the market's price, which before the first mark is this fill's (the quote)
        long mark = MarginMath.price(book);
        long valued = quote;
        if (mark != price && (takerMovable || makerMovable)) {
            valued = markValued(book, mark, quantity);
            if (valued == OVERFLOW) {
                // neither budget moves: moveByFill then reads no value
                takerMovable = false;
                makerMovable = false;
            }
        }
        long takerSeller = taker.side() == Side.BUY ? 0 : -1;
        // x ^ -1 = -x - 1: the taker's signed size and quote (positive: it bought, it pays)
        long takerBought = (quantity ^ takerSeller) - takerSeller;
        // the market's fee rule, applied to the fill's quote in collateral units; it cannot throw (a
        // quote is not negative and |bps| <= 1,000: a fee is at most a tenth of it), so computing it
        // before the trades moves no check
        long takerFee = book.fillAmounts.takerFee(quote);
        long makerFee = book.fillAmounts.makerFee(quote);
        long booked = booked(maker, takerPosition, makerPosition, takerBought, (quote ^ takerSeller) - takerSeller,
                takerFee, makerFee);
        // The sizes and the maker's side after the fill, from what was read before it (trade's sums were
        // checked, the booking moved the maker's side by `booked`; the taker's order sides did not move):
        // the budget's move then waits on none of the stores above.
        moved(takerPosition, takerMovable, takerSeller, quantity, valued, quote, takerFee, takerSize, takerBought,
                takerSide, takerSide);
        moved(makerPosition, makerMovable, ~takerSeller, quantity, valued, quote, makerFee, makerSize, -takerBought,
                Math.max(makerBuys, makerSells), sideAfter(maker, makerBuys, makerSells, booked));
    }

    /**
     * The booking of a fill between two accounts: both trades, each with its fee in its collateral sum
     * (one chain, one store, no reload of what trade just stored), the fees' account, the maker's
     * resting totals. Returns what the maker's resting side moved by.
     */
    private long booked(Order maker, MarginPosition takerPosition, MarginPosition makerPosition, long takerBought,
            long takerQuote, long takerFee, long makerFee) {
        PositionTrade.trade(takerPosition, takerBought, takerQuote, takerFee);
        PositionTrade.trade(makerPosition, -takerBought, -takerQuote, makerFee);
        ledger.fees().collateral += takerFee + makerFee;
        return ledger.orderResting(maker, maker.size - maker.filled);
    }

    /** Moves an account's budget by the fill (see {@link MarginHeadroom#moveByFill}), then {@link #filled}. */
    private void moved(MarginPosition p, boolean movable, long seller, long quantity, long valued, long quote,
            long fee, long sizeBefore, long bought, long sideBefore, long sideAfter) {
        filled(p, headroom.moveByFill(p, movable, seller, quantity, valued, quote, fee, sizeBefore,
                sizeBefore + bought, sideBefore, sideAfter));
    }

    /** Until the first mark, the last trade is the market's price: a fill at another price moves it. */
    private void beforeFirstMark(OrderBook book, long price) {
        if (book.margin.tradePriced != price) {
            book.margin.tradePriced = price;
            headroom.priceMoved(book);
        }
    }

    /**
     * ⌊mark × quantity⌋, or {@link #OVERFLOW} when it overflows (then no budget is moved by the fill:
     * both accounts are recomputed). Out of {@link #incremental} so that the rare overflow's handler
     * is not part of its size.
     */
    private static long markValued(OrderBook book, long mark, long quantity) {
        try {
            return book.scale.floor(mark, quantity);
        } catch (ArithmeticException e) {
            return OVERFLOW;
        }
    }

    /** The larger of an order's two resting sides after {@code booked} moved the side of its own. */
    private static long sideAfter(Order order, long buys, long sells, long booked) {
        return order.side() == Side.BUY ? Math.max(buys + booked, sells) : Math.max(buys, sells + booked);
    }

    /**
     * A self-trade (one account on both sides) or a liquidation fill: the same booking as
     * {@link #incremental}'s, in the same order, but no budget is moved: both accounts are queued for a
     * recomputation. A self-trade's fees are taken after both trades, so the second trade's checked sum
     * sees the same collateral as before.
     */
    private void recomputed(OrderBook book, Order taker, Order maker, MarginPosition takerPosition,
            MarginPosition makerPosition, long quantity, long quote) {
        boolean takerBuys = taker.side() == Side.BUY;
        long takerBought = takerBuys ? quantity : -quantity;
        long takerFee = book.fillAmounts.takerFee(quote);
        long makerFee = book.fillAmounts.makerFee(quote);
        boolean selfTrade = takerPosition.account == makerPosition.account;
        long takerCharged = selfTrade ? 0 : takerFee;
        long makerCharged = selfTrade ? 0 : makerFee;
        PositionTrade.trade(takerPosition, takerBought, takerBuys ? quote : -quote, takerCharged);
        PositionTrade.trade(makerPosition, -takerBought, takerBuys ? -quote : quote, makerCharged);
        if (selfTrade) {
            takerPosition.account.collateral -= takerFee;
            takerPosition.account.collateral -= makerFee;
        }
        ledger.fees().collateral += takerFee + makerFee;
        ledger.orderResting(maker, maker.size - maker.filled);
        if (taker.liquidation) {
            Liquidator.chargeLiquidationFee(state, takerPosition.account, book, quote);
        }
        // not movable: moveByFill only marks each holder's budget stale and reads none of the values
        headroom.moveByFill(takerPosition, false, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        ledger.changed(takerPosition.account);
        headroom.moveByFill(makerPosition, false, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        ledger.changed(makerPosition.account);
    }

    /**
     * After a fill: an account whose budget the fill moved and left valid is solvent and needs no
     * maintenance check; the others are queued as {@link MarginLedger#changed}. Either way its
     * liquidation keys are stale.
     */
    private void filled(MarginPosition p, boolean solvent) {
        if (solvent) {
            ledger.keys.restale(p.account);
        } else {
            ledger.changed(p.account);
        }
    }
}
