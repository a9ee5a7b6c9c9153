package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-trade margin check (see {@link RiskFixture} for the units). */
class PreTradeCheckTest extends RiskFixture {

    @Test
    void anOrderMayUseEquityUpToTheInitialMarginAtTenTimes() {
        deposit(ALICE, 100_000); // 1,000.00
        assertThat(rejection(limit(ALICE, Side.BUY, 10_000, 101))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(limit(ALICE, Side.BUY, 10_000, 100).get(0)).isInstanceOf(EngineEvent.OrderAccepted.class);
        assertThat(account(ALICE).marginUsed()).isEqualTo(100_000);
        assertThat(account(ALICE).freeCollateral()).isZero();
    }

    @Test
    void withoutCollateralNothingOpens() {
        assertThat(rejection(limit(CAROL, Side.SELL, 10_000, 1))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
    }

    @Test
    void theWorseSideCountsNotBoth() {
        deposit(ALICE, 100_000);
        limit(ALICE, Side.BUY, 10_000, 100);
        // a sell of the same notional does not add: the sell side is no worse than the buy side
        assertThat(limit(ALICE, Side.SELL, 10_100, 99).get(0)).isInstanceOf(EngineEvent.OrderAccepted.class);
        assertThat(account(ALICE).marginUsed()).isEqualTo(100_000);
        assertThat(rejection(limit(ALICE, Side.SELL, 10_100, 2))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
    }

    @Test
    void positionReducingOrdersPassWhenMarginIsShort() {
        openPair(100_000, 10_000, 100); // alice long 100 at 100.00, all margin used
        mark(9_950); // equity 950.00 < margin used 995.00, above maintenance 49.75
        AccountView alice = account(ALICE);
        assertThat(alice.equity()).isEqualTo(95_000);
        assertThat(alice.marginUsed()).isEqualTo(99_500);
        assertThat(rejection(limit(ALICE, Side.BUY, 9_000, 1))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(limit(ALICE, Side.SELL, 9_950, 50).get(0)).isInstanceOf(EngineEvent.OrderAccepted.class);
        PlaceOrder reduceOnly = new PlaceOrder(now(), ALICE, M, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 9_960,
                50, null, true, StpMode.NONE, PlaceOrder.NO_EXPIRY);
        assertThat(run(reduceOnly).get(0)).isInstanceOf(EngineEvent.OrderAccepted.class);
    }

    @Test
    void marketOrdersAreMarginedAtTheirProtectedPrice() {
        deposit(ALICE, 100_000);
        deposit(BOB, 1_000_000);
        limit(BOB, Side.SELL, 10_000, 200);
        // protection: 5% above the best ask, 105.00; 96 × 105.00 = 10,080.00 needs 1,008.00
        assertThat(rejection(run(PlaceOrder.market(now(), ALICE, M, Side.BUY, 96))))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        List<EngineEvent> accepted = run(PlaceOrder.market(now(), ALICE, M, Side.BUY, 95));
        assertThat(accepted).filteredOn(EngineEvent.Fill.class::isInstance).hasSize(1);
        assertThat(position(ALICE).size()).isEqualTo(95);
    }

    @Test
    void amendsThatAddExposureAreChecked() {
        deposit(ALICE, 100_000);
        long id = ((EngineEvent.OrderAccepted) limit(ALICE, Side.BUY, 10_000, 80).get(0)).order().orderId();
        assertThat(rejection(run(AmendOrder.byId(now(), ALICE, id, 10_000, 101))))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(rejection(run(AmendOrder.byId(now(), ALICE, id, 12_600, 80))))
                .isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(run(AmendOrder.byId(now(), ALICE, id, 10_000, 100)).get(0))
                .isInstanceOf(EngineEvent.OrderAmended.class);
        assertThat(account(ALICE).marginUsed()).isEqualTo(100_000);
        assertThat(run(AmendOrder.byId(now(), ALICE, id, 10_000, 10)).get(0))
                .isInstanceOf(EngineEvent.OrderAmended.class);
        assertThat(account(ALICE).marginUsed()).isEqualTo(10_000);
    }

    @Test
    void stopOrdersAreCheckedWhenTheyFire() {
        deposit(ALICE, 10_000); // 100.00
        deposit(BOB, 1_000_000);
        PlaceConditionalOrder stop = new PlaceConditionalOrder(now(), ALICE, M, Side.BUY,
                io.hyperperp.core.order.TriggerKind.STOP, OrderType.LIMIT, 10_100, TriggerReference.MARK, 10_100,
                20, null, false, StpMode.NONE, PlaceOrder.NO_EXPIRY, null);
        assertThat(run(stop).get(0)).isInstanceOf(EngineEvent.ConditionalAccepted.class);
        List<EngineEvent> fired = mark(10_100);
        assertThat(fired).filteredOn(EngineEvent.ConditionalTriggered.class::isInstance).hasSize(1);
        assertThat(fired).filteredOn(EngineEvent.CommandRejected.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((EngineEvent.CommandRejected) e).reason())
                        .isEqualTo(RejectReason.INSUFFICIENT_MARGIN));
    }

    @Test
    void systemAccountsDoNotTrade() {
        deposit(SETTINGS.insuranceAddress(), 100_000);
        assertThat(rejection(limit(SETTINGS.insuranceAddress(), Side.BUY, 10_000, 1)))
                .isEqualTo(RejectReason.SYSTEM_ACCOUNT);
    }

    @Test
    void marginNoneMarketsSkipTheCheck() {
        List<EngineEvent> events = run(PlaceOrder.limit(now(), CAROL, NONE_MARKET, Side.BUY, 10_000, 1_000));
        assertThat(events.get(0)).isInstanceOf(EngineEvent.OrderAccepted.class);
        assertThat(engine.account(CAROL)).isEmpty();
    }

    @Test
    void tradesBookRealisedPnlAndFees() {
        RiskFixture fees = new RiskFixture(-1, 5);
        fees.openPair(100_000, 10_000, 10); // 1,000.00: taker alice pays 0.50, maker bob gets 0.10
        assertThat(fees.account(ALICE).collateral()).isEqualTo(99_950);
        assertThat(fees.account(BOB).collateral()).isEqualTo(100_010);
        assertThat(fees.account(SETTINGS.feeAddress()).collateral()).isEqualTo(40);
        assertThat(fees.position(ALICE).entryPrice()).isEqualTo(10_000);
        fees.limit(BOB, Side.BUY, 11_000, 4);
        fees.limit(ALICE, Side.SELL, 11_000, 4); // alice realises 4 × 10.00 = 40.00, pays 0.22
        assertThat(fees.account(ALICE).collateral()).isEqualTo(99_950 + 4_000 - 22);
        assertThat(fees.position(ALICE).size()).isEqualTo(6);
        assertThat(fees.position(ALICE).entryCost()).isEqualTo(60_000);
        assertThat(fees.account(BOB).collateral()).isEqualTo(100_010 - 4_000 + 4);
    }
}
