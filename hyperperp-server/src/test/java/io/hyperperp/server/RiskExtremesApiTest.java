package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Risk's extremes through the routes (session 14's review): marks and funding rates at 0, negative, 1e18, with
 * too many decimals and past 64 bits (admin routes); funding with no positions; a liquidation against an empty
 * book and an empty insurance fund (ADL); a deposit id reused by another user; withdrawals of exactly the free
 * collateral and leverages at the limits, signed. Every refusal is a 4xx naming the field; collateral is
 * conserved; the server keeps serving.
 */
class RiskExtremesApiTest {

    private static final String ADMIN = "t0123456789abcdef";
    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(9));

    private static TestServer.Reply admin(TestServer t, String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static TestServer.Reply deposit(TestServer t, String user, String amount, String id) throws Exception {
        return t.depositAsAdmin(ADMIN, user, amount, id);
    }

    private static TestServer.Reply mark(TestServer t, String price) throws Exception {
        return admin(t, "/v1/markets/1/mark_price", "{\"mark_price\":\"" + price + "\"}");
    }

    private static TestServer.Reply funding(TestServer t, String rate) throws Exception {
        return admin(t, "/v1/markets/1/funding", "{\"rate\":\"" + rate + "\"}");
    }

    private static BigDecimal collateral(TestServer t, String user) throws Exception {
        TestServer.Reply r = t.get("/v1/accounts/" + user);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new BigDecimal(r.json().get("collateral").asText());
    }

    private static void refused(TestServer.Reply r, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo(field);
    }

    @Test
    void marksFundingLiquidationAndDepositsAtTheirExtremes() throws Exception {
        try (TestServer t = TestServer.start(Map.of("server.default_margin", "cross", "auth.admin_token", ADMIN))) {
            assertError(funding(t, "0.0001"), 400, "NO_MARK_PRICE", "market_id");
            for (String price : List.of("0", "-1", "-0.0", "1e18", "1000000000000000000", "10.000000001",
                    "9223372036854775808", "")) {
                refused(mark(t, price), "mark_price");
            }
            assertThat(mark(t, "10.0").status()).isEqualTo(200);
            // Funding with no positions: taken, nobody pays.
            TestServer.Reply none = funding(t, "0.01");
            assertThat(none.status()).as(none.text()).isEqualTo(200);
            assertThat(none.json().get("payments").asInt()).isZero();
            for (String rate : List.of("0.01000001", "-0.01000001", "1e18", "0.000000001", "-92233720368.54775808",
                    "92233720368.54775807", "")) {
                refused(funding(t, rate), "rate");
            }

            // A deposit id used by one user, then by another: the second credits nobody.
            assertThat(deposit(t, "0xa1", "20", "dup").json().get("credited").asBoolean()).isTrue();
            TestServer.Reply again = deposit(t, "0xb1", "1000", "dup");
            assertError(again, 409, "DEPOSIT_ID_TAKEN", "deposit_id");
            assertThat(collateral(t, "0xb1")).isZero();
            assertThat(deposit(t, "0xb1", "1000", "b1").status()).isEqualTo(200);

            // 0xa1 long 10 at 10 with 20 of collateral; the book then empty, the fund empty: a mark of 1 leaves
            // her 70 under water, and 0xb1 takes her position back by ADL.
            assertThat(t.post("/v1/orders", TestServer.order("0xb1", 1, "sell", "10.0", "10.0")).status())
                    .isEqualTo(200);
            assertThat(t.post("/v1/orders", TestServer.order("0xa1", 1, "buy", "10.0", "10.0")).status())
                    .isEqualTo(200);
            TestServer.Reply crash = mark(t, "1.0");
            assertThat(crash.status()).as(crash.text()).isEqualTo(200);
            assertThat(crash.json().get("liquidated").asInt()).isEqualTo(1);
            assertThat(collateral(t, "0xa1")).isZero();
            assertThat(t.get("/v1/accounts/0xb1").json().get("markets")).allSatisfy(m ->
                    assertThat(m.get("side").asText()).isEqualTo("flat"));
            // Conserved: the accounts' collateral less their entry costs (the fund's and the fee account's
            // included, which no route shows) is what was deposited, 1020.
            long[] totals = t.server.backend().runtime().query(e -> new long[] {e.conservedTotal(), e.netDeposits()})
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(totals[0]).isEqualTo(totals[1]).isEqualTo(1_020_000_000L);
            // Funding at the largest rate both ways with nothing open, and the server still serves.
            assertThat(funding(t, "0.01").status()).isEqualTo(200);
            assertThat(funding(t, "-0.01").status()).isEqualTo(200);
            assertThat(t.get("/v1/health").status()).isEqualTo(200);
        }
    }

    @Test
    void signedWithdrawalsAndLeverageAtTheirLimits() throws Exception {
        try (TestServer t = TestServer.start(Map.of("server.default_margin", "cross", "auth.admin_token", ADMIN,
                "auth.mode", "signature"))) {
            String me = AuthAndLimitsTest.address(KEY);
            assertThat(deposit(t, me, "100", "s1").status()).isEqualTo(200);
            for (String leverage : List.of("0", "-1", "2147483648", "1e18", "21", "\"10\"", "1.5")) {
                TestServer.Reply r = signed(t, "/v1/leverage", "{\"user_address\":\"" + me
                        + "\",\"market_id\":1,\"leverage\":" + leverage + "}");
                refused(r, "leverage");
            }
            for (String amount : List.of("0", "-1", "100.0000001", "1e18", "100.000001")) {
                refused(signed(t, "/v1/withdrawals", withdrawal(me, amount)), "amount");
            }
            TestServer.Reply all = signed(t, "/v1/withdrawals", withdrawal(me, "100"));
            assertThat(all.status()).as(all.text()).isEqualTo(200);
            assertThat(all.json().at("/account/collateral").asText()).isEqualTo("0.0");
            assertError(signed(t, "/v1/withdrawals", withdrawal(me, "0.000001")), 400,
                    "INSUFFICIENT_FREE_COLLATERAL", "amount");
        }
    }

    private static String withdrawal(String user, String amount) {
        return "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount + "\"}";
    }

    /** Each signed request with a fresh timestamp: signatures are single-use. */
    private static long lastTimestamp;

    private static TestServer.Reply signed(TestServer t, String path, String body) throws Exception {
        lastTimestamp = Math.max(lastTimestamp + 1, System.currentTimeMillis());
        return t.send(AuthAndLimitsTest.signed(t, KEY, lastTimestamp, "POST", path, body));
    }
}
