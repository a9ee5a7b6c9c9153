package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The budget arithmetic without divisions: a fill's move by a lower bound of its change
 * ({@link MarginHeadroom#moveByFill}) against BigInteger at the edges of 64 bits (a price-only
 * amend's booking is {@link MarginPriceBoundTest}'s).
 * The market of {@link MarginTestEngine}: 2 price decimals, 0 size decimals, 2 collateral
 * decimals, imr 1%, default leverage 10 (so the budget divisor D is 10).
 */
class MarginFillBoundTest extends MarginHeadroomFixture {

    private static final BigInteger MAX_BUDGET = BigInteger.valueOf(MarginHeadroom.MAX_BUDGET);

    /** An account long 10 at 100.00 with a sell of 4 resting, its budget valid at the mark. */
    private MarginPosition longPosition() {
        run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        run(new Deposit(clock, "0xa", 5_000_00L, "a"));
        run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00, 10));
        run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        run(PlaceOrder.limit(clock += 10, "0xa", M, Side.SELL, 120_00, 4));
        MarginAccount account = state.existingUser("0xa").margin;
        assertThat(state.ledger.headroom.refresh(account)).isTrue();
        MarginPosition p = account.budgetEntry;
        assertThat(p.size).isEqualTo(10);
        assertThat(p.budgetDivisor).isEqualTo(10).isEqualTo(p.marginDivisor);
        return p;
    }

    @Test
    void aFillsMoveMatchesBigIntegerAtTheEdgesAndNeverThrows() {
        MarginPosition p = longPosition();
        long epoch = p.headroomEpoch;
        long d = p.budgetDivisor;
        long side = Math.max(p.buyNotional, p.sellNotional);
        long[] amounts = {0, 1, 9, 10, 11, 1L << 48, (1L << 56) + 3, Long.MAX_VALUE / 10 - 1, Long.MAX_VALUE / 10 + 1,
            Long.MAX_VALUE / 4, Long.MAX_VALUE / 2};
        long[] budgets = {0, 1, d, 1_000_000, MarginHeadroom.MAX_BUDGET - 1, MarginHeadroom.MAX_BUDGET};
        // |size| before the fill, for the position of 10 after it: 4 (it grew), 16 (a sell of 6 reduced
        // it), 10 (a quantity of 0: neither), -2 (a buy of 12 turned a short of 2 into the long)
        long[][] fills = {{4, 6}, {16, 6}, {10, 0}, {-2, 12}};
        int checked = 0;
        for (long valued : amounts) {
            for (long quote : amounts) {
                for (long fee : new long[] {0, 7, -5, Long.MAX_VALUE / 8}) {
                    for (long seller : new long[] {0, -1}) {
                        for (long[] fill : fills) {
                            for (long sideBefore : new long[] {side, side + 1, side + d + 5, Long.MAX_VALUE / 2}) {
                                for (long budget : budgets) {
                                    p.budget = budget;
                                    p.headroomEpoch = epoch;
                                    BigInteger expected = expectedBudget(budget, d, seller, fill[1], valued, quote, fee,
                                            fill[0], p.size, sideBefore, side);
                                    boolean moved = state.ledger.headroom.moveByFill(p, true, seller, fill[1], valued,
                                            quote, fee, fill[0], p.size, sideBefore, side);
                                    String what = String.format("valued %d quote %d fee %d seller %d fill %d/%d side %d"
                                            + " budget %d", valued, quote, fee, seller, fill[0], fill[1], sideBefore, budget);
                                    if (expected == null) {
                                        assertThat(moved).as(what).isFalse();
                                        assertThat(p.headroomEpoch).as(what).isZero();
                                    } else {
                                        assertThat(moved).as(what).isTrue();
                                        assertThat(p.budget).as(what).isEqualTo(expected.longValueExact());
                                        // valid at the fill's prices: it stores the count of price moves
                                        assertThat(p.headroomEpoch).as(what).isNotZero();
                                        assertThat(state.ledger.headroom.valid(p.account)).as(what).isTrue();
                                    }
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(11 * 11 * 4 * 2 * 4 * 4 * 6);
        // a budget that was not valid before the fill is not moved
        p.budget = 1_000;
        p.headroomEpoch = 0;
        assertThat(state.ledger.headroom.moveByFill(p, true, 0, 1, 0, 0, 0, 9, p.size, side, side)).isFalse();
        p.headroomEpoch = epoch;
        assertThat(state.ledger.headroom.moveByFill(p, false, 0, 1, 0, 0, 0, 9, p.size, side, side)).isFalse();
        assertThat(p.headroomEpoch).isZero();
    }

    /**
     * The budget after the fill by the rule in BigInteger, or null when the move must leave it
     * invalid: a delta past 64 bits, or one that takes the budget below 0.
     */
    private static BigInteger expectedBudget(long budget, long d, long seller, long quantity, long valued, long quote,
            long fee, long sizeBefore, long sizeAfter, long sideBefore, long sideAfter) {
        BigInteger v = BigInteger.valueOf(valued);
        BigInteger q = BigInteger.valueOf(quote);
        BigInteger change = (seller == 0 ? v.subtract(q) : q.subtract(v).subtract(BigInteger.ONE))
                .subtract(BigInteger.valueOf(fee));
        BigInteger term;
        long before = Math.abs(sizeBefore);
        long after = Math.abs(sizeAfter);
        if (after > before) {
            term = v.add(BigInteger.valueOf(d));
        } else if (after + quantity == before) {
            term = BigInteger.valueOf(d - 1).subtract(v).min(BigInteger.ZERO);
        } else {
            term = BigInteger.ZERO;
        }
        BigInteger refund = BigInteger.valueOf(sideBefore).subtract(BigInteger.valueOf(sideAfter))
                .subtract(BigInteger.valueOf(d - 1)).max(BigInteger.ZERO);
        BigInteger product = change.multiply(BigInteger.valueOf(d));
        BigInteger delta = product.subtract(term).add(refund);
        if (product.bitLength() > 63 || product.subtract(term).bitLength() > 63 || delta.bitLength() > 63) {
            return null;
        }
        BigInteger moved = BigInteger.valueOf(budget).add(delta);
        if (moved.signum() < 0) {
            return null;
        }
        return moved.min(MAX_BUDGET);
    }
}
