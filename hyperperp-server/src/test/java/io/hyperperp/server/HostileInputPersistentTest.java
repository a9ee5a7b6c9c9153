package io.hyperperp.server;

import static io.hyperperp.server.AccountApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input that the engine used to accept but embedded PostgreSQL could not store or read back:
 * each case answers a 4xx or succeeds, and the server keeps committing and restarts afterwards.
 */
class HostileInputPersistentTest {

    private static final String ADMIN = "hostile-admin-token-0123456789";
    private static final Map<String, String> SETTINGS = Map.of("auth.admin_token", ADMIN,
            "server.default_margin", "cross");
    private static Path dataDir;
    private static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("hyperperp-hostile");
        t = TestServer.startPersistent(SETTINGS, dataDir);
    }

    @AfterAll
    static void stop() {
        t.close();
        TestServer.deleteDirectory(dataDir);
    }

    private static TestServer.Reply admin(String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    /** A NUL in a deposit id failed every later commit: the engine refused all commands until a restart. */
    @Test
    void depositIdsThatTextCannotHoldAreRefusedAndCommitsGoOn() throws Exception {
        assertError(admin("/v1/deposits", "{\"user_address\":\"0xd00d\",\"amount\":\"5\",\"deposit_id\":\"a\\u0000b\"}"),
                400, "INVALID_DEPOSIT_ID", "deposit_id");
        assertError(admin("/v1/deposits", "{\"user_address\":\"0xd00d\",\"amount\":\"5\",\"deposit_id\":\"\\ud800\"}"),
                400, "INVALID_DEPOSIT_ID", "deposit_id");
        // the seed's admin deposit stores the credit before the engine sees it: it was a 500
        assertError(admin("/deposit", "{\"user_address\":\"0xd00d\",\"amount\":5,\"deposit_id\":\"\\u0000\"}"),
                400, "INVALID_FIELD", "deposit_id");

        TestServer.Reply fine = admin("/v1/deposits",
                "{\"user_address\":\"0xd00d\",\"amount\":\"5\",\"deposit_id\":\"d\u00e9p\u00f4t 1\"}");
        assertThat(fine.status()).as(fine.text()).isEqualTo(200);
        assertThat(fine.json().get("account").get("collateral").asText()).isEqualTo("5.0");
        TestServer.Reply health = t.get("/health");
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.json().get("engine").asText()).isEqualTo("up");
    }

    /**
     * A leverage change is the first thing some users do in a market, before any order there: its account
     * row named a market that had no markets row yet, and the next start-up stopped on it.
     */
    @Test
    void leverageInAMarketWithoutOrdersSurvivesARestart() throws Exception {
        TestServer.Reply set = t.post("/v1/leverage", "{\"user_address\":\"0x1e7e\",\"market_id\":4242,\"leverage\":5}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);

        t.close();
        t = TestServer.startPersistent(SETTINGS, dataDir);
        TestServer.Reply account = t.get("/v1/accounts/0x1e7e");
        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().at("/markets/0/market_id").asLong()).as(account.text()).isEqualTo(4242);
        assertThat(account.json().at("/markets/0/leverage").asInt()).as(account.text()).isEqualTo(5);
    }
}
