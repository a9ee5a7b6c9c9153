package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An order's margin booked at its price bound (the top of its price's cell, {@link MarginMath#priceBound}):
 * an amend inside the cell books nothing, one tick past the cell re-books, the exact figures (the
 * exact check, withdraw, the account view) stay at the orders' own prices, and the open-value guard
 * is asked at the bound. The market of {@link MarginTestEngine}: 2 price decimals, 0 size decimals,
 * 2 collateral decimals (a notional is price × size), imr 1%, default leverage 10 (D = 10).
 */
class MarginPriceBoundTest extends MarginHeadroomFixture {

    private static RejectReason rejection(List<EngineEvent> events) {
        return events.stream().filter(e -> e instanceof EngineEvent.CommandRejected)
                .map(e -> ((EngineEvent.CommandRejected) e).reason()).findFirst().orElse(null);
    }

    @Test
    void theBoundIsTheTopOfThePricesCellAndSameCellAgreesWithIt() {
        assertThat(MarginMath.priceBound(100_00)).isEqualTo(100_15); // 10,000: cells of 32 units
        assertThat(MarginMath.priceBound(255)).isEqualTo(255); // below 256 units: its own bound
        assertThat(MarginMath.priceBound(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            long price = random.nextLong(1, 1L << random.nextInt(1, 63));
            long other = Math.max(1, price + random.nextLong(-(price >> 7) - 2, (price >> 7) + 2));
            long bound = MarginMath.priceBound(price);
            BigInteger unit = BigInteger.valueOf(Long.highestOneBit(price)).shiftRight(MarginMath.CELL_BITS);
            assertThat(bound).isGreaterThanOrEqualTo(price);
            // at most 1/256 of the price above it, and the same for every price of the cell
            assertThat(BigInteger.valueOf(bound - price).multiply(BigInteger.valueOf(256)))
                    .isLessThanOrEqualTo(BigInteger.valueOf(price));
            if (MarginMath.sameCell(price, other)) {
                assertThat(MarginMath.priceBound(other)).as("%d and %d", price, other).isEqualTo(bound);
            } else if (unit.signum() > 0) {
                assertThat(MarginMath.priceBound(other)).as("%d and %d", price, other).isNotEqualTo(bound);
            }
        }
    }

    @Test
    void anAmendUpToTheCellTopBooksNothingAndOneTickPastRebooks() {
        run(new Deposit(clock, "0xa", 1_000_00, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 100_00, 90)); // 9,000.00 at 10x: 900.00 of 1,000.00
        MarginAccount a = state.existingUser("0xa").margin;
        MarginPosition p = a.budgetEntry;
        Order order = a.user.firstOrder;
        assertThat(state.ledger.headroom.refresh(a)).isTrue();
        long budget = p.budget;
        assertThat(p.buyNotional).isEqualTo(100_15 * 90);
        // headroom 1,000.00 − ⌈9,013.50 / 10⌉: the budget holds the order at its bound
        assertThat(budget).isEqualTo((1_000_00 - 100_15 * 9) * 10);

        // up to the cell's top, a rise: nothing booked, nothing spent; the exact margin is at the price
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 100_15, 90)))).isNull();
        assertThat(order.price).isEqualTo(100_15);
        assertThat(p.buyNotional).isEqualTo(100_15 * 90);
        assertThat(order.marginNotional).isEqualTo(100_15 * 90);
        assertThat(p.budget).isEqualTo(budget);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(100_15 * 9);
        // down inside the cell: nothing either
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 100_00, 90)))).isNull();
        assertThat(p.buyNotional).isEqualTo(100_15 * 90);
        assertThat(p.budget).isEqualTo(budget);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(100_00 * 9);

        // one tick past the cell: booked at the next cell's top, the rise at the bound spent
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 100_16, 90)))).isNull();
        assertThat(MarginMath.priceBound(100_16)).isEqualTo(100_47);
        assertThat(p.buyNotional).isEqualTo(100_47 * 90);
        assertThat(order.marginNotional).isEqualTo(100_47 * 90);
        assertThat(p.budget).isEqualTo(budget - (100_47 - 100_15) * 90 - p.budgetDivisor);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(100_16 * 9);
        // back down one tick into the first cell: re-booked there (a fall, no check)
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 100_15, 90)))).isNull();
        assertThat(p.buyNotional).isEqualTo(100_15 * 90);
    }

    @Test
    void nearItsLimitAnAccountIsJudgedAtItsOrdersOwnPrices() {
        run(new Deposit(clock, "0xa", 1_000_00, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 111_00));
        // 111.11 × 90 = 9,999.90: margin 999.99 of 1,000.00. At its bound, 111.35, it would not fit:
        // the budget does not cover it, the exact check at its price admits it
        assertThat(rejection(run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 111_11, 90)))).isNull();
        MarginAccount a = state.existingUser("0xa").margin;
        MarginPosition p = a.budgetEntry;
        Order order = a.user.firstOrder;
        assertThat(MarginMath.priceBound(111_11)).isEqualTo(111_35);
        assertThat(p.buyNotional).isEqualTo(111_35 * 90);
        assertThat(MarginMath.marginUsed(a)).isEqualTo(999_99);
        assertThat(state.ledger.headroom.refresh(a)).as("no headroom at the bound").isFalse();

        // a rise inside the cell is not covered by a budget: the exact check refuses 1,000.08
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 111_12, 90))))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(order.price).isEqualTo(111_11);
        assertThat(p.buyNotional).isEqualTo(111_35 * 90);
        // a fall inside the cell passes at once; the rise back to 111.11 is admitted by the exact check
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 111_05, 90)))).isNull();
        assertThat(MarginMath.marginUsed(a)).isEqualTo(999_45);
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 111_11, 90)))).isNull();

        // withdraw and the account view see the exact margin: 0.01 free
        assertThat(AccountViews.of(state, "0xa").marginUsed()).isEqualTo(999_99);
        assertThat(rejection(run(new Withdraw(clock += 10, "0xa", 2))))
                .isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(rejection(run(new Withdraw(clock += 10, "0xa", 1)))).isNull();
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, 111_12, 90))))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
    }

    @Test
    void theOpenValueGuardIsAskedAtTheBoundAndCoversTheCell() {
        long price = (1L << 35) + (1L << 34); // cells of 2^27 units
        long bound = MarginMath.priceBound(price);
        assertThat(bound).isEqualTo(price + (1L << 27) - 1);
        BigInteger limit = BigInteger.valueOf(MarginBook.MAX_OPEN_VALUE);
        // the largest size whose both sides fit at the price, and the largest that fit at the bound
        long atPrice = limit.divide(BigInteger.valueOf(2 * price)).longValueExact();
        long atBound = limit.divide(BigInteger.valueOf(2 * bound)).longValueExact();
        assertThat(atBound).isLessThan(atPrice);
        run(new Deposit(clock, "0xa", 4_000_000_000_000_000L, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, price));
        assertThat(rejection(run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, price, atPrice))))
                .isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(rejection(run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, price, atBound)))).isNull();
        Order order = state.existingUser("0xa").firstOrder;
        // up to the cell's top: the guard passed there when the order entered the cell
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, bound, atBound)))).isNull();
        // one tick past: the next cell's top is past the guard
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, bound + 1, atBound))))
                .isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(order.price).isEqualTo(bound);
        // a fall to a lower cell needs no guard and books less
        assertThat(rejection(run(AmendOrder.byId(clock += 10, "0xa", order.orderId, price - (1L << 27), atBound))))
                .isNull();
        assertThat(order.marginNotional).isEqualTo(Math.multiplyExact(price - 1, atBound));
    }
}
