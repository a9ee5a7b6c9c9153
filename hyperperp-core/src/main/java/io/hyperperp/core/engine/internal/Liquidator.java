package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.risk.RiskEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Liquidates accounts below maintenance margin, in a fixed order.
 *
 * <p>Which accounts: after every command, the accounts whose equity or positions changed (fills,
 * funding, transfers) and, for each market whose mark moved, the positions its liquidation index
 * says the mark crossed (the index's keys stay safe for accounts in several markets: see
 * {@link MarginLedger}'s re-keying). Candidates are
 * visited by account number (the order the engine first saw them); the exact check decides.
 *
 * <p>How, per account: (1) an {@code ACCOUNT_LIQUIDATED} event; (2) its resting orders in margined
 * markets are cancelled ({@code liquidation}), oldest first, then its untriggered stop and
 * take-profit orders in margined markets, oldest first; (3) each position, by market id, is closed by a
 * reduce-only IOC order against the book, limited to the mark ∓ the market's max_slippage_bps,
 * paying liquidation_fee_bps of each fill (at most the remaining equity) to the insurance fund;
 * (4) what is left is taken over by the insurance fund at the bankruptcy price (the price that
 * leaves the account's equity at zero) if the fund's equity covers the loss; (5) otherwise the
 * remainder is auto-deleveraged into the opposite positions ranked by unrealised PnL, highest
 * first (ties: account number), at the bankruptcy price; (6) a deficit left after the book
 * absorbed everything is paid by the insurance fund. After a mark update's liquidations, the
 * fund offers what it took over in that market back to the book ({@link #unwindFund}).
 */
final class Liquidator {

    private final EngineState state;
    private final MarginLedger ledger;
    private final OrderEntry entry;
    private final ConditionalOrders conditionals;
    /** Markets whose mark moved during the current command. */
    private final List<OrderBook> markMoves = new ArrayList<>();
    /** Scratch lists, reused so that a command with fills allocates nothing here. */
    private final List<MarginAccount> candidates = new ArrayList<>();
    private final List<MarginPosition> crossed = new ArrayList<>();
    private final List<OrderBook> unwind = new ArrayList<>();
    /** Markets where the fund took a position over in this command: their book is already drained. */
    private final List<OrderBook> takenOver = new ArrayList<>();
    private static final Comparator<MarginAccount> BY_NUMBER = Comparator.comparingLong(a -> a.number);

    Liquidator(EngineState state, OrderEntry entry, ConditionalOrders conditionals) {
        this.state = state;
        this.ledger = state.ledger;
        this.entry = entry;
        this.conditionals = conditionals;
    }

    void markMoved(OrderBook book) {
        ledger.headroom.priceMoved(book);
        if (!markMoves.contains(book)) {
            markMoves.add(book);
        }
        ledger.liquidatorPending = true;
    }

    /** True when a mark moved or an account waits for a maintenance check. */
    boolean pending() {
        return ledger.liquidatorPending;
    }

    /** Checks the candidates once and liquidates those below maintenance. */
    void runOnce() {
        ledger.liquidatorPending = false; // what this run's liquidations queue sets it again
        candidates.clear();
        if (!markMoves.isEmpty()) {
            ledger.keys.refresh();
            crossed.clear();
            for (OrderBook book : markMoves) {
                book.margin.crossedBy(MarginMath.price(book), crossed);
            }
            unwind.addAll(markMoves);
            markMoves.clear();
            for (MarginPosition p : crossed) {
                // A crossed market may have used more than its share of the slack: the account's
                // keys in its other markets are no longer safe, so it is re-keyed whatever the check says.
                ledger.keys.restale(p.account);
                if (!p.account.checkPending) {
                    p.account.checkPending = true;
                    candidates.add(p.account);
                }
            }
        }
        for (MarginAccount account : ledger.toCheck) {
            if (account.checkPending) {
                candidates.add(account);
            }
        }
        ledger.toCheck.clear();
        for (MarginAccount account : candidates) {
            account.checkPending = false;
        }
        if (candidates.size() == 2) {
            // the usual case, a fill's taker and maker: no comparator machinery for two
            if (candidates.get(0).number > candidates.get(1).number) {
                candidates.set(1, candidates.set(0, candidates.get(1)));
            }
        } else if (candidates.size() > 2) {
            candidates.sort(BY_NUMBER);
        }
        ledger.candidatesChecked += candidates.size();
        for (int i = 0; i < candidates.size(); i++) {
            MarginAccount account = candidates.get(i);
            if (ledger.belowMaintenance(account)) {
                liquidate(account);
            }
        }
        candidates.clear();
        for (int i = 0; i < unwind.size(); i++) {
            unwindFund(unwind.get(i));
        }
        unwind.clear();
        takenOver.clear();
    }

    /**
     * After a mark update and its liquidations, the insurance fund offers the position it holds in
     * that market back to the book: a reduce-only IOC within the mark ∓ max_slippage_bps, like a
     * liquidation's close but without its fee. What the book does not take stays with the fund
     * until the next mark update (or until ADL, which ranks the fund's positions like any other). Not
     * in a market where the fund has just taken a position over: the liquidation's own close has
     * just found no more bids or asks within the same band.
     */
    private void unwindFund(OrderBook book) {
        MarginAccount fund = ledger.existingInsurance();
        MarginPosition p = fund == null ? null : fund.find(book.marketId);
        if (p == null || p.size == 0 || takenOver.contains(book)) {
            return;
        }
        ledger.unwinding = true;
        try {
            entry.place(closeOrder(p), 0);
        } finally {
            ledger.unwinding = false;
        }
    }

    private void liquidate(MarginAccount account) {
        long equity;
        long maintenance;
        try {
            equity = MarginMath.equity(account);
            maintenance = MarginMath.maintenance(account);
        } catch (ArithmeticException e) {
            equity = Long.MIN_VALUE;
            maintenance = Long.MAX_VALUE;
        }
        state.emitRisk(new RiskEvent(RiskEvent.Kind.ACCOUNT_LIQUIDATED, account.address(), RiskEvent.NO_MARKET, 0,
                0, equity, maintenance, null, null, account.collateral));
        Order order = account.user.firstOrder;
        while (order != null) {
            Order next = order.userNext;
            if (order.book.margined) {
                state.cancelResting(order, CancelReason.LIQUIDATION, true);
            }
            order = next;
        }
        // Untriggered stops and take-profits are orders too: left armed, one could reopen the
        // position the liquidation is closing the moment it fires.
        conditionals.cancelForLiquidation(account.user);
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            if (p.size != 0) {
                closeOnBook(p);
            }
        }
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            if (p.size != 0) {
                takeOver(p);
            }
        }
        if (account.openPositions == 0 && account.collateral < 0) {
            MarginAccount insurance = ledger.insurance();
            long deficit = -account.collateral;
            insurance.collateral -= deficit;
            account.collateral = 0;
            ledger.changed(insurance);
            state.emitRisk(new RiskEvent(RiskEvent.Kind.TAKEOVER, account.address(), RiskEvent.NO_MARKET, 0, 0,
                    -deficit, 0, insurance.address(), null, account.collateral));
        }
    }

    /** Closes the position on the book as far as it goes, each fill paying the liquidation fee. */
    private void closeOnBook(MarginPosition p) {
        PlaceOrder close = closeOrder(p);
        state.liquidating = true;
        try {
            entry.place(close, 0);
        } finally {
            state.liquidating = false;
        }
    }

    /** A reduce-only IOC order for the whole position, limited to the mark ∓ max_slippage_bps. */
    private PlaceOrder closeOrder(MarginPosition p) {
        OrderBook book = p.book;
        MarketSpec spec = book.spec;
        long mark = MarginMath.price(book);
        Side side = p.size > 0 ? Side.SELL : Side.BUY;
        long tick = spec.tickSize();
        long limit;
        if (side == Side.SELL) {
            long bound = mark - io.hyperperp.core.decimal.FixedPoint.mulDivFloor(mark, spec.maxSlippageBps(),
                    MarketSpec.BPS);
            limit = Math.max(tick, Math.ceilDiv(bound, tick) * tick);
        } else {
            long bound = mark + io.hyperperp.core.decimal.FixedPoint.mulDivFloor(mark, spec.maxSlippageBps(),
                    MarketSpec.BPS);
            limit = Math.max(tick, bound / tick * tick);
        }
        long size = Math.min(Math.abs(p.size), spec.maxSize() / spec.lotSize() * spec.lotSize());
        return new PlaceOrder(state.now, p.account.address(), book.marketId, side, OrderType.LIMIT,
                TimeInForce.IOC, limit, size, null, true, StpMode.NONE, PlaceOrder.NO_EXPIRY);
    }

    /** Hands the rest of a position to the insurance fund, or to ADL if the fund cannot cover it. */
    private void takeOver(MarginPosition p) {
        MarginAccount account = p.account;
        long equity = MarginMath.equity(account);
        long pay = Math.subtractExact(MarginMath.value(p), equity);
        long size = p.size;
        MarginAccount insurance = ledger.insurance();
        long price = bankruptcyPrice(p, pay);
        if (insurance != account && (equity >= 0 || MarginMath.equity(insurance) + equity >= 0)) {
            transfer(p, insurance.in(p.book, ledger.headroom), size, pay);
            if (!takenOver.contains(p.book)) {
                takenOver.add(p.book);
            }
            state.emitRisk(new RiskEvent(RiskEvent.Kind.TAKEOVER, account.address(), p.book.marketId, -size, price,
                    -pay, 0, insurance.address(), null, account.collateral));
            return;
        }
        List<MarginPosition> opposite = new ArrayList<>();
        for (MarginPosition h : p.book.margin.holders) {
            if (h != p && (h.size > 0) != (size > 0)) {
                opposite.add(h);
            }
        }
        opposite.sort(Comparator.comparingLong((MarginPosition h) -> MarginMath.value(h) - h.entryCost).reversed()
                .thenComparingLong(h -> h.account.number));
        long remaining = Math.abs(size);
        long total = remaining;
        long paid = 0;
        for (MarginPosition h : opposite) {
            if (remaining == 0) {
                break;
            }
            long quantity = Math.min(Math.abs(h.size), remaining);
            remaining -= quantity;
            long part = remaining == 0 ? pay - paid : MarginMath.scaleTowardZero(pay, quantity, total);
            paid += part;
            long moved = size > 0 ? quantity : -quantity;
            transfer(p, h, moved, part);
            state.emitRisk(new RiskEvent(RiskEvent.Kind.ADL, h.account.address(), p.book.marketId, moved, price,
                    part, 0, account.address(), null, h.account.collateral));
        }
    }

    /** Moves {@code size} (signed as the giver holds it) from {@code from} to {@code to} for {@code pay}. */
    private void transfer(MarginPosition from, MarginPosition to, long size, long pay) {
        ledger.trade(to, size, pay);
        ledger.trade(from, -size, -pay);
        state.positionMoved(to.account.user);
        state.positionMoved(from.account.user);
        ledger.changed(to.account);
        ledger.changed(from.account);
    }

    /** |pay| / |size| as a price (rounded down), for the event. */
    private static long bankruptcyPrice(MarginPosition p, long pay) {
        BigInteger numerator = BigInteger.valueOf(pay).abs().multiply(p.book.scale.unitsPerCollateral());
        BigInteger denominator = BigInteger.valueOf(Math.abs(p.size))
                .multiply(BigInteger.valueOf(p.book.scale.multiplier()));
        return numerator.divide(denominator).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** liquidation_fee_bps of a liquidation fill to the insurance fund, at most the remaining equity. */
    static void chargeLiquidationFee(EngineState state, MarginAccount account, OrderBook book, long quote) {
        long fee = FixedPoint.mulDivCeil(quote, book.spec.risk().liquidationFeeBps(), MarketSpec.BPS);
        long equity;
        try {
            equity = MarginMath.equity(account);
        } catch (ArithmeticException e) {
            equity = 0;
        }
        fee = Math.min(fee, Math.max(0, equity));
        MarginAccount insurance = state.ledger.insurance();
        account.collateral -= fee;
        insurance.collateral += fee;
        state.emitRisk(new RiskEvent(RiskEvent.Kind.LIQUIDATION_FEE,
                account.address(), book.marketId, 0, 0, fee, 0, insurance.address(),
                Long.toString(state.tradeCounter), account.collateral));
    }
}
