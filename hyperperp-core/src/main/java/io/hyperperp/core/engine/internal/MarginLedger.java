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
 * it once before an order enters ({@link #admits}) and once per fill ({@link MarginFills#onFill}).
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
    /** Accounts the liquidator has checked exactly so far (a diagnostic; not in snapshots). */
    long candidatesChecked;
    /** Orders the starts of exact totals at a crossing of {@link MarginMath#MAX_WALKED_ORDERS} have visited (a diagnostic; not in snapshots). */
    long exactStartVisits;
    /** Set while the insurance fund's unwinding order is placed. */
    boolean unwinding;
    /**
     * How many users have more than {@link MarginMath#MAX_WALKED_ORDERS} open orders, so keep exact
     * totals ({@link MarginExactTotals#kept}): while none does, a booking need not read the order's user.
     */
    int exactKeptUsers;

    /** Accounts to check against maintenance after the current command. */
    final List<MarginAccount> toCheck = new ArrayList<>();
    /**
     * Set when an account or a moved mark waits for the liquidator, so that the engine's check
     * after each command is one read (false only when nothing can be pending).
     */
    boolean liquidatorPending;
    /** The liquidation index's keys, re-computed lazily. */
    final LiquidationKeys keys = new LiquidationKeys(this);
    /** Each account's headroom, which lets most orders through and proves most accounts solvent. */
    final MarginHeadroom headroom = new MarginHeadroom();
    /** The booking of fills, which the matcher calls once per fill in a margined market. */
    final MarginFills fills;
    /** The position the last pre-trade check of a new order was for, which its booking asks again. */
    private MarginPosition admitted;
    /** Its user, so that the booking recognises it without a hop to the account. */
    private UserAccount admittedUser;
    /** The last notional computed, with its operands. */
    private OrderBook memoBook;
    private long memoPrice = -1;
    private long memoSize;
    private long memoNotional;

    MarginLedger(EngineState state, RiskSettings settings) {
        this.state = state;
        this.settings = settings;
        this.fills = new MarginFills(state, this);
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

    /**
     * The insurance fund's account if it exists, without creating it. The field is filled lazily, so
     * an engine restored from an image finds the account through its user rather than the field.
     */
    MarginAccount existingInsurance() {
        if (insurance == null) {
            UserAccount user = state.existingUser(settings.insuranceAddress());
            if (user != null && user.margin != null) {
                insurance = user.margin;
            }
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
     * position-reducing orders). The budget is asked for its notional at its price bound, which is
     * what it books; the exact check, when the budget does not cover, counts it at its price. The
     * open-value guard is asked at the bound, which covers every price of the order's cell.
     */
    RejectReason admits(UserAccount user, OrderBook book, Side side, long price, long size) {
        MarginPosition p = user.marginEntry;
        if (p == null || p.book != book) {
            MarginAccount account = account(user);
            if (account.system) {
                // the fund's own reduce-only unwinding is the one order a system account places
                return unwinding && account.address().equals(settings.insuranceAddress())
                        ? null : RejectReason.SYSTEM_ACCOUNT;
            }
            p = account.in(book, headroom);
            if (user.marginEntry == null) {
                user.marginEntry = account.budgetEntry;
            }
        }
        admitted = p;
        admittedUser = user;
        try {
            long bound = MarginMath.priceBound(price);
            long notional = notional(book, bound, size);
            boolean reduces = side == Side.BUY ? p.size < 0 && size <= -p.size : p.size > 0 && size <= p.size;
            if (!reduces && !book.margin.openValueFits(book.scale, Math.max(bound, MarginMath.price(book)), size)) {
                return RejectReason.AMOUNT_TOO_LARGE;
            }
            if (headroom.covers(p, notional)) {
                return null;
            }
            return MarginMath.exactCheck(p, side, size, book.scale.ceil(price, size));
        } catch (ArithmeticException e) {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
    }

    /**
     * The pre-trade check of an amend, and its booking: the order counted at its new price and open
     * size instead of its current ones. Null if it may go ahead, in which case the account's order
     * totals and headroom already hold the order at {@code newPrice} for {@code newOpen} (the
     * engine's {@link #orderResting} for the amended order then finds nothing to change), else the
     * reason, with nothing changed.
     *
     * <p>An order's margin is booked at its price bound ({@link MarginMath#priceBound}), the top of
     * its price's cell, so the common amend, a new price in the same cell for the same open size,
     * changes nothing that is booked: the side totals already hold the order at the bound, an upper
     * bound of its notional anywhere in the cell. A fall cannot raise the margin used; a rise cannot
     * take it above equity while the account's budget is valid (equity is at least the margin bound
     * of the totals, which hold the rise already). So it passes from the order's own fields, and for
     * a rise the budget's validity (while every account's budget is valid, {@link MarginHeadroom#allCurrent},
     * without reading the account's entry), and writes no margin data; the open-value guard is not asked
     * again inside the cell (docs/risk.md). An account with more than
     * {@link MarginMath#MAX_WALKED_ORDERS} open orders also moves its exact totals by the amend's
     * exact delta ({@link MarginExactTotals#moved}: two products, no check). Any other amend takes
     * {@link #rebook}.
     */
    RejectReason admitsAmend(Order order, long newPrice, long newOpen) {
        long price = order.price;
        if (newOpen == order.marginOpen && MarginMath.sameCell(price, newPrice)
                && (headroom.fallOrAllCurrent(price, newPrice) || headroom.reserves(position(order)))) {
            if (exactKeptUsers != 0 && MarginExactTotals.kept(order.user)) {
                MarginExactTotals.moved(this, order, newPrice);
            }
            return null;
        }
        return rebook(order, newPrice, newOpen);
    }

    /**
     * An amend that leaves its price's cell or changes the open size: checked and booked as one
     * delta, the old contribution out and the new one in. Whether it may raise the margin used is
     * decided from the exact notionals (an amend that grows neither the open size nor the exact
     * notional cannot: each side's excess, notional × (open − reducible) / open, only falls when
     * both fall); if it may, the budget is asked for the rise at the bound, else the exact check
     * decides. The totals move by the notional at the bound, and an account's kept exact totals
     * ({@link MarginExactTotals}) by the exact delta.
     */
    private RejectReason rebook(Order order, long newPrice, long newOpen) {
        MarginPosition p = position(order);
        OrderBook book = order.book;
        long bounded;
        try {
            long bound = MarginMath.priceBound(newPrice);
            bounded = book.scale.ceil(bound, newOpen);
            // the guard at the new bound, when the open size or the bound rises
            long price = Math.max(bound, MarginMath.price(book));
            if (newOpen > order.marginOpen
                    && !book.margin.openValueFits(book.scale, price, newOpen - order.marginOpen)
                    || bound > MarginMath.priceBound(order.price) && !book.margin.openValueFits(book.scale, price, 0)) {
                return RejectReason.AMOUNT_TOO_LARGE;
            }
            long openDelta = newOpen - order.marginOpen;
            long exactDelta = book.scale.ceil(newPrice, newOpen) - book.scale.ceil(order.price, order.marginOpen);
            long boundDelta = bounded - order.marginNotional;
            long extra = Math.max(0, boundDelta);
            // One that grows is admitted if the budget covers its rise at the bound (and the budget
            // pays for it), else by the exact check (and the budget no longer bounds the headroom).
            // One that does not grow may still rise at the bound (a new cell): the budget pays if it
            // can, else it ends.
            boolean grows = openDelta > 0 || exactDelta > 0;
            boolean covered = (grows || extra > 0) && headroom.covers(p, extra);
            if (grows && !covered) {
                RejectReason reason = MarginMath.exactCheck(p, order.side(), openDelta, exactDelta);
                if (reason != null) {
                    return reason;
                }
            }
            p.addOrder(order.side(), openDelta, boundDelta);
            if (MarginExactTotals.kept(order.user)) {
                MarginExactTotals.add(p, order.side(), exactDelta);
            }
            if (covered) {
                headroom.take(p, extra);
            } else if (extra > 0) {
                headroom.invalidate(p);
            }
        } catch (ArithmeticException e) {
            return RejectReason.AMOUNT_TOO_LARGE;
        }
        order.marginOpen = newOpen;
        order.marginNotional = bounded;
        return null;
    }

    /** ⌈price × size⌉ in collateral units; remembers the last one, which the order's booking asks again. */
    private long notional(OrderBook book, long price, long size) {
        if (price != memoPrice || size != memoSize || book != memoBook) {
            memoNotional = book.scale.ceil(price, size);
            memoBook = book;
            memoPrice = price;
            memoSize = size;
        }
        return memoNotional;
    }

    /**
     * Brings the account's order totals in line with what the order now has resting, its notional
     * at its price bound ({@link MarginMath#priceBound}), and the kept exact totals
     * ({@link MarginExactTotals}) at its price, which is the one it was booked at: an amend books its
     * new price before it writes it.
     *
     * @return what the order's side notional moved by (0 when nothing changed), so that a fill can
     *         know the maker's side totals after its booking without reading them back
     */
    long orderResting(Order order, long open) {
        long notional = open == 0 ? 0 : notional(order.book, MarginMath.priceBound(order.price), open);
        long notionalDelta = notional - order.marginNotional;
        if (open == order.marginOpen && notionalDelta == 0) {
            return 0;
        }
        MarginPosition p = position(order);
        p.addOrder(order.side(), open - order.marginOpen, notionalDelta);
        if (exactKeptUsers != 0 && MarginExactTotals.kept(order.user)) {
            QuoteScale scale = order.book.scale;
            MarginExactTotals.add(p, order.side(), scale.ceil(order.price, open) - scale.ceil(order.price, order.marginOpen));
        }
        if (notionalDelta > 0) {
            headroom.spend(p, notionalDelta);
        }
        order.marginOpen = open;
        order.marginNotional = notional;
        return notionalDelta;
    }

    /**
     * The order's position entry, remembered on the order: the one its pre-trade check just used,
     * or looked up once.
     */
    MarginPosition position(Order order) {
        MarginPosition p = order.marginPosition;
        if (p == null) {
            p = admitted;
            if (p == null || p.book != order.book || admittedUser != order.user) {
                p = account(order.user).in(order.book, headroom);
            }
            order.marginPosition = p;
        }
        return p;
    }

    /**
     * True when the account is below its maintenance margin (overflow counts as below). A valid
     * headroom is never negative and the margin bound is at least the maintenance margin, so an
     * account with one is solvent; the check that finds it solvent leaves one for the next order.
     */
    boolean belowMaintenance(MarginAccount account) {
        if (account.system || account.openPositions == 0 || headroom.valid(account)) {
            return false;
        }
        try {
            return !headroom.refresh(account) && MarginMath.equity(account) < MarginMath.maintenance(account);
        } catch (ArithmeticException e) {
            return true;
        }
    }

    // ---- fills ({@link MarginFills} books them) ------------------------------------------------

    /** {@link PositionTrade#trade}, for the liquidator's takeovers and the snapshot's restore. */
    void trade(MarginPosition p, long quantity, long quote) {
        PositionTrade.trade(p, quantity, quote);
    }

    /** Queues an account whose equity or positions changed: maintenance check, index refresh. */
    void changed(MarginAccount account) {
        headroom.invalidate(account);
        queueCheck(account);
        keys.restale(account);
    }

    /** Queues an account for a maintenance check after the current command. */
    void queueCheck(MarginAccount account) {
        if (!account.checkPending) {
            account.checkPending = true;
            toCheck.add(account);
            liquidatorPending = true;
            state.settleWork = true;
        }
    }

    /** Σ (collateral − entry costs) over all accounts; equals {@link #netDeposits} at every command. */
    public long conservedTotal() {
        long total = 0;
        for (int id = 0; id < state.userCount(); id++) {
            MarginAccount a = state.userById(id).margin;
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
