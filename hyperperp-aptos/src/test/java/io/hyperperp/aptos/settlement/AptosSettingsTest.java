package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptosSettingsTest {

    static final String SEED = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";
    static final String P = AptosSettings.ENV_PREFIX;

    @TempDir
    Path dir;

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put(P + "NODE_URL", "https://node.example/v1");
        env.put(P + "ADMIN_PRIVATE_KEY", "0x" + SEED);
        env.put(P + "CONTRACT_ADDRESS", "0xcafe");
        env.put(P + "CHAIN_ID", "2");
        return env;
    }

    @Test
    void defaults() {
        AptosSettings s = AptosSettings.fromEnv(minimal());
        AccountAddress derived = Ed25519PrivateKey.fromString(SEED).accountAddress();
        assertThat(s.adminAddress()).isEqualTo(derived);
        assertThat(s.eventsAddress()).isEqualTo(derived);
        assertThat(s.module()).isEqualTo("perp_engine");
        assertThat(s.function()).isEqualTo("apply_batch_v");
        assertThat(s.layout()).isEqualTo(BatchLayout.BATCH);
        assertThat(s.txnTtlSecs()).isEqualTo(60);
        assertThat(s.maxInFlight()).isEqualTo(8);
        assertThat(s.gasPrice()).isZero();
        assertThat(s.maxGas()).isEqualTo(AptosSettings.DEFAULT_MAX_GAS);
        assertThat(s.simulate()).isFalse();
        assertThat(s.apiKey()).isNull();
        assertThat(s.chainId()).isEqualTo(2);
    }

    @Test
    void everySetting() throws Exception {
        Map<String, String> env = minimal();
        env.remove(P + "ADMIN_PRIVATE_KEY");
        Path key = dir.resolve("k");
        Files.writeString(key, "ed25519-priv-0x" + SEED);
        env.put(P + "ADMIN_PRIVATE_KEY_FILE", key.toString());
        env.put(P + "ADMIN_ADDRESS", "0xad");
        env.put(P + "MODULE", "engine2");
        env.put(P + "LAYOUT", "per-fill");
        env.put(P + "EVENTS_ADDRESS", "0xe1");
        env.put(P + "MAX_GAS", "5000");
        env.put(P + "GAS_PRICE", "150");
        env.put(P + "TXN_TTL_SECS", "30");
        env.put(P + "MAX_IN_FLIGHT", "16");
        env.put(P + "API_KEY", "k-123");
        env.put(P + "SIMULATE", "true");
        AptosSettings s = AptosSettings.fromEnv(env);
        assertThat(s.adminAddress()).isEqualTo(AccountAddress.parse("0xad"));
        assertThat(s.function()).isEqualTo("apply_batch_simple");
        assertThat(s.layout()).isEqualTo(BatchLayout.PER_FILL);
        assertThat(s.eventsAddress()).isEqualTo(AccountAddress.parse("0xe1"));
        assertThat(s.batchCall().function()).isEqualTo("apply_batch_simple");
        assertThat(s.batchCall().module()).isEqualTo("engine2");
        assertThat(s).extracting(AptosSettings::maxGas, AptosSettings::gasPrice, AptosSettings::txnTtlSecs,
                AptosSettings::maxInFlight, AptosSettings::apiKey, AptosSettings::simulate)
                .containsExactly(5000L, 150L, 30L, 16, "k-123", true);
    }

    @Test
    void toStringHidesTheKeyAndTheApiKey() {
        Map<String, String> env = minimal();
        env.put(P + "API_KEY", "very-secret-api-key");
        String text = AptosSettings.fromEnv(env).toString();
        assertThat(text).doesNotContain(SEED).doesNotContain("very-secret-api-key").contains("adminKey=redacted")
                .contains("apiKey=redacted").contains("layout=batch");
    }

    @Test
    void badValuesNameTheVariable() {
        Map<String, String> cases = new HashMap<>();
        cases.put("NODE_URL", "ftp://x");
        cases.put("CHAIN_ID", "300");
        cases.put("CONTRACT_ADDRESS", "0xzz");
        cases.put("ADMIN_ADDRESS", "nothex");
        cases.put("EVENTS_ADDRESS", "0x" + "1".repeat(65));
        cases.put("LAYOUT", "columns");
        cases.put("MODULE", "perp-engine");
        cases.put("FUNCTION", "1apply");
        cases.put("MAX_GAS", "0");
        cases.put("GAS_PRICE", "cheap");
        cases.put("TXN_TTL_SECS", "-1");
        cases.put("MAX_IN_FLIGHT", "101");
        cases.put("SIMULATE", "maybe");
        cases.put("ADMIN_PRIVATE_KEY", SEED.substring(0, 63) + "g");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Map<String, String> env = minimal();
            env.put(P + c.getKey(), c.getValue());
            assertThatThrownBy(() -> AptosSettings.fromEnv(env)).as(c.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(P + c.getKey() + " ")
                    .hasMessageNotContaining(SEED.substring(0, 63));
        }
        for (String required : new String[] {"NODE_URL", "CONTRACT_ADDRESS", "CHAIN_ID", "ADMIN_PRIVATE_KEY"}) {
            Map<String, String> env = minimal();
            env.remove(P + required);
            assertThatThrownBy(() -> AptosSettings.fromEnv(env)).hasMessageStartingWith(P + required + " ")
                    .hasMessageContaining("required");
        }
        Map<String, String> both = minimal();
        both.put(P + "ADMIN_PRIVATE_KEY_FILE", "/x");
        assertThatThrownBy(() -> AptosSettings.fromEnv(both)).hasMessageContaining("both set");
        Map<String, String> noFile = minimal();
        noFile.remove(P + "ADMIN_PRIVATE_KEY");
        noFile.put(P + "ADMIN_PRIVATE_KEY_FILE", dir.resolve("missing").toString());
        assertThatThrownBy(() -> AptosSettings.fromEnv(noFile)).hasMessageStartingWith(P + "ADMIN_PRIVATE_KEY_FILE ");
    }
}
