package io.hyperperp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    /** A throw-away Ed25519 seed (hex), never a real account's. */
    private static final String KEY = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";

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
        assertThat(c.settlement().batchSize()).isEqualTo(100);
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
                contract_address = "0xcafe"

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
                "HYPERPERP_APTOS__ADMIN_ADDRESS", "0xa11ce", "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", KEY);
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
        Files.writeString(toml, "[persistance]\ntables = \"inline\"\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), toml))
                .hasMessageContaining("persistance").hasMessageContaining("persistence");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.data_dir", " "), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.data_dir must not be empty");
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
    void commitGatherIsTwoMillisecondsByDefaultZeroTurnsItOffAndItIsBounded() {
        assertThat(ServerConfig.defaults().commitGatherMicros()).isEqualTo(2_000);
        assertThat(ServerConfigLoader.load(Map.of("server.commit_gather_us", "0"), Map.of(), null)
                .commitGatherMicros()).isZero();
        assertThat(ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SERVER__COMMIT_GATHER_US", "500"), null)
                .commitGatherMicros()).isEqualTo(500);
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.commit_gather_us", "100001"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.commit_gather_us");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.commit_gather_us", "-1"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.commit_gather_us");
    }

    @Test
    void persistenceTablesAreInlineOrBehindWithOrWithoutHa() {
        assertThat(ServerConfigLoader.load(Map.of(), Map.of(), null).persistence())
                .isEqualTo(new PersistenceSettings(io.hyperperp.jdbc.engine.TablesMode.BEHIND, 100));
        assertThat(ServerConfigLoader.load(Map.of("persistence.tables", "inline"), Map.of(), null).persistence())
                .isEqualTo(new PersistenceSettings(io.hyperperp.jdbc.engine.TablesMode.INLINE, 100));
        assertThat(ServerConfigLoader.load(Map.of("persistence.tables", "behind", "persistence.tables_batch_ms", "20"),
                Map.of(), null).persistence())
                .isEqualTo(new PersistenceSettings(io.hyperperp.jdbc.engine.TablesMode.BEHIND, 20));
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("persistence.tables", "later"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("persistence.tables must be inline or behind");
        assertThat(ServerConfigLoader.load(Map.of("persistence.tables", "behind", "ha.enabled", "true",
                "database.url", "postgresql://localhost/x"), Map.of(), null).persistence().tables())
                .isEqualTo(io.hyperperp.jdbc.engine.TablesMode.BEHIND);
    }

    @Test
    void configurationDocListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.ALL) {
            assertThat(doc).as(s.key()).contains("`" + s.key() + "`").contains("`" + s.env() + "`");
        }
    }

    @Test
    void collateralDecimalsAreASettingOfSixByDefault() {
        assertThat(ServerConfigLoader.load(Map.of(), Map.of(), null).markets().collateralDecimals()).isEqualTo(6);
        assertThat(ServerConfigLoader.load(Map.of("server.collateral_decimals", "2"), Map.of(), null).markets()
                .collateralDecimals()).isEqualTo(2);
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.collateral_decimals", "19"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.collateral_decimals");
    }

    @Test
    void aSettlementValueOutOfRangeNamesItsSetting() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("settlement.retry_max_ms", "1"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("settlement.retry_initial_ms must be at least 1 and at most settlement.retry_max_ms")
                .hasMessageContaining("(got 200 and 1)");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("settlement.batch_ttl_secs", "0"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settlement.batch_ttl_secs must be at least 1");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("settlement.batch_timeout_secs", "0"), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settlement.batch_timeout_secs");
    }

    @Test
    void aMarketsFileNamingOtherCollateralDecimalsIsRefusedNotOverridden() throws Exception {
        Path listed = dir.resolve("listed.json");
        Files.writeString(listed, "{\"collateral_decimals\": 2, \"markets\": [{\"market_id\": 1}]}");
        Path full = dir.resolve("full.json");
        Files.writeString(full, "{\"allow_unknown_markets\": true, \"collateral_decimals\": 2, \"markets\": []}");
        for (Path file : List.of(listed, full)) {
            assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.markets_file", file.toString()), Map.of(),
                    null)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("collateral_decimals 2").hasMessageContaining("server.collateral_decimals is 6");
            assertThat(ServerConfigLoader.load(Map.of("server.markets_file", file.toString(),
                    "server.collateral_decimals", "2"), Map.of(), null).markets().collateralDecimals()).isEqualTo(2);
        }
    }

    @Test
    void corsOriginsAreAnyOrAListOfOrigins() {
        assertThat(ServerConfigLoader.load(Map.of(), Map.of(), null).corsOrigins()).containsExactly("*");
        assertThat(ServerConfigLoader.load(Map.of("server.cors_origins", "https://A.example, http://localhost:3000"),
                Map.of(), null).corsOrigins()).containsExactly("https://a.example", "http://localhost:3000");
        assertThat(ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SERVER__CORS_ORIGINS", ""), null).corsOrigins())
                .isEmpty();
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.cors_origins", "https://a.example/app"),
                Map.of(), null)).isInstanceOf(ConfigException.class).hasMessageContaining("server.cors_origins");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.cors_origins", "*,https://a.example"),
                Map.of(), null)).isInstanceOf(ConfigException.class).hasMessageContaining("cannot be combined");
    }

    @Test
    void misspeltEnvironmentVariablesStopStartUpNamingTheClosestKnownOne() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SERVR__PORT", "9000"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HYPERPERP_SERVR__PORT")
                .hasMessageContaining("did you mean HYPERPERP_SERVER__PORT?");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(),
                Map.of("HYPERPERP_DATABSE_URL", "postgresql://u:p@db/x"), null))
                .hasMessageContaining("did you mean HYPERPERP_DATABASE_URL?").hasMessageNotContaining("u:p@db");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_AUTH__ADMIN_TOKN_FILE", "/x"), null))
                .hasMessageContaining("did you mean HYPERPERP_AUTH__ADMIN_TOKEN_FILE?");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.prot", "1"), Map.of(), null))
                .hasMessageContaining("did you mean 'server.port'?");
        // The client's and the launcher's variables are not the server's business.
        ServerConfig c = ServerConfigLoader.load(Map.of(), Map.of("HYPERPERP_SERVER_URL", "http://x:1",
                "HYPERPERP_KEY_FILE", "k", "HYPERPERP_JAVA_OPTS", "-Xmx1g", "HYPERPERP_MIN_JAVA", "21"), null);
        assertThat(c.port()).isEqualTo(8080);
    }

    @Test
    void partialOrMalformedAptosSettingsStopStartUpNamingTheKey() {
        Map<String, String> complete = Map.of("HYPERPERP_APTOS__NODE_URL", "http://127.0.0.1:1/v1",
                "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", KEY, "HYPERPERP_APTOS__CONTRACT_ADDRESS", "0xcafe",
                "HYPERPERP_APTOS__CHAIN_ID", "4");
        assertThat(ServerConfigLoader.load(Map.of(), complete, null).aptos()).containsEntry("chain_id", "4");

        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(),
                Map.of("HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", KEY), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HYPERPERP_APTOS__NODE_URL is required")
                .hasMessageNotContaining(KEY);
        for (String key : complete.keySet()) {
            Map<String, String> missing = new java.util.HashMap<>(complete);
            missing.remove(key);
            assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), missing, null)).as(key)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(key).hasMessageNotContaining(KEY);
        }
        Map<String, String> badKey = new java.util.HashMap<>(complete);
        badKey.put("HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", KEY.substring(0, 40) + "zz");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), badKey, null))
                .hasMessageContaining("HYPERPERP_APTOS__ADMIN_PRIVATE_KEY is invalid").hasMessageNotContaining("zz");
        Map<String, String> badChain = new java.util.HashMap<>(complete);
        badChain.put("HYPERPERP_APTOS__CHAIN_ID", "300");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), badChain, null))
                .hasMessageContaining("HYPERPERP_APTOS__CHAIN_ID");
        Map<String, String> badLayout = new java.util.HashMap<>(complete);
        badLayout.put("HYPERPERP_APTOS__LAYOUT", "sideways");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), badLayout, null))
                .hasMessageContaining("HYPERPERP_APTOS__LAYOUT");
    }

    @Test
    void effectiveSettingsNeverShowSecrets() {
        Map<String, String> env = Map.of("HYPERPERP_APTOS__NODE_URL", "http://127.0.0.1:1/v1",
                "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY", KEY, "HYPERPERP_APTOS__CONTRACT_ADDRESS", "0xcafe",
                "HYPERPERP_APTOS__CHAIN_ID", "4", "HYPERPERP_AUTH__ADMIN_TOKEN", "token-0123456789abcdef",
                "HYPERPERP_DATABASE_URL", "postgresql://u:hunter2@127.0.0.1/db");
        ServerConfig c = ServerConfigLoader.load(Map.of("server.port", "9300"), env, null);
        String line = EffectiveSettings.line(c);
        assertThat(line).contains("server.port=9300").contains("auth.admin_token=<redacted>")
                .contains("database.url=<redacted>").contains("aptos.admin_private_key=<redacted>")
                .contains("aptos.chain_id=4").contains("settlement.batch_timeout_secs=5")
                .contains("settlement.max_price_slippage=0.05").contains("rate_limit.ip_per_sec=2000")
                .doesNotContain(KEY).doesNotContain("hunter2").doesNotContain("token-0123456789abcdef");
        assertThat(EffectiveSettings.line(ServerConfig.defaults())).doesNotContain("auth.admin_token")
                .doesNotContain("database.url");
    }

    @Test
    void numbersAreAsciiDigitsNotAnotherScriptsOrJavasOwnForms() {
        // Long.parseLong read Arabic-Indic 8080 as the port 8080; Double.parseDouble a hex float and a suffix
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("server.port", "\u0668\u0660\u0668\u0660"), Map.of(),
                null)).hasMessageContaining("server.port must be a whole number");
        for (String rate : new String[] {"0x1p3", "5d", "\uFF15"}) {
            assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("rate_limit.ip_per_sec", rate), Map.of(), null))
                    .as(rate).hasMessageContaining("rate_limit.ip_per_sec must be a number");
        }
        assertThat(ServerConfigLoader.load(Map.of("server.port", " 8081 ", "rate_limit.ip_per_sec", "1e2"), Map.of(),
                null).rateLimits().ipPerSecond()).isEqualTo(100.0);
    }
}
