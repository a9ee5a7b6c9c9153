package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.risk.RiskEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The headroom a fill moves incrementally ({@link MarginHeadroom#moveByFill}) against a fresh recomputation
 * ({@link MarginMath#headroom}) over sequences of fills.
 *
 * <p>Numbers as in the risk fixture: 2 price decimals, 0 size decimals, 2 collateral decimals, imr
 * 1%, mmr 0.5%, default leverage 10; here with a 0.05% maker and a 0.10% taker fee, so that fees
 * are part of what a fill moves.
 */
class MarginHeadroomTest {

    private static final long M = MarginTestEngine.M;

    private final MarginTestEngine engine = new MarginTestEngine();
    private final EngineState state = engine.state;
    private long clock = 1_000;

    private List<EngineEvent> run(Command command) {
        return engine.run(command);
    }

    private MarginAccount account(String user) {
        return state.existingUser(user).margin;
    }

    private static long freshBudget(MarginAccount account) {
        return MarginMath.headroom(account) * account.budgetEntry.budgetDivisor;
    }

    @Test
    void aTakersHeadroomAfterFillsEqualsAFreshRecomputation() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xt", 5_000_00L, "t"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        for (int i = 0; i < 20; i++) {
            run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 99_00 + i * 10, 3));
            run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, 98_00 - i * 10, 3));
        }
        MarginAccount taker = account("0xt");
        // Immediate-or-cancel orders never rest, so nothing is spent from the taker's budget: after
        // each fill it is the fresh headroom less the fill's rounding allowances (at most 4 × D per
        // fill: value, quote, position term, a sell's value), moved without a recomputation.
        for (int i = 0; i < 12; i++) {
            Side side = i % 3 == 2 ? Side.SELL : Side.BUY;
            long limit = side == Side.BUY ? 102_00 : 97_00;
            List<EngineEvent> events = run(PlaceOrder.limit(clock += 10, "0xt", M, side, limit, 4)
                    .withTimeInForce(TimeInForce.IOC));
            assertThat(events).anyMatch(EngineEvent.Fill.class::isInstance);
            assertThat(state.ledger.headroom.valid(taker)).as("valid after fill %d", i).isTrue();
            long divisor = taker.budgetEntry.budgetDivisor; // computed exactly at the first order
            assertThat(taker.budgetEntry.budget).as("budget after fill %d", i)
                    .isBetween(freshBudget(taker) - 4 * divisor * (i + 1), freshBudget(taker));
        }
        assertThat(taker.user.position(M)).isEqualTo(4 * 8 - 4 * 4).isEqualTo(taker.budgetEntry.size);
        // a margined market's position is kept once, on the ledger's entry: the fills wrote no copy to the map
        assertThat(taker.user.positions.containsKey(M)).isFalse();
        // The maker spent its budget on its resting orders: its budget is a lower bound.
        MarginAccount maker = account("0xmm");
        assertThat(state.ledger.headroom.valid(maker)).isTrue();
        assertThat(maker.budgetEntry.budget).isBetween(0L, freshBudget(maker));
    }

    @Test
    void aFillThatLeavesTheAccountBelowMaintenanceStillLiquidatesIt() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xa", 200_00, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 150_00, 10));
        // Margined at its limit (10 × 150.00 / 10 = 150.00 ≤ 200.00) the order passes, with a valid
        // headroom; filled at 150.00 against a mark of 100.00 it loses 500.00 at once.
        List<EngineEvent> events = run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 150_00, 10));
        assertThat(events).anyMatch(e -> e instanceof EngineEvent.Risk risk
                && risk.event().kind() == RiskEvent.Kind.ACCOUNT_LIQUIDATED && risk.event().userAddress().equals("0xa"));
        assertThat(account("0xa").openPositions).isZero();
    }

    @Test
    void withoutAMarkAFlatAccountKeepsItsBudgetWhileTradesMoveThePrice() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xflat", 5_000_00L, "flat"));
        run(new Deposit(clock, "0xt", 5_000_00L, "t"));
        run(PlaceOrder.limit(clock += 10, "0xflat", M, Side.BUY, 90_00, 5)); // rests: flat, budget computed
        MarginAccount flat = account("0xflat");
        assertThat(state.ledger.headroom.valid(flat)).isTrue();
        long budget = flat.budgetEntry.budget;
        for (int i = 0; i < 5; i++) {
            // every trade is the market's price until its first mark
            run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00 + i * 100, 2));
            run(PlaceOrder.limit(clock += 10, "0xt", M, Side.BUY, 100_00 + i * 100, 2));
        }
        MarginAccount taker = account("0xt");
        run(new Deposit(clock, "0xu", 5_000_00L, "u"));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 105_00, 2));
        run(PlaceOrder.limit(clock += 10, "0xu", M, Side.BUY, 105_00, 2)); // moves the price without 0xt
        // a position's value moved with the price: the taker's budget survives only inside its band
        if (state.ledger.headroom.valid(taker)) {
            assertThat(taker.budgetEntry.banded).isTrue();
            assertThat(taker.budgetEntry.budget).isBetween(0L, freshBudget(taker));
        }
        assertThat(state.ledger.headroom.valid(flat)).isTrue();
        assertThat(flat.budgetEntry.budget).isEqualTo(budget).isBetween(0L, freshBudget(flat));
        // its first fill makes it hold a position: the budget moves and is valid at the current price
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 90_00, 5).withTimeInForce(TimeInForce.IOC));
        assertThat(flat.openPositions).isEqualTo(1);
        assertThat(state.ledger.headroom.valid(flat)).isTrue();
        assertThat(flat.budgetEntry.budget).isBetween(0L, freshBudget(flat));
    }

    @Test
    void aMarkInsideEveryBandKeepsTheBudgetAndOneStepOutsideEndsIt() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xlong", 200_00, "long"));
        run(new Deposit(clock, "0xshort", 200_00, "short"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00, 10));
        run(PlaceOrder.limit(clock += 10, "0xlong", M, Side.BUY, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, 100_00, 10));
        run(PlaceOrder.limit(clock += 10, "0xshort", M, Side.SELL, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        MarginAccount longAccount = account("0xlong");
        MarginAccount shortAccount = account("0xshort");
        // the fills left budgets valid at their price only; the first mark move gives them a band
        // around it for half of the budget
        assertThat(longAccount.budgetEntry.banded).isFalse();
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_01));
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(longAccount.budgetEntry.banded).isTrue();
        run(PlaceOrder.limit(clock += 10, "0xlong", M, Side.BUY, 50_00, 1));
        run(PlaceOrder.limit(clock += 10, "0xshort", M, Side.SELL, 150_00, 1));
        MarginPosition longPosition = longAccount.markets[0];
        MarginPosition shortPosition = shortAccount.markets[0];
        assertThat(longAccount.budgetEntry.banded).isTrue();
        assertThat(shortAccount.budgetEntry.banded).isTrue();
        // H ≈ 200 − 100 (margin of the position at 10x) − 5 (the order): half of it is held back,
        // a long of 10 loses it over about 4.75, a short over half that (its margin grows too)
        assertThat(longPosition.cold.bandLow).isBetween(95_00L, 96_00L);
        assertThat(longPosition.cold.bandHigh).isEqualTo(Long.MAX_VALUE);
        assertThat(shortPosition.cold.bandLow).isZero();
        assertThat(shortPosition.cold.bandHigh).isBetween(102_00L, 103_00L);

        long longBudget = longAccount.budgetEntry.budget;
        long shortBudget = shortAccount.budgetEntry.budget;
        for (long mark : new long[] {longPosition.cold.bandLow, shortPosition.cold.bandHigh, 100_00}) {
            run(new UpdateMarkPrice(clock += 10, "0xoracle", M, mark));
            boolean longInside = mark >= longPosition.cold.bandLow;
            boolean shortInside = mark <= shortPosition.cold.bandHigh;
            assertThat(state.ledger.headroom.valid(longAccount)).as("long at %d", mark).isEqualTo(longInside);
            assertThat(state.ledger.headroom.valid(shortAccount)).as("short at %d", mark).isEqualTo(shortInside);
            if (longInside) {
                assertThat(longAccount.budgetEntry.budget).isEqualTo(longBudget).isBetween(0L, freshBudget(longAccount));
            }
            if (shortInside) {
                assertThat(shortAccount.budgetEntry.budget).isEqualTo(shortBudget).isBetween(0L, freshBudget(shortAccount));
            }
        }
        // a fill changes the position the band was computed for: valid at the current prices only
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 50_00, 1));
        assertThat(longPosition.size).isEqualTo(11);
        assertThat(longAccount.budgetEntry.banded).isFalse();
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(longAccount.budgetEntry.budget).isBetween(0L, freshBudget(longAccount));
        // the next price move gives it a band for the new size; one step beyond an edge ends it
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_01));
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(longAccount.budgetEntry.banded).isTrue();
        assertThat(longAccount.budgetEntry.budget).isBetween(0L, freshBudget(longAccount));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, longPosition.cold.bandLow));
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(longAccount.budgetEntry.budget).isBetween(0L, freshBudget(longAccount));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, longPosition.cold.bandLow - 1));
        assertThat(state.ledger.headroom.valid(longAccount)).isFalse();
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, shortPosition.cold.bandHigh + 1));
        assertThat(state.ledger.headroom.valid(shortAccount)).isFalse();
        // and once outside, a price back inside does not bring it back (orders rest without spending it)
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, shortPosition.cold.bandHigh));
        assertThat(state.ledger.headroom.valid(shortAccount)).isFalse();
    }

    /** {@code user} funded with {@code collateral} and long 10 at 100.00 from a fill against 0xmm. */
    private MarginPosition bandedLong(String user, long collateral) {
        run(new Deposit(clock, user, collateral, user));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00, 10));
        run(PlaceOrder.limit(clock += 10, user, M, Side.BUY, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        MarginPosition holder = account(user).budgetEntry;
        assertThat(holder.banded).as("a fill leaves the budget valid at its price only").isFalse();
        return holder;
    }

    @Test
    void anOracleTickInsideTheNarrowestBandLeavesBandedBudgetsValidWithoutARecheck() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        MarginPosition holder = bandedLong("0xlong", 200_00);
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_01));
        assertThat(state.ledger.headroom.valid(account("0xlong"))).isTrue();
        assertThat(holder.banded).isTrue();
        long epoch = holder.headroomEpoch;
        long budget = holder.budget;
        long low = holder.cold.bandLow;
        assertThat(low).isBetween(95_00L, 96_00L);
        // a fill after the band moves 0xb's budget: valid at 100.01 only
        MarginPosition other = bandedLong("0xb", 5_000_00L);
        long exact = other.headroomEpoch;
        for (long mark : new long[] {99_00, low, 100_00}) {
            run(new UpdateMarkPrice(clock += 10, "0xoracle", M, mark));
            // inside the narrowest band: the band epoch stands, the budget is valid as it was
            assertThat(holder.headroomEpoch).as("at %d", mark).isEqualTo(epoch);
            assertThat(state.ledger.headroom.valid(account("0xlong"))).isTrue();
            assertThat(holder.budget).isEqualTo(budget).isBetween(0L, freshBudget(account("0xlong")));
            assertThat(state.ledger.headroom.valid(account("0xb"))).isTrue();
            assertThat(other.budget).isBetween(0L, freshBudget(account("0xb")));
        }
        // 0xb's budget, valid at one price only, could not stand over the tick: it took a band (half of it)
        assertThat(other.banded).isTrue();
        assertThat(other.headroomEpoch).isNotEqualTo(exact).isEqualTo(epoch);
    }

    @Test
    void anOracleTickOutsideTheNarrowestBandRechecksEveryBandedBudget() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        MarginPosition narrow = bandedLong("0xnarrow", 200_00);
        MarginPosition wide = bandedLong("0xwide", 1_000_00L);
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_01));
        assertThat(state.ledger.headroom.valid(account("0xnarrow"))).isTrue();
        assertThat(state.ledger.headroom.valid(account("0xwide"))).isTrue();
        long epoch = wide.headroomEpoch;
        long edge = narrow.cold.bandLow;
        assertThat(wide.cold.bandLow).isLessThan(edge - 1);
        // one step below the narrow long's band, inside the wide one's
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, edge - 1));
        assertThat(state.ledger.headroom.valid(account("0xnarrow"))).isFalse();
        assertThat(state.ledger.headroom.valid(account("0xwide"))).isTrue();
        assertThat(wide.headroomEpoch).as("re-checked at the new band epoch").isNotEqualTo(epoch);
        assertThat(wide.budget).isBetween(0L, freshBudget(account("0xwide")));
        // the narrow long's next order recomputes it, with a band around the new price
        run(PlaceOrder.limit(clock += 10, "0xnarrow", M, Side.SELL, 120_00, 1));
        assertThat(state.ledger.headroom.valid(account("0xnarrow"))).isTrue();
        assertThat(narrow.cold.bandLow).isLessThan(edge - 1);
        assertThat(narrow.budget).isBetween(0L, freshBudget(account("0xnarrow")));
        // back up, inside both bands: both stand with their budgets
        long narrowBudget = narrow.budget;
        long wideBudget = wide.budget;
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        assertThat(state.ledger.headroom.valid(account("0xnarrow"))).isTrue();
        assertThat(state.ledger.headroom.valid(account("0xwide"))).isTrue();
        assertThat(narrow.budget).isEqualTo(narrowBudget);
        assertThat(wide.budget).isEqualTo(wideBudget);
    }

    @Test
    void aMarkInsideTheBandLeavesTheLiquidationKeysQueuedAndOneBelowMaintenanceStillLiquidates() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        MarginPosition holder = bandedLong("0xa", 200_00);
        MarginAccount a = account("0xa");
        assertThat(a.dirty).as("a fill queues the account's keys").isTrue();
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_01));
        // its budget holds at 100.01: solvent at this mark, so not re-keyed (no index entry yet)
        assertThat(state.ledger.headroom.valid(a)).isTrue();
        assertThat(a.dirty).isTrue();
        assertThat(holder.cold.indexSide).isZero();
        // a bid to close against, then a mark far below the band: equity 200 - 10 x 20 < maintenance
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, 79_00, 10));
        List<EngineEvent> events = run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 80_00));
        assertThat(events).anyMatch(e -> e instanceof EngineEvent.Risk risk
                && risk.event().kind() == RiskEvent.Kind.ACCOUNT_LIQUIDATED && risk.event().userAddress().equals("0xa"));
        assertThat(a.openPositions).isZero();
    }

    @Test
    void withoutAMarkAFillsBudgetGetsABandWhenThePriceFirstMoves() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xlong", 200_00, "long"));
        run(new Deposit(clock, "0xu", 5_000_00L, "u"));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00, 10));
        run(PlaceOrder.limit(clock += 10, "0xlong", M, Side.BUY, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        MarginAccount longAccount = account("0xlong");
        MarginPosition holder = longAccount.budgetEntry;
        assertThat(holder.banded).isFalse();
        long budget = holder.budget;
        // another pair trades a little lower: the price moves, the long's budget gets a band around
        // 100.00 for half of it and stays valid without a recomputation
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, 99_50, 2));
        run(PlaceOrder.limit(clock += 10, "0xu", M, Side.SELL, 99_50, 2).withTimeInForce(TimeInForce.IOC));
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(holder.banded).isTrue();
        assertThat(holder.budget).isEqualTo(budget - budget / holder.budgetDivisor / 2 * holder.budgetDivisor)
                .isBetween(0L, freshBudget(longAccount));
        assertThat(holder.cold.bandLow).isBetween(95_00L, 99_50L);
        // at the band's lower edge it still holds; one tick below, it is gone
        long edge = holder.cold.bandLow;
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, edge, 1));
        run(PlaceOrder.limit(clock += 10, "0xu", M, Side.SELL, edge, 1).withTimeInForce(TimeInForce.IOC));
        assertThat(state.ledger.headroom.valid(longAccount)).isTrue();
        assertThat(holder.budget).isBetween(0L, freshBudget(longAccount));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.BUY, edge - 1, 1));
        run(PlaceOrder.limit(clock += 10, "0xu", M, Side.SELL, edge - 1, 1).withTimeInForce(TimeInForce.IOC));
        assertThat(state.ledger.headroom.valid(longAccount)).isFalse();
    }

    @Test
    void randomTradingKeepsEveryValidBudgetWithinItsFreshHeadroom() {
        randomTrading(true);
    }

    @Test
    void randomTradingWithoutAMarkKeepsEveryValidBudgetWithinItsFreshHeadroom() {
        randomTrading(false);
    }

    private void randomTrading(boolean marks) {
        SplittableRandom random = new SplittableRandom(13);
        String[] users = new String[12];
        for (int i = 0; i < users.length; i++) {
            users[i] = "0xu" + i;
            run(new Deposit(clock, users[i], (1_000_00L << (i % 4)), "d" + i));
        }
        if (marks) {
            run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        }
        List<Long> orderIds = new ArrayList<>();
        int validAfterFill = 0;
        int validOverAMove = 0;
        int commandsAllCurrent = 0;
        for (int i = 0; i < 20_000; i++) {
            String user = users[random.nextInt(users.length)];
            int pick = random.nextInt(100);
            long price = 95_00 + random.nextInt(1_000);
            Command command;
            if (pick < 40 || orderIds.isEmpty()) {
                command = PlaceOrder.limit(clock += 10, user, M, random.nextBoolean() ? Side.BUY : Side.SELL, price,
                        1 + random.nextInt(20));
            } else if (pick < 55) {
                command = PlaceOrder.limit(clock += 10, user, M, random.nextBoolean() ? Side.BUY : Side.SELL, price,
                        1 + random.nextInt(20)).withTimeInForce(TimeInForce.IOC);
            } else if (pick < 70) {
                Order order = state.openOrders.get(orderIds.get(random.nextInt(orderIds.size())));
                command = order == null ? markOrCancelAll(marks, user, price)
                        : new CancelOrder(clock += 10, order.user.address, M, order.orderId, null);
            } else if (pick < 97) {
                Order order = state.openOrders.get(orderIds.get(random.nextInt(orderIds.size())));
                command = order == null ? markOrCancelAll(marks, user, price)
                        : AmendOrder.byId(clock += 10, order.user.address, order.orderId, price,
                                1 + random.nextInt(20));
            } else if (pick < 99 || !marks) {
                command = markOrCancelAll(marks, user, price);
            } else {
                command = new UpdateMarkPrice(clock += 10, "0xoracle", M, bandEdge(random, account(user), price));
            }
            boolean priceMoves = command instanceof UpdateMarkPrice;
            Set<MarginAccount> validBefore = new HashSet<>();
            for (String u : users) {
                MarginAccount account = account(u);
                if (priceMoves && account != null && account.openPositions > 0 && state.ledger.headroom.valid(account)) {
                    validBefore.add(account);
                }
            }
            List<EngineEvent> events = run(command);
            Set<String> filled = new HashSet<>();
            for (EngineEvent event : events) {
                if (event instanceof EngineEvent.OrderAccepted accepted) {
                    orderIds.add(accepted.order().orderId());
                } else if (event instanceof EngineEvent.Fill fill) {
                    filled.add(fill.taker().userAddress());
                    filled.add(fill.maker().userAddress());
                }
            }
            boolean allCurrent = allBudgetsCurrent();
            assertThat(state.ledger.headroom.allCurrent()).as("every budget current after command %d", i)
                    .isEqualTo(allCurrent);
            commandsAllCurrent += allCurrent ? 1 : 0;
            // the in-cell amend's one-sign-bit test: a fall, or every budget current, at prices up to the top
            for (long[] prices : new long[][] {{100, 99}, {99, 100}, {Long.MAX_VALUE, 1}, {1, Long.MAX_VALUE}}) {
                assertThat(state.ledger.headroom.fallOrAllCurrent(prices[0], prices[1]))
                        .as("fall %d -> %d or every budget current, after command %d", prices[0], prices[1], i)
                        .isEqualTo(prices[1] < prices[0] || allCurrent);
            }
            for (String u : users) {
                MarginAccount account = account(u);
                if (account != null) {
                    assertTotalsAreTheOrders(account);
                }
                if (account != null && state.ledger.headroom.valid(account)) {
                    assertThat(account.budgetEntry.budget).as("budget of %s after command %d", u, i)
                            .isBetween(0L, freshBudget(account));
                    assertThat(MarginMath.equity(account)).isGreaterThanOrEqualTo(MarginMath.maintenance(account));
                    if (filled.contains(u)) {
                        validAfterFill++;
                    }
                    if (validBefore.contains(account)) {
                        validOverAMove++;
                    }
                }
            }
        }
        assertThat(validAfterFill).as("budgets that stayed valid through a fill").isGreaterThan(1_000);
        // both answers of the count are exercised: every budget current, and some not
        assertThat(commandsAllCurrent).as("commands after which every budget was current").isBetween(100, 19_900);
        if (marks) {
            // accounts passed MarginMath.MAX_WALKED_ORDERS (their exact totals started) more than ten times
            assertThat(state.ledger.exactStartVisits).as("orders visited to start exact totals")
                    .isGreaterThan(10L * (MarginMath.MAX_WALKED_ORDERS + 1));
            assertThat(validOverAMove).as("budgets of positions that stayed valid over a mark move").isGreaterThan(1_000);
        }
    }

    /**
     * Whether every account's budget holder stores a current epoch, walked afresh: what
     * {@link MarginHeadroom#allCurrent} keeps as counts.
     */
    private boolean allBudgetsCurrent() {
        for (int id = 0; id < state.userCount(); id++) {
            MarginAccount account = state.userById(id).margin;
            if (account != null && account.budgetEntry != null && !state.ledger.headroom.current(account.budgetEntry)) {
                return false;
            }
        }
        return true;
    }

    /** A price at or one step beyond an edge of one of the account's bands, else {@code otherwise}. */
    private static long bandEdge(SplittableRandom random, MarginAccount account, long otherwise) {
        if (account == null || !account.budgetEntry.banded || account.openPositions == 0) {
            return otherwise;
        }
        MarginPosition p = account.markets[0];
        long edge = p.size > 0 ? p.cold.bandLow : p.cold.bandHigh;
        long step = p.size > 0 ? -1 : 1;
        long mark = edge + (random.nextBoolean() ? step : 0);
        return mark > 0 && mark < 1_000_000_00L ? mark : otherwise;
    }

    private Command markOrCancelAll(boolean marks, String user, long price) {
        return marks ? new UpdateMarkPrice(clock += 10, "0xoracle", M, price) : new CancelAll(clock += 10, user, M);
    }

    /**
     * The account's order totals (open size and Σ ⌈price bound × open⌉ per side) against its resting
     * orders, summed afresh: an amend books its delta at its check, a crossing one before it trades;
     * and the exact sides (Σ ⌈price × open⌉) the slow paths walk for, or, above
     * {@link MarginMath#MAX_WALKED_ORDERS} open orders, read from the kept totals.
     */
    private static void assertTotalsAreTheOrders(MarginAccount account) {
        int count = 0;
        for (Order o = account.user.firstOrder; o != null; o = o.userNext) {
            count++;
        }
        long[] open = new long[2];
        long[] notional = new long[2];
        long[] exact = new long[2];
        for (Order o = account.user.firstOrder; o != null; o = o.userNext) {
            int side = o.side().ordinal();
            long booked = o.book.scale.ceil(MarginMath.priceBound(o.price), o.size - o.filled);
            open[side] += o.size - o.filled;
            notional[side] += booked;
            exact[side] += o.book.scale.ceil(o.price, o.size - o.filled);
            assertThat(o.marginOpen).as("order %d's booked open size", o.orderId).isEqualTo(o.size - o.filled);
            assertThat(o.marginNotional).as("order %d's booked notional (%d orders)", o.orderId, count)
                    .isEqualTo(booked);
        }
        MarginPosition p = account.find(M);
        if (p != null) {
            assertThat(new long[] {p.buyOpen, p.sellOpen}).as("open sizes of %s", account.address()).isEqualTo(open);
            assertThat(new long[] {p.buyNotional, p.sellNotional}).as("notionals of %s", account.address())
                    .isEqualTo(notional);
            assertThat(new long[] {MarginMath.exactSide(p, Side.BUY), MarginMath.exactSide(p, Side.SELL)})
                    .as("exact notionals of %s (%d orders)", account.address(), count).isEqualTo(exact);
        }
    }

    @Test
    void anAmendIsCheckedAndBookedAsOneDeltaAndASizeOnlyCutNeedsNoCheck() {
        run(new Deposit(clock, "0xa", 1_000_00, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 100_00, 90)); // 9,000.00 at 10x: 900.00 of 1,000.00
        MarginAccount a = account("0xa");
        MarginPosition p = a.budgetEntry;
        Order order = a.user.firstOrder;
        // booked at the price bound 100.15 (the top of 100.00's cell): 9,013.50
        assertThat(MarginMath.priceBound(100_00)).isEqualTo(100_15);
        assertThat(p.buyNotional).isEqualTo(100_15 * 90);
        long budget = p.budget;

        // a price rise into the next cell within the budget: booked at the check, spent once (the
        // rise at the bound + the allowance)
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 101_00, 90)))
                .noneMatch(e -> e instanceof EngineEvent.CommandRejected);
        long bound = MarginMath.priceBound(101_00);
        assertThat(bound).isEqualTo(101_11);
        assertThat(p.buyNotional).isEqualTo(bound * 90);
        assertThat(order.marginNotional).isEqualTo(bound * 90);
        assertThat(p.budget).isEqualTo(budget - (bound - 100_15) * 90 - p.budgetDivisor);
        assertTotalsAreTheOrders(a);

        // beyond equity: refused by the exact check, nothing booked
        long before = p.budget;
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 101_00, 120)))
                .anyMatch(e -> e instanceof EngineEvent.CommandRejected r && r.reason() == RejectReason.INSUFFICIENT_MARGIN);
        assertThat(p.buyOpen).isEqualTo(90);
        assertThat(p.buyNotional).isEqualTo(bound * 90);
        assertThat(p.budget).isEqualTo(before);
        assertThat(order.marginNotional).isEqualTo(bound * 90);
        assertTotalsAreTheOrders(a);

        // a size-only cut passes without a margin check, even with no valid budget to cover it
        state.ledger.headroom.invalidate(p);
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 101_00, 50)))
                .noneMatch(e -> e instanceof EngineEvent.CommandRejected);
        assertThat(state.ledger.headroom.valid(a)).as("no recomputation for a cut").isFalse();
        assertThat(p.buyNotional).isEqualTo(bound * 50);
        assertTotalsAreTheOrders(a);
    }
}
