package io.hyperperp.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementConfigTest {

    @Test
    void defaultsFollowTheSeed() {
        SettlementConfig d = SettlementConfig.fromEnv(Map.of());
        assertThat(d).isEqualTo(SettlementConfig.defaults());
        assertThat(d.batchSize()).isEqualTo(10);
        assertThat(d.batchTimeoutMillis()).isEqualTo(5_000);
        assertThat(d.maxSlippageBps()).isEqualTo(500);
        assertThat(d.batchTtlSeconds()).isEqualTo(300);
    }

    @Test
    void readsEveryVariable() {
        SettlementConfig c = SettlementConfig.fromEnv(Map.of(
                "HYPERPERP_SETTLEMENT__BATCH_SIZE", "25",
                "HYPERPERP_SETTLEMENT__BATCH_TIMEOUT_SECS", "0.25",
                "HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE", "0.0125",
                "HYPERPERP_SETTLEMENT__BATCH_TTL_SECS", "60",
                "HYPERPERP_SETTLEMENT__MAX_IN_FLIGHT", "3",
                "HYPERPERP_SETTLEMENT__RETRY_INITIAL_MS", "50",
                "HYPERPERP_SETTLEMENT__RETRY_MAX_MS", "5000",
                "HYPERPERP_SETTLEMENT__JITTER_SEED", "7"));
        assertThat(c).isEqualTo(new SettlementConfig(25, 250, 60, 125, 3, 50, 5_000, 7));
    }

    @Test
    void refusesWhatItCannotRepresent() {
        assertThatThrownBy(() -> SettlementConfig.fromEnv(Map.of("HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE", "0.00005")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettlementConfig.fromEnv(Map.of("HYPERPERP_SETTLEMENT__BATCH_TIMEOUT_SECS", "0.0001")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettlementConfig.fromEnv(Map.of("HYPERPERP_SETTLEMENT__BATCH_SIZE", "ten")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettlementConfig.fromEnv(Map.of("HYPERPERP_SETTLEMENT__BATCH_SIZE", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettlementConfig.fromEnv(Map.of("HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
