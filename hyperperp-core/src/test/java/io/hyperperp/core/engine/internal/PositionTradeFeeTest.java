package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PositionTrade#trade(MarginPosition, long, long, long)}, which takes a fill's fee in the
 * trade's own collateral sum, against the trade without it followed by {@code collateral -= fee} (the
 * fill's booking before session 27): the same collateral, entry cost, size, open size and holders
 * after adds, reductions, closes and flips, and the same overflow checks (a sum past 64 bits throws
 * before anything is stored; a fee that wraps the collateral wraps it the same way).
 */
class PositionTradeFeeTest {

    private static final long M = MarginTestEngine.M;

    /** Two engines in the same state, each with account "a" long 10 at 100.00. */
    private final MarginPosition charged = longPosition(new MarginTestEngine());
    private final MarginPosition thenFee = longPosition(new MarginTestEngine());

    private static MarginPosition longPosition(MarginTestEngine engine) {
        long clock = 1_000;
        engine.run(new Deposit(clock, "0xmm", 100_000_000_00L, "mm"));
        engine.run(new Deposit(clock, "0xa", 5_000_00L, "a"));
        engine.run(new UpdateMarkPrice(clock += 10, "0xoracle", M, 100_00));
        engine.run(PlaceOrder.limit(clock += 10, "0xmm", M, Side.SELL, 100_00, 10));
        engine.run(PlaceOrder.limit(clock += 10, "0xa", M, Side.BUY, 100_00, 10).withTimeInForce(TimeInForce.IOC));
        MarginPosition p = engine.state.existingUser("0xa").margin.budgetEntry;
        assertThat(p.size).isEqualTo(10);
        return p;
    }

    private void both(long quantity, long quote, long fee) {
        PositionTrade.trade(charged, quantity, quote, fee);
        PositionTrade.trade(thenFee, quantity, quote);
        thenFee.account.collateral -= fee;
        assertSame(String.format("quantity %d quote %d fee %d", quantity, quote, fee));
    }

    private void assertSame(String what) {
        assertThat(charged.account.collateral).as(what).isEqualTo(thenFee.account.collateral);
        assertThat(charged.entryCost).as(what).isEqualTo(thenFee.entryCost);
        assertThat(charged.size).as(what).isEqualTo(thenFee.size);
        assertThat(charged.book.margin.openSize).as(what).isEqualTo(thenFee.book.margin.openSize);
        assertThat(charged.account.openPositions).as(what).isEqualTo(thenFee.account.openPositions);
    }

    @Test
    void addsReductionsClosesAndFlipsBookTheSame() {
        Random random = new Random(27);
        for (int i = 0; i < 20_000; i++) {
            long size = charged.size;
            long quantity = switch (random.nextInt(4)) {
                case 0 -> -size; // closes (or 0 from 0)
                case 1 -> -size / 2 + random.nextInt(3) - 1; // reduces
                case 2 -> -size - (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(20)); // flips or adds
                default -> (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(50)); // adds or reduces
            };
            long price = 90_00 + random.nextInt(20_00);
            long quote = quantity * price;
            long fee = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -Math.abs(quote) / 5_000; // a maker's rebate
                default -> (Math.abs(quote) + 999) / 1_000;
            };
            both(quantity, quote, fee);
        }
    }

    @Test
    void aSumPastSixtyFourBitsThrowsBeforeAnyStore() {
        charged.account.collateral = Long.MAX_VALUE - 5;
        thenFee.account.collateral = Long.MAX_VALUE - 5;
        // selling 10 at 100.00 with no entry cost to release: collateral + 1,000.00 overflows
        charged.entryCost = 0;
        thenFee.entryCost = 0;
        assertThatThrownBy(() -> PositionTrade.trade(charged, -5, -100_00, 7)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> PositionTrade.trade(thenFee, -5, -100_00)).isInstanceOf(ArithmeticException.class);
        assertSame("after the overflow");
        assertThat(charged.account.collateral).isEqualTo(Long.MAX_VALUE - 5);
    }

    @Test
    void aFeeThatWrapsTheCollateralWrapsItTheSameWay() {
        charged.account.collateral = Long.MIN_VALUE + 3;
        thenFee.account.collateral = Long.MIN_VALUE + 3;
        // adds 1 at 0 (no collateral moves), then a fee of 10 wraps past the bottom as `-=` would
        both(1, 0, 10);
        assertThat(charged.account.collateral).isEqualTo(Long.MIN_VALUE + 3 - 10);
    }
}
