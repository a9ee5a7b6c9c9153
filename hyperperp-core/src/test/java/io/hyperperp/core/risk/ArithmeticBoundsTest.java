package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values at the limits of 64 bits: every one is a rejection with a reason decided before anything
 * changes, and what is accepted can still be liquidated without an overflow. (A market's positions
 * and resting orders may be worth at most 2^56 collateral units; net deposits at most 2^63 / 4.)
 */
class ArithmeticBoundsTest extends RiskFixture {

    private static final long MAX_NET_DEPOSITS = Long.MAX_VALUE / 4;

    @Test
    void depositsAreCappedBeforeAnythingOverflows() {
        assertThat(rejection(deposit(ALICE, Long.MAX_VALUE))).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(risk(deposit(ALICE, MAX_NET_DEPOSITS))).hasSize(1);
        assertThat(rejection(deposit(BOB, 1))).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(rejection(withdraw(ALICE, Long.MAX_VALUE))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(account(ALICE).collateral()).isEqualTo(MAX_NET_DEPOSITS);
    }

    @Test
    void anOrderTheMarketCouldNotValueIsRefusedUpFront() {
        deposit(ALICE, MAX_NET_DEPOSITS); // rich enough for any margin
        // 100,000 at 10,000,000,000.00: 10^17 collateral units, above 2^56
        assertThat(rejection(limit(ALICE, Side.BUY, 1_000_000_000_000L, 100_000)))
                .isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(rejection(limit(ALICE, Side.BUY, Long.MAX_VALUE, 100_000)))
                .isEqualTo(RejectReason.NOTIONAL_OVERFLOW); // beyond 64 bits: the order rules' own reason
        assertThat(engine.openOrders(ALICE, M)).isEmpty();
        assertThat(account(ALICE).marginUsed()).isZero();
    }

    @Test
    void aMarkThePositionsCouldNotBeValuedAtIsRefused() {
        openPair(100_000, 10_000, 100);
        assertThat(rejection(mark(Long.MAX_VALUE))).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(rejection(mark(1_000_000_000_000_000L))).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(position(ALICE).markPrice()).isEqualTo(10_000);
        assertThat(risk(mark(10_100))).isEmpty(); // a sane one still goes through
    }

    @Test
    void theLargestAcceptedPositionsLiquidateWithoutOverflow() {
        // 100,000 at 1,000,000,000.00 is 10^16 units of notional: Bob's resting sell and Alice's
        // buy count twice each at admission (4 × 10^16 ≤ 2^56)
        long price = 100_000_000_000L;
        deposit(ALICE, 2_000_000_000_000_000L); // 10^16 / 5
        deposit(BOB, 2_000_000_000_000_000L);
        limit(BOB, Side.SELL, price, 100_000);
        assertThat(limit(ALICE, Side.BUY, price, 100_000)).anyMatch(EngineEvent.Fill.class::isInstance);

        List<EngineEvent> crash = mark(price / 2); // no bids, an empty fund: ADL against Bob
        assertThat(risk(crash, RiskEvent.Kind.ACCOUNT_LIQUIDATED)).hasSize(1);
        assertThat(risk(crash, RiskEvent.Kind.ADL)).singleElement()
                .satisfies(e -> assertThat(e.userAddress()).isEqualTo(BOB));
        assertThat(engine.position(ALICE, M)).isZero();
        assertThat(engine.position(BOB, M)).isZero();
        assertThat(account(ALICE).collateral()).isZero();
    }
}
