package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Orders booked at their price bounds only while their account has at most
 * {@link MarginMath#MAX_BOUND_ORDERS} open orders (K): an account crossing K either way is re-booked
 * in that step, an account above K is booked and amended at its orders' prices, the exact figures
 * of an account at K walk its orders and agree with the arithmetic, and an account with 10,000 orders
 * visits no more orders per command than one with K + 1. The market of {@link MarginTestEngine}:
 * a notional is price × size in collateral units, initial margin ⌈notional / 10⌉ at leverage 10.
 */
class MarginOrderCountTest {

    private static final long M = MarginTestEngine.M;
    private static final int K = MarginMath.MAX_BOUND_ORDERS;

    private final MarginTestEngine engine = new MarginTestEngine();
    private final EngineState state = engine.state;
    private long clock = 1_000;

    private RejectReason run(Command command) {
        List<EngineEvent> events = engine.run(command);
        return events.stream().filter(e -> e instanceof EngineEvent.CommandRejected)
                .map(e -> ((EngineEvent.CommandRejected) e).reason()).findFirst().orElse(null);
    }

    private long place(String user, long price, long size) {
        assertThat(run(PlaceOrder.limit(clock += 10, user, M, Side.BUY, price, size))).isNull();
        return state.existingUser(user).lastOrder.orderId;
    }

    private MarginPosition position(String user) {
        return state.existingUser(user).margin.budgetEntry;
    }

    /** Σ the orders' booked notionals, and each order's against its booked price. */
    private static long bookedSum(UserAccount user, boolean atBounds) {
        long sum = 0;
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            long price = atBounds ? MarginMath.priceBound(o.price) : o.price;
            assertThat(o.marginNotional).as("order %d", o.orderId).isEqualTo(price * o.marginOpen);
            sum += o.marginNotional;
        }
        return sum;
    }

    private long visits() {
        return state.book(M).margin.exactWalkVisits + state.ledger.rebookVisits;
    }

    /** 0xa with 1,000,000.00, the mark at 100.00. */
    private UserAccount fundedAtAMarkOf100() {
        run(new Deposit(clock, "0xa", 1_000_000_00L, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        return state.existingUser("0xa");
    }

    @Test
    void anAccountCrossingKIsRebookedAtItsPricesAndBackAtItsBounds() {
        UserAccount user = fundedAtAMarkOf100();
        long first = 0;
        long exactSum = 100_00; // the (K + 1)th's, below
        for (int i = 0; i < K; i++) {
            long id = place("0xa", 100_00 + i % 16, 1); // all in 100.00's cell, 99.84-100.15
            first = first == 0 ? id : first;
            exactSum += 100_00 + i % 16;
        }
        MarginPosition p = position("0xa");
        assertThat(p.buyNotional).isEqualTo(bookedSum(user, true)).isEqualTo(100_15L * K);

        // the (K + 1)th: every order at its price, in that one step (K + 1 orders visited)
        long before = state.ledger.rebookVisits;
        long extra = place("0xa", 100_00, 1);
        assertThat(state.ledger.rebookVisits - before).isEqualTo(K + 1);
        long exact = bookedSum(user, false);
        assertThat(p.buyNotional).isEqualTo(exact).isEqualTo(exactSum);
        assertThat(state.ledger.headroom.refresh(user.margin)).isTrue();

        // back to K: every order at its bound again
        assertThat(run(new CancelOrder(clock += 10, "0xa", M, extra, null))).isNull();
        assertThat(p.buyNotional).isEqualTo(bookedSum(user, true)).isEqualTo(100_15L * K);
        assertThat(p.buyOpen).isEqualTo(K);

        // and up again through a fill-free place, down through a cancel of another order
        place("0xa", 99_00, 2);
        assertThat(p.buyNotional).isEqualTo(bookedSum(user, false));
        assertThat(run(new CancelOrder(clock += 10, "0xa", M, first, null))).isNull();
        assertThat(p.buyNotional).isEqualTo(bookedSum(user, true));
    }

    @Test
    void anAmendOfAnExactlyBookedOrderBooksItsExactDelta() {
        UserAccount user = fundedAtAMarkOf100();
        long id = 0;
        for (int i = 0; i <= K; i++) {
            id = place("0xa", 100_00, 3);
        }
        MarginPosition p = position("0xa");
        Order order = state.openOrders.get(id);
        assertThat(p.buyNotional).isEqualTo(100_00L * 3 * (K + 1));
        // inside the cell: not the bound's free pass; booked at the new price
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 100_07, 3))).isNull();
        assertThat(order.marginNotional).isEqualTo(100_07 * 3);
        assertThat(p.buyNotional).isEqualTo(100_00L * 3 * K + 100_07 * 3).isEqualTo(bookedSum(user, false));
        // a fall and a size change, each by its exact delta
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 99_99, 3))).isNull();
        assertThat(p.buyNotional).isEqualTo(100_00L * 3 * K + 99_99 * 3);
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 99_99, 1))).isNull();
        assertThat(p.buyNotional).isEqualTo(100_00L * 3 * K + 99_99).isEqualTo(bookedSum(user, false));
        assertThat(p.buyOpen).isEqualTo(3L * K + 1);
    }

    /**
     * K orders of 2 at 156.25: 10,000.00 exactly, margin 1,000.00; at their bound 156.47 the margin
     * would be 1,001.41, which the budget cannot cover near the limit, so each figure is the exact walk's.
     */
    @Test
    void anAccountAtKNearItsLimitIsJudgedExactly() {
        assertThat(MarginMath.priceBound(156_25)).isEqualTo(156_47);
        run(new Deposit(clock, "0xa", 1_111_12, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 156_25));
        UserAccount user = state.existingUser("0xa");
        for (int i = 0; i < K; i++) {
            place("0xa", 156_25, 2);
        }
        MarginAccount a = user.margin;
        assertThat(AccountViews.of(state, "0xa").marginUsed()).isEqualTo(1_000_00);
        // leverage 9: ⌈1,000,000 / 9⌉ = 111,112 is the equity exactly (at the bound: 111,268)
        long walked = visits();
        assertThat(run(new SetLeverage(clock += 10, "0xa", M, 9))).isNull();
        assertThat(visits() - walked).as("orders walked by set_leverage").isPositive().isLessThanOrEqualTo(4L * K);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(1_111_12);
        assertThat(run(new Withdraw(clock += 10, "0xa", 1))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(run(new SetLeverage(clock += 10, "0xa", M, 10))).isNull();
        // at 10x: 111.12 free; withdraw all but 0.05 of it, exactly
        assertThat(run(new Withdraw(clock += 10, "0xa", 111_13))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(run(new Withdraw(clock += 10, "0xa", 111_07))).isNull();
        assertThat(AccountViews.of(state, "0xa").marginUsed()).isEqualTo(1_000_00);
        assertThat(state.ledger.headroom.refresh(a)).as("no headroom at the bounds").isFalse();

        // 0.05 free: up to 0.05 of margin (0.50 of notional: 0.25 up on one order of 2) fits, 0.26 does not
        long id = user.firstOrder.orderId;
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 156_51, 2))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        walked = visits();
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 156_50, 2))).isNull();
        assertThat(visits() - walked).as("orders walked by the exact check").isPositive().isLessThanOrEqualTo(4L * K);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(1_000_05);
        assertThat(MarginMath.equity(a)).isEqualTo(1_000_05);
        // a (K + 1)th order of any size is refused: its margin is beyond the equity
        assertThat(run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 1_00, 1))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(user.openOrderCount).isEqualTo(K);
        assertThat(position("0xa").buyNotional).isEqualTo(bookedSum(user, true));
    }

    /** The orders walked by a fixed set of commands that each need an exact figure. */
    private long visitsOfExactCommands(String user) {
        long before = visits();
        long id = state.existingUser(user).firstOrder.orderId;
        assertThat(run(new Withdraw(clock += 10, user, 1))).isNull();
        AccountViews.of(state, user);
        assertThat(run(new SetLeverage(clock += 10, user, M, 9))).isNull();
        assertThat(run(new SetLeverage(clock += 10, user, M, 10))).isNull();
        assertThat(run(PlaceOrder.limit(clock += 10, user, M, Side.BUY, 50_00, 300_000)))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(run(AmendOrder.byId(clock += 10, user, id, 50_01, 1))).isNull();
        assertThat(run(AmendOrder.byId(clock += 10, user, id, 50_00, 1))).isNull();
        long extra = place(user, 50_00, 1);
        assertThat(run(new CancelOrder(clock += 10, user, M, extra, null))).isNull();
        return visits() - before;
    }

    @Test
    void anAccountWith10000OrdersWalksNoMoreThanOneWithKPlusOne() {
        run(new UpdateMarkPrice(clock, "0xoracle", M, 50_00));
        // 60,000.00 each: 10,000 orders of 1 at 50.00 take 50,000.00; 300,000 more do not fit
        run(new Deposit(clock += 10, "0xbig", 60_000_00L, "big"));
        run(new Deposit(clock += 10, "0xsmall", 60_000_00L, "small"));
        run(new Deposit(clock += 10, "0xk", 60_000_00L, "k"));
        for (int i = 0; i < 10_000; i++) {
            place("0xbig", 50_00, 1);
        }
        for (int i = 0; i <= K; i++) {
            place("0xsmall", 50_00, 1);
        }
        for (int i = 0; i < K; i++) {
            place("0xk", 50_00, 1);
        }
        long big = visitsOfExactCommands("0xbig");
        long small = visitsOfExactCommands("0xsmall");
        assertThat(big).isEqualTo(small).isZero();
        // at K the walks are bounded by K: a few walks per exact figure, and the place and cancel
        // cross K and back (K + 1 and K orders re-booked)
        long k = visitsOfExactCommands("0xk");
        assertThat(k).isPositive().isLessThanOrEqualTo(16L * K + 2L * (K + 1));
        assertThat(position("0xbig").buyNotional).isEqualTo(bookedSum(state.existingUser("0xbig"), false));
        assertThat(position("0xk").buyNotional).isEqualTo(bookedSum(state.existingUser("0xk"), true));
    }

    @Test
    void aRestoredEngineBooksEachOrderAsTheOriginalDid() {
        run(new UpdateMarkPrice(clock, "0xoracle", M, 100_00));
        for (String user : List.of("0xabove", "0xback", "0xbelow")) {
            run(new Deposit(clock += 10, user, 100_000_00L, user));
        }
        for (int i = 0; i < K + 5; i++) {
            place("0xabove", 99_00 + i, 1 + i % 3);
            place("0xback", 98_00 + i, 2);
        }
        for (int i = 0; i < 5; i++) { // back to K: re-booked at the bounds
            assertThat(run(new CancelOrder(clock += 10, "0xback", M, state.existingUser("0xback").firstOrder.orderId,
                    null))).isNull();
        }
        place("0xbelow", 97_00, 4);
        long id = state.existingUser("0xabove").firstOrder.orderId;
        assertThat(run(AmendOrder.byId(clock += 10, "0xabove", id, 99_03, 2))).isNull();

        MarginTestEngine copy = engine.restored();
        for (String user : List.of("0xabove", "0xback", "0xbelow")) {
            MarginPosition p = position(user);
            MarginPosition q = copy.state.existingUser(user).margin.budgetEntry;
            assertThat(new long[] {q.buyOpen, q.buyNotional, q.sellOpen, q.sellNotional}).as(user)
                    .isEqualTo(new long[] {p.buyOpen, p.buyNotional, p.sellOpen, p.sellNotional});
            for (Order o = state.existingUser(user).firstOrder; o != null; o = o.userNext) {
                assertThat(copy.state.openOrders.get(o.orderId).marginNotional).isEqualTo(o.marginNotional);
            }
        }
        assertThat(position("0xback").buyNotional).isEqualTo(bookedSum(state.existingUser("0xback"), true));
        assertThat(position("0xabove").buyNotional).isEqualTo(bookedSum(state.existingUser("0xabove"), false));
        // and both go on alike: a sell through every buy, then cancels across K
        List<Command> next = List.of(PlaceOrder.limit(clock += 10, "0xbelow", M, Side.SELL, 99_10, 60),
                new CancelOrder(clock += 10, "0xback", M, state.existingUser("0xback").lastOrder.orderId, null),
                new Withdraw(clock += 10, "0xabove", 99_000_00L), new SetLeverage(clock += 10, "0xback", M, 20));
        for (Command command : next) {
            assertThat(copy.run(command)).isEqualTo(engine.run(command));
        }
    }
}
