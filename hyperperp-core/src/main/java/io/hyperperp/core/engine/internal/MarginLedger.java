package io.hyperperp.core.engine.internal;

import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.risk.RiskSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collateral side of the engine: accounts, the insurance fund and fee accounts, the pre-trade
 * margin check and the booking of fills. Lives in {@link EngineState}; the matching hot path calls
 * it once before an order enters ({@link #admits}) and once per fill ({@link #onFill}).
 *
 * <p>Accounting: a fill moves its quote amount ⌊price × size⌋ (collateral units) from buyer to
 * seller. A position's entry cost grows by that amount when the fill opens or increases it, and
 * shrinks pro rata (rounded toward zero) when the fill reduces it; collateral changes by the
 * difference, which is the realised PnL. So Σ (collateral − entry costs) over all accounts equals
 * Σ deposits − Σ withdrawals exactly at every command.
 */
public final class MarginLedger {

    final RiskSettings settings;
    private final EngineState state;
    final Set<String> depositIds = new HashSet<>();
    long accountCounter;
    /** The collateral settings. */
    public RiskSettings settings() {
        return settings;
    }

    /** Σ deposits − Σ withdrawals. */
    long netDeposits;
    MarginAccount insurance;
    MarginAccount fees;

    /** Accounts to check against maintenance after the current command. */
    final List<MarginAccount> toCheck = new ArrayList<>();
    /** Accounts whose liquidation-index keys are stale. */
    final List<MarginAccount> stale = new ArrayList<>();
    /** Accounts with positions in two or more margined markets. */
    final Set<MarginAccount> multiMarket = new HashSet<>();

    MarginLedger(EngineState state, RiskSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    /** The account of a user, created on first use. */
    MarginAccount account(UserAccount user) {
        MarginAccount account = user.margin;
        if (account == null) {
            boolean system = user.address.equals(settings.insuranceAddress())
                    || user.address.equals(settings.feeAddress());
            account = new MarginAccount(user, ++accountCounter, system);
            user.margin = account;
        }
        return account;
    }

    MarginAccount insurance() {
        if (insurance == null) {
            insurance = account(state.user(settings.insuranceAddress()));
        }
        return insurance;
    }

    MarginAccount fees() {
        if (fees == null) {
            fees = account(state.user(settings.feeAddress()));
        }
        return fees;
    }

    // ---- pre-trade check ----------------------------------------------------------------------

    /**
     * The pre-trade check of an order in a margined market: null if it may enter, else the reason.
     * The order is counted as resting at {@code price} for its whole size; it passes if the margin
     * used afterwards is within equity, or if it does not raise the margin used (reduce-only and
     * position-reducing orders).
     */
    RejectReason admits(UserAccount user, OrderBook book, Side side, long price, long size) {
        MarginAccount account = account(user);
        if (account.system) {
            return RejectReason.SYSTEM_ACCOUNT;
        }
        MarginPosition p = account.in(book);
        try {
            long notional = book.scale.ceil(price, size);
            long equity = MarginMath.equity(account);
            if (MarginMath.marginBound(account, p, side, notional) <= equity) {
                return null;
            }
            long before = MarginMath.marginUsed(account);
            addOrder(p, side, size, notional);
            long after;
            try {
                after = MarginMath.marginUsed(account);
            } finally {
                addOrder(p, side, -size, -notional);
            }
            if (after > before && after > equity) {
                return RejectReason.INSUFFICIENT_MARGIN;
            }
            return null;
        } catch (ArithmeticException e) {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
    }

    /**
     * The pre-trade check of an amend: the order counted at its new price and open size instead of
     * its current ones. Null if it may go ahead.
     */
    RejectReason admitsAmend(Order order, long newPrice, long newOpen) {
        MarginAccount account = account(order.user);
        MarginPosition p = account.in(order.book);
        try {
            long notional = order.book.scale.ceil(newPrice, newOpen);
            long equity = MarginMath.equity(account);
            if (MarginMath.marginBound(account, p, order.side, Math.max(0, notional - order.marginNotional)) <= equity) {
                return null;
            }
            long before = MarginMath.marginUsed(account);
            long openDelta = newOpen - order.marginOpen;
            long notionalDelta = notional - order.marginNotional;
            addOrder(p, order.side, openDelta, notionalDelta);
            long after;
            try {
                after = MarginMath.marginUsed(account);
            } finally {
                addOrder(p, order.side, -openDelta, -notionalDelta);
            }
            if (after > before && after > equity) {
                return RejectReason.INSUFFICIENT_MARGIN;
            }
            return null;
        } catch (ArithmeticException e) {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
    }

    private static void addOrder(MarginPosition p, Side side, long open, long notional) {
        if (side == Side.BUY) {
            p.buyOpen = Math.addExact(p.buyOpen, open);
            p.buyNotional = Math.addExact(p.buyNotional, notional);
        } else {
            p.sellOpen = Math.addExact(p.sellOpen, open);
            p.sellNotional = Math.addExact(p.sellNotional, notional);
        }
    }

    /** Brings the account's order totals in line with what the order now has resting. */
    void orderResting(Order order, long open) {
        long notional = open == 0 ? 0 : order.book.scale.ceil(order.price, open);
        if (open == order.marginOpen && notional == order.marginNotional) {
            return;
        }
        MarginPosition p = account(order.user).in(order.book);
        addOrder(p, order.side, open - order.marginOpen, notional - order.marginNotional);
        order.marginOpen = open;
        order.marginNotional = notional;
    }

    // ---- fills -------------------------------------------------------------------------------

    /** Books a fill in a margined market: quote leg, entry costs, trading fees, liquidation fee. */
    void onFill(OrderBook book, Order taker, Order maker, long price, long quantity) {
        long quote = book.scale.floor(price, quantity);
        MarginPosition takerPosition = account(taker.user).in(book);
        MarginPosition makerPosition = account(maker.user).in(book);
        trade(takerPosition, taker.side == Side.BUY ? quantity : -quantity, taker.side == Side.BUY ? quote : -quote);
        trade(makerPosition, maker.side == Side.BUY ? quantity : -quantity, maker.side == Side.BUY ? quote : -quote);
        long takerFee = MarginMath.fee(quote, book.spec.takerFeeBps());
        long makerFee = MarginMath.fee(quote, book.spec.makerFeeBps());
        takerPosition.account.collateral -= takerFee;
        makerPosition.account.collateral -= makerFee;
        fees().collateral += takerFee + makerFee;
        orderResting(maker, maker.size - maker.filled);
        if (taker.liquidation) {
            chargeLiquidationFee(takerPosition.account, book, quote);
        }
        changed(takerPosition.account);
        changed(makerPosition.account);
    }

    /** liquidation_fee_bps of a liquidation fill to the insurance fund, at most the remaining equity. */
    private void chargeLiquidationFee(MarginAccount account, OrderBook book, long quote) {
        long fee = io.hyperperp.core.decimal.FixedPoint.mulDivCeil(quote, book.spec.risk().liquidationFeeBps(),
                io.hyperperp.core.market.MarketSpec.BPS);
        long equity;
        try {
            equity = MarginMath.equity(account);
        } catch (ArithmeticException e) {
            equity = 0;
        }
        fee = Math.min(fee, Math.max(0, equity));
        MarginAccount insurance = insurance();
        account.collateral -= fee;
        insurance.collateral += fee;
        state.emitRisk(new io.hyperperp.core.risk.RiskEvent(io.hyperperp.core.risk.RiskEvent.Kind.LIQUIDATION_FEE,
                account.address(), book.marketId, 0, 0, fee, 0, insurance.address(),
                Long.toString(state.tradeCounter), account.collateral));
    }

    /**
     * Moves {@code quantity} (signed: positive buys) into a position for {@code quote} (signed like
     * the quantity: what the account pays), keeping entry cost and collateral consistent.
     */
    void trade(MarginPosition p, long quantity, long quote) {
        long size = p.size;
        long updated = Math.addExact(size, quantity);
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
        MarginBook book = p.book.margin;
        if (size == 0 && updated != 0) {
            book.addHolder(p);
            if (++p.account.openPositions == 2) {
                multiMarket.add(p.account);
            }
        } else if (size != 0 && updated == 0) {
            book.removeHolder(p);
            book.unindex(p);
            if (p.account.openPositions-- == 2) {
                multiMarket.remove(p.account);
            }
        }
    }

    /** Queues an account whose equity or positions changed: maintenance check, index refresh. */
    void changed(MarginAccount account) {
        if (!account.checkPending) {
            account.checkPending = true;
            toCheck.add(account);
        }
        if (!account.dirty) {
            account.dirty = true;
            stale.add(account);
        }
    }

    /** Re-keys every queued account in the liquidation index of each of its markets. */
    void refreshIndex() {
        for (MarginAccount account : stale) {
            account.dirty = false;
            reindex(account);
        }
        stale.clear();
    }

    private void reindex(MarginAccount account) {
        try {
            long equity = MarginMath.equity(account);
            long maintenance = MarginMath.maintenance(account);
            for (int i = 0; i < account.marketCount; i++) {
                MarginPosition p = account.markets[i];
                if (p.size != 0) {
                    p.book.margin.reindex(p, equity - MarginMath.value(p), maintenance - MarginMath.maintenance(p));
                }
            }
        } catch (ArithmeticException e) {
            // Values too large to key: checked directly after the command instead.
            if (!account.checkPending) {
                account.checkPending = true;
                toCheck.add(account);
            }
        }
    }

    /** Σ (collateral − entry costs) over all accounts; equals {@link #netDeposits} at every command. */
    public long conservedTotal() {
        long total = 0;
        for (UserAccount user : state.users.values()) {
            MarginAccount a = user.margin;
            if (a != null) {
                total = Math.addExact(total, a.collateral);
                for (int i = 0; i < a.marketCount; i++) {
                    total = Math.subtractExact(total, a.markets[i].entryCost);
                }
            }
        }
        return total;
    }

    /** Σ deposits − Σ withdrawals. */
    public long netDeposits() {
        return netDeposits;
    }
}
