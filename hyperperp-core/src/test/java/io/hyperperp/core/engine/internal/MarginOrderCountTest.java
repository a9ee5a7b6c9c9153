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
 * Orders booked at their price bounds whatever their account's size, and the exact figures of an
 * account with more than {@link MarginMath#MAX_WALKED_ORDERS} open orders (K) read from totals it keeps
 * ({@link MarginExactTotals}), started by one walk when its count passes K: a price-only amend inside
 * its cell changes nothing booked at any size and moves the kept totals by its exact delta, the exact
 * figures at K walk the orders and above K walk nothing and agree with the arithmetic, and an
 * account with 10,000 orders visits no more orders per command than one with K + 1. The market of
 * {@link MarginTestEngine}: a notional is price × size in collateral units, initial margin
 * ⌈notional / 10⌉ at leverage 10.
 */
class MarginOrderCountTest {

    private static final long M = MarginTestEngine.M;
    private static final int K = MarginMath.MAX_WALKED_ORDERS;

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

    /** Σ the orders' booked notionals, each checked against its price bound. */
    private static long boundSum(UserAccount user) {
        long sum = 0;
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            assertThat(o.marginNotional).as("order %d", o.orderId).isEqualTo(MarginMath.priceBound(o.price) * o.marginOpen);
            sum += o.marginNotional;
        }
        return sum;
    }

    /** Σ price × open of the user's orders (the buys: every order of these tests is a buy). */
    private static long exactSum(UserAccount user) {
        long sum = 0;
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            sum += o.price * o.marginOpen;
        }
        return sum;
    }

    private long visits() {
        return state.book(M).margin.exactWalkVisits + state.ledger.exactStartVisits;
    }

    /** 0xa with 1,000,000.00, the mark at 100.00. */
    private UserAccount fundedAtAMarkOf100() {
        run(new Deposit(clock, "0xa", 1_000_000_00L, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        return state.existingUser("0xa");
    }

    @Test
    void anAccountCrossingKStartsItsExactTotalsOnceAndStaysAtItsBounds() {
        UserAccount user = fundedAtAMarkOf100();
        long first = 0;
        for (int i = 0; i < K; i++) {
            long id = place("0xa", 100_00 + i % 16, 1); // all in 100.00's cell, 99.84-100.15
            first = first == 0 ? id : first;
        }
        MarginPosition p = position("0xa");
        assertThat(p.buyNotional).isEqualTo(boundSum(user)).isEqualTo(100_15L * K);
        assertThat(state.ledger.exactStartVisits).isZero();
        assertThat(state.ledger.exactKeptUsers).isZero();

        // the (K + 1)th: the exact totals started in that one step (K + 1 orders visited), the bounds kept
        long extra = place("0xa", 100_00, 1);
        assertThat(state.ledger.exactStartVisits).isEqualTo(K + 1);
        assertThat(state.ledger.exactKeptUsers).isOne();
        assertThat(p.buyNotional).isEqualTo(boundSum(user)).isEqualTo(100_15L * (K + 1));
        assertThat(p.cold.buyExact).isEqualTo(exactSum(user)).isEqualTo(MarginMath.exactSide(p, Side.BUY));
        assertThat(state.ledger.headroom.refresh(user.margin)).isTrue();

        // back to K: nothing visited, nothing re-booked
        assertThat(run(new CancelOrder(clock += 10, "0xa", M, extra, null))).isNull();
        assertThat(state.ledger.exactStartVisits).isEqualTo(K + 1);
        assertThat(p.buyNotional).isEqualTo(boundSum(user)).isEqualTo(100_15L * K);
        assertThat(p.buyOpen).isEqualTo(K);
        assertThat(state.ledger.exactKeptUsers).isZero();

        // up again through another place: started afresh; down through a cancel of another order
        place("0xa", 99_00, 2);
        assertThat(state.ledger.exactStartVisits).isEqualTo(2L * (K + 1));
        assertThat(state.ledger.exactKeptUsers).isOne();
        assertThat(p.cold.buyExact).isEqualTo(exactSum(user));
        assertThat(run(new CancelOrder(clock += 10, "0xa", M, first, null))).isNull();
        assertThat(p.buyNotional).isEqualTo(boundSum(user));
    }

    @Test
    void aPriceOnlyAmendInsideItsCellBooksNothingAtAnySizeAndMovesTheExactTotal() {
        UserAccount user = fundedAtAMarkOf100();
        long id = 0;
        for (int i = 0; i < 4 * K; i++) {
            id = place("0xa", 100_00, 3);
        }
        MarginPosition p = position("0xa");
        Order order = state.openOrders.get(id);
        assertThat(state.ledger.headroom.refresh(user.margin)).isTrue();
        long budget = p.budget;
        long walked = visits();
        // inside the cell, a rise with a valid budget and a fall: nothing booked, nothing spent, nothing walked
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 100_07, 3))).isNull();
        assertThat(order.marginNotional).isEqualTo(100_15 * 3);
        assertThat(p.buyNotional).isEqualTo(100_15L * 3 * 4 * K);
        assertThat(p.budget).isEqualTo(budget);
        assertThat(p.cold.buyExact).isEqualTo(100_00L * 3 * (4 * K - 1) + 100_07 * 3).isEqualTo(exactSum(user));
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 99_99, 3))).isNull();
        assertThat(p.buyNotional).isEqualTo(100_15L * 3 * 4 * K);
        assertThat(p.budget).isEqualTo(budget);
        assertThat(p.cold.buyExact).isEqualTo(100_00L * 3 * (4 * K - 1) + 99_99 * 3);
        assertThat(visits()).isEqualTo(walked);
        assertThat(MarginMath.marginUsed(user.margin)).isEqualTo(Math.ceilDiv(exactSum(user), 10));
        // a size cut and a move into another cell: each booked at its bound, the exact total by its delta
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 99_99, 1))).isNull();
        assertThat(p.cold.buyExact).isEqualTo(100_00L * 3 * (4 * K - 1) + 99_99).isEqualTo(exactSum(user));
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", id, 101_00, 1))).isNull();
        assertThat(p.buyNotional).isEqualTo(boundSum(user));
        assertThat(p.cold.buyExact).isEqualTo(exactSum(user));
        assertThat(p.buyOpen).isEqualTo(3L * (4 * K - 1) + 1);
        assertThat(visits()).isEqualTo(walked);
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
        assertThat(position("0xa").buyNotional).isEqualTo(boundSum(user));
    }

    /**
     * 2K orders of 1 at 156.25: the same 10,000.00 and margin 1,000.00 as above, now above K: every
     * figure is exact, read from the kept totals, and no command walks an order.
     */
    @Test
    void anAccountAboveKNearItsLimitIsJudgedExactlyWithoutAWalk() {
        run(new Deposit(clock, "0xa", 1_111_12, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 156_25));
        UserAccount user = state.existingUser("0xa");
        for (int i = 0; i < 2 * K; i++) {
            place("0xa", 156_25, 1);
        }
        MarginAccount a = user.margin;
        long walked = visits();
        assertThat(AccountViews.of(state, "0xa").marginUsed()).isEqualTo(1_000_00);
        assertThat(run(new SetLeverage(clock += 10, "0xa", M, 9))).isNull();
        assertThat(MarginMath.marginUsed(a)).isEqualTo(1_111_12);
        assertThat(run(new Withdraw(clock += 10, "0xa", 1))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(run(new SetLeverage(clock += 10, "0xa", M, 10))).isNull();
        assertThat(run(new Withdraw(clock += 10, "0xa", 111_13))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(run(new Withdraw(clock += 10, "0xa", 111_07))).isNull();
        assertThat(state.ledger.headroom.refresh(a)).as("no headroom at the bounds").isFalse();

        // 0.05 free: five rises of 0.10 inside the cell (to 156.35, its top 156.47) fit, one more 0.01 does not
        Order order = user.firstOrder;
        for (int i = 0; i < 5; i++) {
            assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 156_35, 1))).isNull();
            order = order.userNext;
        }
        assertThat(MarginMath.marginUsed(a)).isEqualTo(1_000_05).isEqualTo(MarginMath.equity(a));
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 156_26, 1)))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 156_24, 1))).isNull();
        assertThat(run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 1_00, 1))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(visits()).as("orders walked").isEqualTo(walked);
        MarginPosition p = position("0xa");
        assertThat(p.buyNotional).isEqualTo(boundSum(user));
        assertThat(p.cold.buyExact).isEqualTo(exactSum(user)).isEqualTo(1_000_05_0L - 1);
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
        // at K the walks are bounded by K: a few walks per exact figure, and the place crosses K
        // (K + 1 orders visited to start the exact totals; the cancel back visits none)
        long k = visitsOfExactCommands("0xk");
        assertThat(k).isPositive().isLessThanOrEqualTo(16L * K + (K + 1));
        // every one of the 10,000 amended inside its cell, up and back: nothing walked
        long before = visits();
        for (Order o = state.existingUser("0xbig").firstOrder; o != null; o = o.userNext) {
            assertThat(run(AmendOrder.byId(clock += 10, "0xbig", o.orderId, o.price + 3, 1))).isNull();
        }
        for (Order o = state.existingUser("0xbig").firstOrder; o != null; o = o.userNext) {
            assertThat(run(AmendOrder.byId(clock += 10, "0xbig", o.orderId, o.price - 5, 1))).isNull();
        }
        assertThat(visits()).isEqualTo(before);
        UserAccount bigUser = state.existingUser("0xbig");
        assertThat(position("0xbig").buyNotional).isEqualTo(boundSum(bigUser));
        assertThat(position("0xbig").cold.buyExact).isEqualTo(exactSum(bigUser)).isEqualTo(49_98L * 10_000);
        assertThat(position("0xk").buyNotional).isEqualTo(boundSum(state.existingUser("0xk")));
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
        for (int i = 0; i < 5; i++) { // back to K: the exact totals no longer kept
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
            assertThat(p.buyNotional).isEqualTo(boundSum(state.existingUser(user)));
        }
        MarginPosition above = position("0xabove");
        MarginPosition copied = copy.state.existingUser("0xabove").margin.budgetEntry;
        assertThat(new long[] {copied.cold.buyExact, copied.cold.sellExact})
                .isEqualTo(new long[] {above.cold.buyExact, above.cold.sellExact})
                .isEqualTo(new long[] {exactSum(state.existingUser("0xabove")), 0});
        // the restore counts the one user above K, so that the copy's in-cell amends move its exact totals too
        assertThat(copy.state.ledger.exactKeptUsers).isEqualTo(state.ledger.exactKeptUsers).isOne();
        Order last = state.existingUser("0xabove").lastOrder;
        Command inCell = AmendOrder.byId(clock += 10, "0xabove", last.orderId, last.price - 1, AmendOrder.UNCHANGED);
        List<EngineEvent> amended = engine.run(inCell);
        assertThat(amended).noneMatch(EngineEvent.CommandRejected.class::isInstance);
        assertThat(copy.run(inCell)).isEqualTo(amended);
        assertThat(copied.cold.buyExact).isEqualTo(above.cold.buyExact)
                .isEqualTo(exactSum(copy.state.existingUser("0xabove")));
        // and both go on alike: a sell through every buy, then cancels across K
        List<Command> next = List.of(PlaceOrder.limit(clock += 10, "0xbelow", M, Side.SELL, 99_10, 60),
                new CancelOrder(clock += 10, "0xback", M, state.existingUser("0xback").lastOrder.orderId, null),
                new Withdraw(clock += 10, "0xabove", 99_000_00L), new SetLeverage(clock += 10, "0xback", M, 20));
        for (Command command : next) {
            assertThat(copy.run(command)).isEqualTo(engine.run(command));
        }
    }
}
