package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;

/**
 * The booking of a fill in a margined market, on both of its accounts: the quote leg, the entry
 * costs, the trading fees, a liquidation's fee, the maker's resting totals, and each account's
 * headroom moved by the fill (or the account queued for a maintenance check). Part of the
 * {@link MarginLedger}, whose accounting rules it follows: the matcher calls it once per fill.
 */
final class MarginFills {

    private final EngineState state;
    private final MarginLedger ledger;
    private final MarginHeadroom headroom;

    MarginFills(EngineState state, MarginLedger ledger) {
        this.state = state;
        this.ledger = ledger;
        this.headroom = ledger.headroom;
    }

    /** Books a fill in a margined market: quote leg, entry costs, trading fees, liquidation fee. */
    void onFill(OrderBook book, Order taker, Order maker, long price, long quantity) {
        if (book.markPrice == 0 && book.margin.tradePriced != price) {
            // the last trade is the price until the first mark
            book.margin.tradePriced = price;
            headroom.priceMoved(book);
        }
        long quote = book.scale.floor(price, quantity);
        MarginPosition takerPosition = ledger.position(taker);
        MarginPosition makerPosition = ledger.position(maker);
        // The fill moves each account's budget by a lower bound of its change in this market alone; a
        // self-trade or a liquidation fill (whose fee depends on the equity) is recomputed instead.
        boolean incremental = takerPosition.account != makerPosition.account && !taker.liquidation;
        boolean takerMovable = incremental && headroom.movable(takerPosition);
        boolean makerMovable = incremental && headroom.movable(makerPosition);
        long takerSize = takerPosition.size;
        long makerSize = makerPosition.size;
        long takerSide = Math.max(takerPosition.buyNotional, takerPosition.sellNotional);
        long makerBuys = makerPosition.buyNotional;
        long makerSells = makerPosition.sellNotional;
        long makerSide = Math.max(makerBuys, makerSells);
        // ⌊price × size⌋ at the market's price, which before the first mark is this fill's (the quote)
        long mark = MarginMath.price(book);
        long valued = quote;
        if (mark != price && (takerMovable || makerMovable)) {
            try {
                valued = book.scale.floor(mark, quantity);
            } catch (ArithmeticException e) {
                takerMovable = false;
                makerMovable = false;
            }
        }
        long takerSeller = taker.side() == Side.BUY ? 0 : -1;
        long takerBought = takerSeller == 0 ? quantity : -quantity;
        PositionTrade.trade(takerPosition, takerBought, takerSeller == 0 ? quote : -quote);
        PositionTrade.trade(makerPosition, -takerBought, takerSeller == 0 ? -quote : quote);
        // the market's fee rule, applied to the fill's quote in collateral units
        long takerFee = book.fillAmounts.takerFee(quote);
        long makerFee = book.fillAmounts.makerFee(quote);
        takerPosition.account.collateral -= takerFee;
        makerPosition.account.collateral -= makerFee;
        ledger.fees().collateral += takerFee + makerFee;
        long booked = ledger.orderResting(maker, maker.size - maker.filled);
        if (taker.liquidation) {
            Liquidator.chargeLiquidationFee(state, takerPosition.account, book, quote);
        }
        // The sizes and the maker's side after the fill, from what was read before it (trade's sums were
        // checked, the booking moved the maker's side by `booked`; the taker's order sides did not move):
        // the budget's move then waits on none of the stores above.
        long makerSideAfter = maker.side() == Side.BUY ? Math.max(makerBuys + booked, makerSells)
                : Math.max(makerBuys, makerSells + booked);
        filled(takerPosition, headroom.moveByFill(takerPosition, takerMovable, takerSeller, quantity, valued, quote,
                takerFee, takerSize, takerSize + takerBought, takerSide, takerSide));
        filled(makerPosition, headroom.moveByFill(makerPosition, makerMovable, ~takerSeller, quantity, valued, quote,
                makerFee, makerSize, makerSize - takerBought, makerSide, makerSideAfter));
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
