package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.authMode()).isEqualTo(ServerConfig.AuthMode.NONE);
        assertThat(c.bodyLimitBytes()).isEqualTo(65536);
        assertThat(c.maxBatchOrders()).isEqualTo(100);
        assertThat(c.adminToken()).isNull();
        assertThat(c.databaseUrl()).isNull();
        assertThat(c.settlement().batchSize()).isEqualTo(10);
        assertThat(c.markets().strict()).isFalse();
    }

    @Test
    void precedenceFlagsOverEnvOverFileOverDefaults() throws Exception {
        Path toml = dir.resolve("config.toml");
        Files.writeString(toml, """
                [server]
                host = "127.0.0.1"
                port = 9000
                body_limit_bytes = 2048
                max_connections_per_ip = 3

                [settlement]
                batch_size = 50
                batch_timeout_secs = 2.5

                [aptos]
                node_url = "http://127.0.0.1:1/v1"
                chain_id = 2

                [[markets]]
                market_id = 1
                symbol = "BTC-USD"
                price_decimals = 2
                size_decimals = 4
                tick_size = "0.5"
                lot_size = "0.001"
                """);
        Map<String, String> env = Map.of("HYPERPERP_SERVER__PORT", "9100", "HYPERPERP_SERVER__MAX_CONNECTIONS_PER_IP", "5",
                "HYPERPERP_SETTLEMENT__BATCH_SIZE", "20", "HYPERPERP_SETTLEMENT__MAX_PRICE_SLIPPAGE", "0.01",
                "HYPERPERP_DATABASE_URL", "postgresql://u:secret@127.0.0.1/db", "PATH", "/bin",
                "HYPERPERP_APTOS__ADMIN_ADDRESS", "0xa11ce");
        ServerConfig c = ServerConfigLoader.load(Map.of("server.port", "9200"), env, toml);
        assertThat(c.port()).isEqualTo(9200);             // flag
        assertThat(c.http().maxConnectionsPerIp()).isEqualTo(5);            // env over file
        assertThat(c.bodyLimitBytes()).isEqualTo(2048);   // file
        assertThat(c.requestTimeoutMillis()).isEqualTo(10_000); // default
        assertThat(c.settlement().batchSize()).isEqualTo(20);
        assertThat(c.settlement().batchTimeoutMillis()).isEqualTo(2500);
        assertThat(c.settlement().maxSlippageBps()).isEqualTo(100);
        assertThat(c.databaseUrl()).isEqualTo("postgresql://u:secret@127.0.0.1/db");
        assertThat(c.toString()).doesNotContain("secret");
        assertThat(c.aptos()).containsEntry("node_url", "http://127.0.0.1:1/v1").containsEntry("chain_id", "2")
                .containsEntry("admin_address", "0xa11ce");
        assertThat(c.markets().find(1).orElseThrow().symbol()).isEqualTo("BTC-USD");
        assertThat(c.markets().find(1).orElseThrow().tickSize()).isEqualTo(50);
    }

    @Test
    void secretsFromFiles() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "  abcdefghijklmnopqrstuvwxyz\n");
        ServerConfig c = ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_AUTH__ADMIN_TOKEN_FILE", token.toString()),
                null);
        assertThat(c.adminToken()).isEqualTo("abcdefghijklmnopqrstuvwxyz");
        assertThat(c.toString()).doesNotContain("abcdefghij");
        // A flag beats the environment.
        ServerConfig d = ServerConfigLoader.load(Map.of("auth.admin_token", "flag-token-0123456789"),
                Map.of("HYPERPERP_AUTH__ADMIN_TOKEN_FILE", token.toString()), null);
        assertThat(d.adminToken()).isEqualTo("flag-token-0123456789");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_AUTH__ADMIN_TOKEN",
                "x-0123456789abcdef", "HYPERPERP_AUTH__ADMIN_TOKEN_FILE", token.toString()), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.admin_token");
    }

    @Test
    void unknownKeysAndBadValuesStopStartUp() throws Exception {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SERVER__PROT", "1"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HYPERPERP_SERVER__PROT");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.prot", "1"), Map.of(), null))
                .hasMessageContaining("server.prot");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.port", "70000"), Map.of(), null))
                .hasMessageContaining("server.port");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.port", "abc"), Map.of(), null))
                .hasMessageContaining("server.port");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("auth.mode", "magic"), Map.of(), null))
                .hasMessageContaining("auth.mode");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(),
                Map.of("HYPERPERP_SETTLEMENT__BATCH_SIZE", "ten"), null)).hasMessageContaining("BATCH_SIZE");
        Path toml = dir.resolve("bad.toml");
        Files.writeString(toml, "[server]\nhots = \"x\"\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), toml)).hasMessageContaining("server.hots");
        Files.writeString(toml, "[sever]\nhost = \"x\"\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), toml)).hasMessageContaining("sever");
        Files.writeString(toml, "[[markets]]\nmarket_id = 1\ntick_size = \"0\"\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), toml)).hasMessageContaining("markets");
    }

    @Test
    void authNoneOnlyOnLoopbackUnlessForced() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.host", "0.0.0.0"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("loopback");
        assertThat(ServerConfigLoader.load(Map.of("server.host", "0.0.0.0", "server.allow_insecure_no_auth", "true"),
                Map.of(), null).host()).isEqualTo("0.0.0.0");
        assertThat(ServerConfigLoader.load(Map.of("server.host", "0.0.0.0", "auth.mode", "signature"), Map.of(), null)
                .authMode()).isEqualTo(ServerConfig.AuthMode.SIGNATURE);
        assertThat(ServerConfigLoader.load(Map.of("server.host", "localhost"), Map.of(), null).host())
                .isEqualTo("localhost");
    }

    @Test
    void configurationDocListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.ALL) {
            assertThat(doc).as(s.key()).contains("`" + s.key() + "`").contains("`" + s.env() + "`");
        }
    }
}
