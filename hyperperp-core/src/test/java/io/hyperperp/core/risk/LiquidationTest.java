package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Liquidation: the worked example of docs/risk.md. Alice deposits 1,000.00 and buys 100 at 100.00
 * (10x) from Bob; maintenance is 0.5%, so she is liquidated below a mark of about 90.45.
 */
class LiquidationTest extends RiskFixture {

    @Test
    void liquidationPriceIsPublishedAndNotCrossedEarly() {
        openPair(100_000, 10_000, 100);
        mark(10_000);
        // equity 1,000.00 + 100 × (P − 100.00) = 0.5% × 100 × P  gives P = 90.4522...
        long key = position(ALICE).liquidationPrice();
        assertThat(key).isBetween(9_045L, 9_047L);
        assertThat(risk(mark(9_046), RiskEvent.Kind.ACCOUNT_LIQUIDATED)).isEmpty();
        assertThat(account(ALICE).equity()).isEqualTo(100_000 - 100 * 954);
    }

    @Test
    void bookThenInsuranceFundAtTheBankruptcyPrice() {
        openPair(100_000, 10_000, 100);
        deposit(SETTINGS.insuranceAddress(), 1_000_000); // 10,000.00
        deposit(CAROL, 1_000_000);
        limit(CAROL, Side.BUY, 8_900, 50); // absorbs half at 89.00
        limit(ALICE, Side.SELL, 12_000, 10); // a resting order of alice's, cancelled first
        List<EngineEvent> events = mark(9_000);

        assertThat(risk(events, RiskEvent.Kind.ACCOUNT_LIQUIDATED)).singleElement().satisfies(e -> {
            assertThat(e.userAddress()).isEqualTo(ALICE);
            assertThat(e.amount()).isZero(); // equity 1,000.00 − 100 × 10.00
            assertThat(e.margin()).isEqualTo(4_500); // 0.5% of 9,000.00
        });
        assertThat(events).filteredOn(EngineEvent.OrderCancelled.class::isInstance)
                .extracting(e -> ((EngineEvent.OrderCancelled) e).reason())
                .containsExactly(CancelReason.LIQUIDATION, CancelReason.IOC_REMAINDER);
        List<EngineEvent.Fill> fills = events.stream().filter(EngineEvent.Fill.class::isInstance)
                .map(EngineEvent.Fill.class::cast).toList();
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualTo(8_900);
            assertThat(f.size()).isEqualTo(50);
            assertThat(f.liquidation()).isTrue();
        });
        // after the fill: collateral 1,000.00 − 50 × 11.00 = 450.00, equity 450.00 − 50 × 10.00 < 0: no fee
        assertThat(risk(events, RiskEvent.Kind.LIQUIDATION_FEE)).singleElement()
                .satisfies(e -> assertThat(e.amount()).isZero());
        // the fund takes 50 at the price that leaves alice at zero: (4,500.00 + 50.00) / 50 = 91.00
        assertThat(risk(events, RiskEvent.Kind.TAKEOVER)).singleElement().satisfies(e -> {
            assertThat(e.size()).isEqualTo(-50);
            assertThat(e.price()).isEqualTo(9_100);
            assertThat(e.counterparty()).isEqualTo(SETTINGS.insuranceAddress());
        });
        AccountView alice = account(ALICE);
        assertThat(alice.collateral()).isZero();
        assertThat(alice.equity()).isZero();
        assertThat(position(ALICE).size()).isZero();
        AccountView fund = account(SETTINGS.insuranceAddress());
        assertThat(fund.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualTo(50));
        assertThat(fund.equity()).isEqualTo(1_000_000 - 5_000);
        assertThat(engine.position(ALICE, M)).isZero();
        assertThat(engine.position(SETTINGS.insuranceAddress(), M)).isEqualTo(50);
    }

    @Test
    void liquidationFeeGoesToTheFundWhileEquityLasts() {
        openPair(100_000, 10_000, 100);
        deposit(CAROL, 1_000_000);
        limit(CAROL, Side.BUY, 9_100, 100);
        mark(9_040); // equity 1,000.00 − 960.00 = 40.00 < maintenance 45.20
        // the close sells 100 at 91.00: collateral 100.00, then the fee, 1% of 9,100.00
        assertThat(account(ALICE).collateral()).isEqualTo(900);
        assertThat(account(SETTINGS.insuranceAddress()).collateral()).isEqualTo(9_100);
    }

    @Test
    void autoDeleveragingWhenTheFundCannotCover() {
        openPair(100_000, 10_000, 100);
        deposit(CAROL, 1_000_000);
        deposit("0xdave", 1_000_000);
        limit(CAROL, Side.SELL, 10_000, 30);
        limit("0xdave", Side.BUY, 10_000, 30); // carol short 30 at 100.00 as well
        List<EngineEvent> events = mark(8_000); // no bids, empty fund: alice's 100 is deleveraged
        List<RiskEvent> adl = risk(events, RiskEvent.Kind.ADL);
        // bob (short 100) and carol (short 30) are equally profitable per unit; bob has more PnL
        assertThat(adl).extracting(RiskEvent::userAddress).containsExactly(BOB);
        assertThat(adl.get(0).size()).isEqualTo(100);
        assertThat(adl.get(0).price()).isEqualTo(9_000); // bankruptcy: 100.00 − 1,000.00 / 100
        assertThat(position(BOB).size()).isZero();
        assertThat(account(ALICE).equity()).isZero();
        assertThat(account(BOB).collateral()).isEqualTo(100_000 + 100_000);
    }

    @Test
    void onlyCrossedAccountsAreLiquidated() {
        openPair(100_000, 10_000, 50); // alice 5x: liquidated near 80.40
        deposit(CAROL, 1_000_000);
        deposit(SETTINGS.insuranceAddress(), 1_000_000);
        limit(CAROL, Side.BUY, 9_000, 10);
        assertThat(risk(mark(9_000), RiskEvent.Kind.ACCOUNT_LIQUIDATED)).isEmpty();
        assertThat(risk(mark(8_000), RiskEvent.Kind.ACCOUNT_LIQUIDATED)).extracting(RiskEvent::userAddress)
                .containsExactly(ALICE);
    }

    @Test
    void theFundUnwindsWhatItTookOverWhenTheBookAllows() {
        openPair(100_000, 10_000, 100);
        String fund = SETTINGS.insuranceAddress();
        deposit(fund, 1_000_000);
        deposit(CAROL, 1_000_000);
        limit(CAROL, Side.BUY, 8_900, 50);
        mark(9_000); // as above: the book takes 50, the fund 50 at 91.00
        assertThat(engine.position(fund, M)).isEqualTo(50);
        assertThat(mark(9_000)).as("no bid within the band: the fund keeps it")
                .noneMatch(EngineEvent.Fill.class::isInstance);
        assertThat(engine.position(fund, M)).isEqualTo(50);

        deposit("0xdave", 1_000_000);
        limit("0xdave", Side.BUY, 8_800, 30); // within 5% of a 92.00 mark
        List<EngineEvent> events = mark(9_200);

        List<EngineEvent.Fill> fills = events.stream().filter(EngineEvent.Fill.class::isInstance)
                .map(EngineEvent.Fill.class::cast).toList();
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.taker().userAddress()).isEqualTo(fund);
            assertThat(f.taker().reduceOnly()).isTrue();
            assertThat(f.liquidation()).as("the fund's unwinding is not a liquidation").isFalse();
            assertThat(f.price()).isEqualTo(8_800);
            assertThat(f.size()).isEqualTo(30);
        });
        assertThat(risk(events, RiskEvent.Kind.LIQUIDATION_FEE)).isEmpty();
        assertThat(engine.position(fund, M)).isEqualTo(20);
        assertThat(engine.position("0xdave", M)).isEqualTo(30);
        // 30 of the 50 taken at 91.00 sold at 88.00: the fund realised a loss of 90.00
        AccountView view = account(fund);
        assertThat(view.collateral()).isEqualTo(1_000_000 - 9_000);
        assertThat(view.positions()).singleElement().satisfies(p -> assertThat(p.entryCost()).isEqualTo(20 * 9_100));
    }

    @Test
    void untriggeredStopAndTakeProfitOrdersAreCancelledToo() {
        openPair(100_000, 10_000, 100);
        deposit(SETTINGS.insuranceAddress(), 1_000_000);
        deposit(CAROL, 1_000_000);
        limit(CAROL, Side.BUY, 8_900, 100);
        run(conditional(TriggerKind.STOP, 8_500)); // a stop-loss below the liquidation price
        run(conditional(TriggerKind.TAKE_PROFIT, 12_000));
        assertThat(engine.conditionalOrders(ALICE, M)).hasSize(2);

        List<EngineEvent> events = mark(9_000);

        assertThat(risk(events, RiskEvent.Kind.ACCOUNT_LIQUIDATED)).hasSize(1);
        assertThat(events).filteredOn(EngineEvent.ConditionalCancelled.class::isInstance)
                .extracting(e -> ((EngineEvent.ConditionalCancelled) e).reason())
                .containsExactly(CancelReason.LIQUIDATION, CancelReason.LIQUIDATION);
        assertThat(engine.conditionalOrders(ALICE, M)).isEmpty();
        // the stop would have fired here and sold 100 alice no longer holds
        assertThat(mark(8_400)).noneMatch(EngineEvent.ConditionalTriggered.class::isInstance);
        assertThat(engine.position(ALICE, M)).isZero();
    }

    private PlaceConditionalOrder conditional(TriggerKind kind, long trigger) {
        return new PlaceConditionalOrder(now(), ALICE, M, Side.SELL, kind, OrderType.MARKET, trigger,
                TriggerReference.MARK, PlaceOrder.NO_PRICE, 100, null, true, null, PlaceOrder.NO_EXPIRY, null);
    }
}
