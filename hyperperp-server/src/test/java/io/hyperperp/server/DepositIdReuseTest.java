package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deposit id the engine booked before (session 14's review left it answered {@code credited: false} without
 * saying why): a retry by the same user for the same amount is {@code credited: false} with the reason
 * {@code DEPOSIT_ID_ALREADY_BOOKED}; the id sent for another user, or for another amount, is 409
 * {@code DEPOSIT_ID_TAKEN} naming {@code deposit_id} and whom it was booked for. Both APIs, in memory and on
 * the embedded PostgreSQL (where the answer comes from the deposit's ledger entry, also after a restart).
 */
class DepositIdReuseTest {

    private static final String ADMIN = "deposit-reuse-admin-token-0123456789";
    private static final Map<String, String> SETTINGS = Map.of("auth.admin_token", ADMIN,
            "server.default_margin", "cross");

    private static TestServer.Reply admin(TestServer t, String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static TestServer.Reply v1(TestServer t, String user, String amount, String id) throws Exception {
        return admin(t, "/v1/deposits", "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount
                + "\",\"deposit_id\":\"" + id + "\"}");
    }

    private static TestServer.Reply seed(TestServer t, String user, long amount, String id) throws Exception {
        return admin(t, "/deposit", "{\"user_address\":\"" + user + "\",\"amount\":" + amount
                + ",\"deposit_id\":\"" + id + "\"}");
    }

    private static void retry(TestServer.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("credited").asBoolean()).as(r.text()).isFalse();
        assertThat(r.json().get("reason").asText()).isEqualTo("DEPOSIT_ID_ALREADY_BOOKED");
    }

    private static void taken(TestServer.Reply r, String... said) {
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("DEPOSIT_ID_TAKEN");
        assertThat(r.json().at("/error/field").asText()).isEqualTo("deposit_id");
        assertThat(r.json().at("/error/message").asText()).contains(said);
    }

    private static String collateral(TestServer t, String user) throws Exception {
        return t.get("/v1/accounts/" + user).json().get("collateral").asText();
    }

    /** Both routes, each id first booked through one route and reused through both. */
    private static void reuse(TestServer t) throws Exception {
        TestServer.Reply first = v1(t, "0xa1", "20", "dup");
        assertThat(first.json().get("credited").asBoolean()).as(first.text()).isTrue();
        assertThat(first.json().has("reason")).isFalse();
        retry(v1(t, "0xa1", "20", "dup"));
        retry(v1(t, "0xa1", "20.000000", "dup"));
        taken(v1(t, "0xb1", "1000", "dup"), "another user (0xa1, amount 20.0)");
        taken(v1(t, "0xa1", "21", "dup"), "amount 20.0, not 21.0");

        assertThat(seed(t, "0xc1", 5_000_000, "s1").json().get("credited").asBoolean()).isTrue();
        retry(seed(t, "0xc1", 5_000_000, "s1"));
        taken(seed(t, "0xd1", 5_000_000, "s1"), "another user (0xc1, amount 5000000 base units)");
        taken(seed(t, "0xc1", 4_000_000, "s1"), "amount 5000000 base units, not 4000000 base units");
        // The seed's ids are "admin:<id>" in the engine: /v1 under that id reaches the same deposit.
        taken(v1(t, "0xd1", "5", "admin:s1"), "another user (0xc1, amount 5.0)");
        assertThat(v1(t, "0xd1", "1", "admin:v1").json().get("credited").asBoolean()).isTrue();
        taken(seed(t, "0xd2", 1_000_000, "v1"), "another user (0xd1, amount 1000000 base units)");
        retry(seed(t, "0xd1", 1_000_000, "v1"));

        // An empty id was taken as "admin:", one id shared by every caller sending it (hostile pass, session 15).
        TestServer.Reply empty = seed(t, "0xd2", 1_000_000, "");
        assertThat(empty.status()).as(empty.text()).isEqualTo(400);
        assertThat(empty.json().at("/error/field").asText()).isEqualTo("deposit_id");

        // Nothing moved for the refused ones.
        assertThat(collateral(t, "0xa1")).isEqualTo("20.0");
        assertThat(collateral(t, "0xb1")).isEqualTo("0.0");
        assertThat(collateral(t, "0xc1")).isEqualTo("5.0");
        assertThat(collateral(t, "0xd1")).isEqualTo("1.0");
        assertThat(collateral(t, "0xd2")).isEqualTo("0.0");
    }

    @Test
    void inMemory() throws Exception {
        try (TestServer t = TestServer.start(SETTINGS)) {
            reuse(t);
            assertThat(t.server.deposits().balance("0xd2")).isEqualTo(BigInteger.ZERO);
        }
    }

    @Test
    void onPostgresqlAndAfterARestart(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            reuse(t);
        }
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            retry(v1(t, "0xa1", "20", "dup"));
            taken(v1(t, "0xb1", "20", "dup"), "another user (0xa1, amount 20.0)");
            taken(seed(t, "0xd1", 5_000_000, "s1"), "another user (0xc1");
            assertThat(collateral(t, "0xb1")).isEqualTo("0.0");
        }
    }
}
