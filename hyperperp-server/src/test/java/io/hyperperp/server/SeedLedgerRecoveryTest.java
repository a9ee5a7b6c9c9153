package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's deposit ledger against the engine's collateral. An admin deposit ({@code POST /deposit}) is booked
 * by the engine first and stored in the seed's ledger after: a crash between the two writes left collateral the
 * seed's ledger (and so its freeze checks) never counted. And the ledger recorded whatever the request said for
 * a deposit id the engine had booked before, even one booked through {@code /v1/deposits} for another user.
 */
class SeedLedgerRecoveryTest {

    private static final String ADMIN = "seed-ledger-admin-token-0123456789";
    private static final Map<String, String> SETTINGS = Map.of("auth.admin_token", ADMIN,
            "server.default_margin", "cross");

    private static TestServer.Reply admin(TestServer t, String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    @Test
    void aCrashBetweenTheEngineAndTheSeedLedgerIsRepairedAtStartUp(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            TestServer.Reply r = admin(t, "/deposit", "{\"user_address\":\"0x5eed\",\"amount\":2500000,"
                    + "\"deposit_id\":\"lost\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("credited").asBoolean()).isTrue();
            // The process dies after the engine's commit, before the seed's ledger stored the credit.
            try (Connection c = t.server.backend().dataSource().orElseThrow().getConnection();
                 Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("DELETE FROM collateral_credits WHERE deposit_id = 'admin:lost'"))
                        .isEqualTo(1);
            }
        }
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            assertThat(t.server.deposits().isCredited("admin:lost")).isTrue();
            assertThat(t.server.deposits().balance("0x5eed")).isEqualTo(BigInteger.valueOf(2_500_000));
            // Once, however often the server starts.
        }
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            assertThat(t.server.deposits().balance("0x5eed")).isEqualTo(BigInteger.valueOf(2_500_000));
            assertThat(t.get("/v1/accounts/0x5eed").json().get("collateral").asText()).isEqualTo("2.5");
        }
    }

    @Test
    void aDepositIdBookedBeforeCreditsTheSeedLedgerNothingFromTheRequest(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            TestServer.Reply native1 = admin(t, "/v1/deposits", "{\"user_address\":\"0xa1\",\"amount\":\"1\","
                    + "\"deposit_id\":\"admin:taken\"}");
            assertThat(native1.status()).as(native1.text()).isEqualTo(200);
            TestServer.Reply seed = admin(t, "/deposit", "{\"user_address\":\"0xb2\",\"amount\":1000000000000,"
                    + "\"deposit_id\":\"taken\"}");
            assertThat(seed.status()).as(seed.text()).isEqualTo(409);
            assertThat(seed.json().at("/error/code").asText()).isEqualTo("DEPOSIT_ID_TAKEN");
            assertThat(t.server.deposits().balance("0xb2")).as("the engine booked nothing for 0xb2")
                    .isEqualTo(BigInteger.ZERO);
        }
    }
}
