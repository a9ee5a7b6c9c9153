package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settlement settings an operator got wrong name the key: {@code batch_timeout_secs = nan} in config.toml said
 * "invalid HYPERPERP_SETTLEMENT__* setting: Character N is neither a decimal digit number, ...", and a batch size
 * past 32 bits only "integer overflow".
 */
class HostileSettlementConfigTest {

    @TempDir
    Path dir;

    private ServerConfig toml(String text) throws Exception {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, text);
        return ServerConfigLoader.load(Map.of(), Map.of(), file);
    }

    @Test
    void aMalformedDecimalNamesItsKey() {
        assertThatThrownBy(() -> toml("[settlement]\nbatch_timeout_secs = nan\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("settlement.batch_timeout_secs").hasMessageContaining("not a decimal number");
        assertThatThrownBy(() -> toml("[settlement]\nbatch_timeout_secs = 0.0001\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settlement.batch_timeout_secs")
                .hasMessageContaining("more than 3 decimal places");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("settlement.max_price_slippage", "5%"), Map.of(),
                null)).isInstanceOf(ConfigException.class).hasMessageContaining("settlement.max_price_slippage");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE",
                "0.00001"), null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE");
    }

    @Test
    void aWholeNumberPast32BitsNamesItsKey() {
        assertThatThrownBy(() -> toml("[settlement]\nbatch_size = 99999999999\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("settlement.batch_size").hasMessageContaining("too large");
        assertThatThrownBy(() -> toml("[settlement]\nmax_in_flight = 4294967297\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settlement.max_in_flight");
    }

    @Test
    void wellFormedValuesStillLoad() throws Exception {
        ServerConfig c = toml("[settlement]\nbatch_timeout_secs = 0.25\nmax_price_slippage = 0.05\nbatch_size = 7\n");
        assertThat(c.settlement().batchTimeoutMillis()).isEqualTo(250);
        assertThat(c.settlement().maxSlippageBps()).isEqualTo(500);
        assertThat(c.settlement().batchSize()).isEqualTo(7);
    }
}
