package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.risk.RiskEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The headroom a fill moves incrementally ({@link MarginHeadroom#moveByFill}) against a fresh recomputation
 * ({@link MarginMath#headroom}) over sequences of fills, and an amend's booking. How a mark move keeps or ends a
 * budget is {@link MarginBandTest}'s; random trading against the same rules is {@link MarginHeadroomRandomTest}'s.
 *
 * <p>Numbers as in the risk fixture: 2 price decimals, 0 size decimals, 2 collateral decimals, imr
 * 1%, mmr 0.5%, default leverage 10; here with a 0.05% maker and a 0.10% taker fee, so that fees
 * are part of what a fill moves.
 */
class MarginHeadroomTest extends MarginHeadroomFixture {

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
