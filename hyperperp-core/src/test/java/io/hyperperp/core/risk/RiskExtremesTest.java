package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Risk at its extremes, session 14's review: funding rates and marks at and past their limits, funding with no
 * positions and at the maximum rate until accounts break, liquidation with an empty book and an empty insurance
 * fund (ADL into several counterparties, and into the only counterparty), a deposit id reused by another user,
 * a withdrawal of exactly the free collateral with a position open. Every command is a rejection with a reason or
 * conserves collateral ({@link RiskFixture#run} checks it after each); none throws.
 */
class RiskExtremesTest extends RiskFixture {

    private static final long MAX_RATE = RISK.maxFundingRate();

    @Test
    void fundingAtAndPastItsBounds() {
        assertThat(rejection(funding(100))).isEqualTo(RejectReason.NO_MARK_PRICE);
        mark(10_000);
        // No positions: nothing to pay, nothing to refuse.
        assertThat(risk(funding(MAX_RATE))).isEmpty();
        openPair(100_000, 10_000, 10);
        // A rate of 0 books a payment of 0 for each position and moves nothing.
        assertThat(risk(funding(0), RiskEvent.Kind.FUNDING)).hasSize(2).allSatisfy(e -> assertThat(e.amount()).isZero());
        assertThat(account(ALICE).collateral()).isEqualTo(100_000);
        for (long rate : new long[] {MAX_RATE + 1, -MAX_RATE - 1, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1}) {
            assertThat(rejection(funding(rate))).as("rate %d", rate).isEqualTo(RejectReason.INVALID_FUNDING_RATE);
        }
        long alice = account(ALICE).collateral();
        assertThat(risk(funding(MAX_RATE), RiskEvent.Kind.FUNDING)).hasSize(2);
        assertThat(account(ALICE).collateral()).isEqualTo(alice - 1_000); // 1% of 1,000.00 of notional
        assertThat(risk(funding(-MAX_RATE), RiskEvent.Kind.FUNDING)).hasSize(2);
        // 10^-8 of 1,000.00: the payer (Bob, short, at a negative rate) pays one unit rounded up, Alice receives 0
        // rounded down, and the unit goes to the insurance fund.
        assertThat(risk(funding(-1), RiskEvent.Kind.FUNDING)).extracting(RiskEvent::userAddress, RiskEvent::amount)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(ALICE, 0L),
                        org.assertj.core.groups.Tuple.tuple(BOB, 1L),
                        org.assertj.core.groups.Tuple.tuple(SETTINGS.insuranceAddress(), -1L));
    }

    @Test
    void marksAtTheirLimits() {
        openPair(20_000, 10_000, 10); // 200.00 each for 1,000.00 of notional: 5x
        for (long price : new long[] {0, -1, Long.MIN_VALUE}) {
            assertThat(mark(price)).as("mark %d", price).anyMatch(EngineEvent.CommandRejected.class::isInstance);
        }
        assertThat(rejection(mark(Long.MAX_VALUE))).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        assertThat(position(ALICE).markPrice()).isEqualTo(10_000);
        // One tick: Alice is wiped out, against an empty book and an empty fund: Bob takes her position by ADL.
        List<EngineEvent> crash = mark(1);
        assertThat(risk(crash, RiskEvent.Kind.ACCOUNT_LIQUIDATED)).hasSize(1);
        assertThat(risk(crash, RiskEvent.Kind.ADL)).singleElement()
                .satisfies(e -> assertThat(e.userAddress()).isEqualTo(BOB));
        assertThat(engine.position(ALICE, M)).isZero();
        assertThat(engine.position(BOB, M)).isZero();
        assertThat(account(ALICE).collateral()).isZero();
    }

    /** Maximum-rate funding until the payer breaks: every step conserves, the payer is liquidated, none throws. */
    @Test
    void maximumFundingUntilThePayerIsLiquidated() {
        long price = 100_000_000_000L; // the largest accepted positions (ArithmeticBoundsTest)
        deposit(ALICE, 2_000_000_000_000_000L);
        deposit(BOB, 2_000_000_000_000_000L);
        limit(BOB, Side.SELL, price, 100_000);
        limit(ALICE, Side.BUY, price, 100_000);
        mark(price);
        boolean liquidated = false;
        for (int i = 0; i < 200 && !liquidated; i++) {
            List<EngineEvent> events = funding(MAX_RATE);
            liquidated = !risk(events, RiskEvent.Kind.ACCOUNT_LIQUIDATED).isEmpty();
            assertThat(account(ALICE).collateral()).isNotNegative();
        }
        assertThat(liquidated).as("Alice paid 1% a step until she broke").isTrue();
        assertThat(engine.position(ALICE, M)).isZero();
    }

    /** ADL shares the remainder between the counterparties, and takes it from the only one when there is one. */
    @Test
    void adlWithAnEmptyBookAndAnEmptyFund() {
        deposit(ALICE, 10_000);
        deposit(BOB, 100_000);
        deposit(CAROL, 100_000);
        limit(BOB, Side.SELL, 10_000, 5);
        limit(CAROL, Side.SELL, 10_000, 5);
        limit(ALICE, Side.BUY, 10_000, 10);
        List<EngineEvent> crash = mark(8_000);
        assertThat(risk(crash, RiskEvent.Kind.ACCOUNT_LIQUIDATED)).hasSize(1);
        assertThat(risk(crash, RiskEvent.Kind.ADL)).extracting(RiskEvent::userAddress)
                .containsExactlyInAnyOrder(BOB, CAROL);
        assertThat(engine.position(ALICE, M)).isZero();
        assertThat(engine.position(BOB, M) + engine.position(CAROL, M)).isZero();
        assertThat(account(ALICE).collateral()).isZero();
    }

    @Test
    void aDepositIdReusedByAnotherUserCreditsNobody() {
        run(new Deposit(now(), ALICE, 1_000, "0xsame"));
        List<EngineEvent> again = run(new Deposit(now(), BOB, 5_000, "0xsame"));
        assertThat(risk(again)).isEmpty();
        assertThat(engine.account(BOB).map(AccountView::collateral).orElse(0L)).isZero();
        assertThat(engine.netDeposits()).isEqualTo(1_000);
    }

    @Test
    void exactlyTheFreeCollateralWithAPositionOpen() {
        openPair(100_000, 10_000, 10); // 1,000.00 each, 1,000.00 of notional at 10x: 100.00 used
        mark(10_050);
        long free = account(ALICE).freeCollateral();
        assertThat(free).isPositive();
        assertThat(rejection(withdraw(ALICE, free + 1))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(risk(withdraw(ALICE, free))).hasSize(1);
        assertThat(account(ALICE).freeCollateral()).isZero();
        assertThat(rejection(withdraw(ALICE, 1))).isEqualTo(RejectReason.INSUFFICIENT_FREE_COLLATERAL);
        assertThat(engine.position(ALICE, M)).isEqualTo(10);
    }
}
