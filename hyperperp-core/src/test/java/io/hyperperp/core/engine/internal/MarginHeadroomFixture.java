package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.Side;
import java.util.List;

/**
 * What the headroom tests ({@link MarginHeadroomTest}, {@link MarginBandTest}, {@link MarginHeadroomRandomTest},
 * {@link MarginFillBoundTest}, {@link MarginPriceBoundTest}) share: a fresh {@link MarginTestEngine} per test, its clock, and the reads and checks they make of an account.
 */
abstract class MarginHeadroomFixture {

    static final long M = MarginTestEngine.M;

    final MarginTestEngine engine = new MarginTestEngine();
    final EngineState state = engine.state;
    long clock = 1_000;

    List<EngineEvent> run(Command command) {
        return engine.run(command);
    }

    MarginAccount account(String user) {
        return state.existingUser(user).margin;
    }

    static long freshBudget(MarginAccount account) {
        return MarginMath.headroom(account) * account.budgetEntry.budgetDivisor;
    }

    /**
     * The account's order totals (open size and Σ ⌈price bound × open⌉ per side) against its resting
     * orders, summed afresh: an amend books its delta at its check, a crossing one before it trades;
     * and the exact sides (Σ ⌈price × open⌉) the slow paths walk for, or, above
     * {@link MarginMath#MAX_WALKED_ORDERS} open orders, read from the kept totals.
     */
    static void assertTotalsAreTheOrders(MarginAccount account) {
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
}
