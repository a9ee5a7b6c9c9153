package io.hyperperp.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.risk.RiskEvent;
import org.junit.jupiter.api.Test;

/** Account events reach {@code account:ADDRESS}: the account's own, and its counterparty's. */
class AccountChannelTest {

    @Test
    void riskEventsGoToTheAccountAndItsCounterparty() {
        RiskEvent deposit = new RiskEvent(RiskEvent.Kind.DEPOSIT, "0xa11ce", RiskEvent.NO_MARKET, 0, 0, 5, 0, null,
                "tx-1", 5);
        assertThat(StreamHub.channelsOf(new EngineEvent.Risk(7, 1, deposit))).containsExactly("account:0xa11ce");
        RiskEvent fee = new RiskEvent(RiskEvent.Kind.LIQUIDATION_FEE, "0xb0b", 1, 0, 0, 3, 0, "insurance_fund",
                "12", 0);
        assertThat(StreamHub.channelsOf(new EngineEvent.Risk(8, 1, fee)))
                .containsExactly("account:0xb0b", "account:insurance_fund");
    }
}
