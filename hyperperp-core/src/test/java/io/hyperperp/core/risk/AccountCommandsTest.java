package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deposits, withdrawals, leverage and funding (see {@link RiskFixture} for the units). */
class AccountCommandsTest extends RiskFixture {

    @Test
    void depositCreditsCollateralOncePerId() {
        List<EngineEvent> first = run(new Deposit(now(), ALICE, 100_000, "0xtx1"));
        assertThat(risk(first)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RiskEvent.Kind.DEPOSIT);
            assertThat(e.amount()).isEqualTo(100_000);
            assertThat(e.reference()).isEqualTo("0xtx1");
            assertThat(e.collateral()).isEqualTo(100_000);
        });
        assertThat(run(new Deposit(now(), ALICE, 100_000, "0xtx1"))).isEmpty();
        assertThat(account(ALICE).collateral()).isEqualTo(100_000);
        assertThat(engine.netDeposits()).isEqualTo(100_000);
    }

    @Test
    void badDepositsAreRejected() {
        assertThat(rejection(run(new Deposit(now(), ALICE, 0, "a")))).isEqualTo(RejectReason.INVALID_AMOUNT);
        assertThat(rejection(run(new Deposit(now(), ALICE, -5, "b")))).isEqualTo(RejectReason.INVALID_AMOUNT);
        assertThat(rejection(run(new Deposit(now(), ALICE, 5, "")))).isEqualTo(RejectReason.INVALID_DEPOSIT_ID);
        assertThat(rejection(run(new Deposit(now(), ALICE, 5, "x".repeat(129)))))
                .isEqualTo(RejectReason.INVALID_DEPOSIT_ID);
        assertThat(rejection(run(new Deposit(now(), "", 5, "c")))).isEqualTo(RejectReason.INVALID_USER);
        assertThat(rejection(run(new Deposit(now(), ALICE, Long.MAX_VALUE, "d"))))
                .isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(engine.account(ALICE)).isEmpty();
    }

    @Test
    void withdrawalTakesOnlyFreeCollateral() {
        deposit(ALICE, 100_000); // 1,000.00
        limit(ALICE, Side.BUY, 10_000, 40); // 4,000.00 at 10x: 400.00 of margin
        assertThat(account(ALICE).freeCollateral()).isEqualTo(60_000);
        assertThat(rejection(withdraw(ALICE, 60_001))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(risk(withdraw(ALICE, 60_000))).singleElement()
                .satisfies(e -> assertThat(e.collateral()).isEqualTo(40_000));
        assertThat(engine.netDeposits()).isEqualTo(40_000);
        assertThat(rejection(withdraw(ALICE, 0))).isEqualTo(RejectReason.INVALID_AMOUNT);
        assertThat(rejection(withdraw(CAROL, 1))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
    }

    @Test
    void leverageIsValidatedAndMayNotRaiseMarginAboveEquity() {
        deposit(ALICE, 100_000);
        assertThat(rejection(leverage(ALICE, 0))).isEqualTo(RejectReason.INVALID_LEVERAGE);
        assertThat(rejection(leverage(ALICE, 51))).isEqualTo(RejectReason.INVALID_LEVERAGE);
        assertThat(rejection(run(new SetLeverage(now(), ALICE, NONE_MARKET, 5))))
                .isEqualTo(RejectReason.MARGIN_DISABLED);
        assertThat(rejection(run(new SetLeverage(now(), ALICE, 99, 5)))).isEqualTo(RejectReason.UNKNOWN_MARKET);
        limit(ALICE, Side.BUY, 10_000, 100); // 10,000.00 at 10x uses all 1,000.00
        assertThat(rejection(leverage(ALICE, 5))).isEqualTo(RejectReason.INSUFFICIENT_MARGIN);
        assertThat(risk(leverage(ALICE, 20))).singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo(20));
        assertThat(account(ALICE).marginUsed()).isEqualTo(50_000);
        assertThat(position(ALICE).leverage()).isEqualTo(20);
    }

    @Test
    void fundingMovesFromLongsToShortsWithRoundingToTheInsuranceFund() {
        openPair(100_000, 10_000, 10); // 1,000.00 of notional
        mark(10_000);
        List<RiskEvent> events = risk(funding(10_000)); // 0.01%: 0.10 each way
        assertThat(events).extracting(RiskEvent::userAddress, RiskEvent::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, 10L),
                        org.assertj.core.groups.Tuple.tuple(BOB, -10L));
        assertThat(account(ALICE).collateral()).isEqualTo(99_990);
        assertThat(account(BOB).collateral()).isEqualTo(100_010);

        List<RiskEvent> tiny = risk(funding(-1)); // shorts pay 1e-8 of 1,000.00: rounds to 1 and 0
        assertThat(tiny).extracting(RiskEvent::userAddress, RiskEvent::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, 0L),
                        org.assertj.core.groups.Tuple.tuple(BOB, 1L),
                        org.assertj.core.groups.Tuple.tuple(SETTINGS.insuranceAddress(), -1L));
        assertThat(account(SETTINGS.insuranceAddress()).collateral()).isEqualTo(1);
    }

    @Test
    void fundingRejections() {
        assertThat(rejection(funding(10))).isEqualTo(RejectReason.NO_MARK_PRICE);
        assertThat(rejection(funding(1_000_001))).isEqualTo(RejectReason.INVALID_FUNDING_RATE);
        assertThat(rejection(funding(Long.MIN_VALUE))).isEqualTo(RejectReason.INVALID_FUNDING_RATE);
        assertThat(rejection(run(new ApplyFunding(now(), "0xop", NONE_MARKET, 10))))
                .isEqualTo(RejectReason.MARGIN_DISABLED);
        assertThat(rejection(run(new ApplyFunding(now(), "0xop", 77, 10)))).isEqualTo(RejectReason.UNKNOWN_MARKET);
    }
}
