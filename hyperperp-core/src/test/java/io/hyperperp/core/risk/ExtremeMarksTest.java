package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hostile oracle: marks whipsawed between one tick and the largest the positions can be valued at,
 * funding at the largest rate both ways, with resting orders on the book. Every command keeps collateral
 * conserved ({@link RiskFixture#run} checks it after each), no account is left below zero, and a mark
 * or a rate past the bounds is a rejection, never an exception.
 */
class ExtremeMarksTest extends RiskFixture {

    private static final String[] USERS = {ALICE, BOB, CAROL};

    private void assertNoNegativeCollateral() {
        for (String user : USERS) {
            engine.account(user).ifPresent(a -> assertThat(a.collateral()).as(user).isGreaterThanOrEqualTo(0));
        }
    }

    /** The largest power-of-ten mark the engine accepts now (it refuses marks the positions overflow at). */
    private long largestAcceptedMark() {
        for (long mark = 1_000_000_000_000_000_000L; mark > 1; mark /= 10) {
            List<EngineEvent> events = mark(mark);
            assertNoNegativeCollateral();
            if (events.stream().noneMatch(EngineEvent.CommandRejected.class::isInstance)) {
                return mark;
            }
            assertThat(rejection(events)).isEqualTo(RejectReason.AMOUNT_TOO_LARGE);
        }
        return 1;
    }

    @Test
    void whipsawedMarksAndFundingKeepCollateralConserved() {
        openPair(100_000, 10_000, 100);
        deposit(CAROL, 1_000_000);
        limit(CAROL, Side.BUY, 9_000, 50);
        limit(CAROL, Side.SELL, 11_000, 50);
        long rate = RISK.maxFundingRate();
        int liquidated = 0;
        for (int round = 0; round < 6; round++) {
            assertNoNegativeCollateral();
            // one tick: every long is under water
            liquidated += risk(mark(1), RiskEvent.Kind.ACCOUNT_LIQUIDATED).size();
            assertNoNegativeCollateral();
            assertThat(largestAcceptedMark()).isPositive(); // every short is
            funding(round % 2 == 0 ? rate : -rate);
            assertThat(rejection(funding(rate + 1))).isEqualTo(RejectReason.INVALID_FUNDING_RATE);
            assertThat(rejection(mark(0))).isEqualTo(RejectReason.INVALID_PRICE);
            limit(CAROL, Side.BUY, 9_000, 10);
            limit(ALICE, Side.SELL, 9_000, 10);
        }
        assertNoNegativeCollateral();
        assertThat(liquidated).as("accounts driven through liquidation").isPositive();
        assertThat(engine.conservedTotal()).isEqualTo(engine.netDeposits());
    }
}
