package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.risk.RiskEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A budget's price band: a mark move inside the band keeps a position's budget without a recomputation, one step
 * outside ends it, an oracle tick outside the narrowest band rechecks every banded budget, and a budget kept inside
 * its band still lets an account below maintenance be liquidated. The market of {@link MarginTestEngine}.
 */
class MarginBandTest extends MarginHeadroomFixture {

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
}
