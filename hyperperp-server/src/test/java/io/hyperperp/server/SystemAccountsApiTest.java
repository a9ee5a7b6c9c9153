package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view and handling of the engine's system accounts, {@code insurance_fund} and
 * {@code fee_account}: both shown by {@code GET /v1/accounts/{address}} and its stream channel, the fund
 * funded by an admin deposit (which then takes over a liquidation the book cannot absorb, instead of ADL),
 * either paid out by an admin withdrawal of at most its free collateral, and the fund's deposit kept over a
 * restart of a persistent server. Orders for them stay refused. The market view's open interest counts the
 * fund's position too.
 */
class SystemAccountsApiTest {

    private static final String ADMIN = "system-accounts-admin-token-0123456789";
    private static final Map<String, String> SETTINGS = Map.of("auth.admin_token", ADMIN,
            "server.default_margin", "cross");

    private static TestServer.Reply admin(TestServer t, String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static TestServer.Reply deposit(TestServer t, String user, String amount, String id) throws Exception {
        return t.depositAsAdmin(ADMIN, user, amount, id);
    }

    private static String withdrawal(String user, String amount) {
        return "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount + "\"}";
    }

    private static JsonNode account(TestServer t, String address) throws Exception {
        TestServer.Reply r = t.get("/v1/accounts/" + address);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static String collateral(TestServer t, String address) throws Exception {
        return account(t, address).get("collateral").asText();
    }

    /** Waits for a line of /metrics: the counters move once the command's group is committed, after its answer. */
    private static void awaitMetric(TestServer t, String line) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String text = t.get("/metrics").text();
        while (!text.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            text = t.get("/metrics").text();
        }
        assertThat(text).contains(line);
    }

    /** A system account's gauge value in a scrape. */
    private static BigDecimal gauge(String scraped, String family, String account) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{account=\"" + account + "\"\\} (\\S+)$").matcher(scraped);
        assertThat(m.find()).as(family + " " + account + " in " + scraped).isTrue();
        return new BigDecimal(m.group(1));
    }

    @Test
    void fundedWatchedAndPaidOutByTheOperator() throws Exception {
        try (TestServer t = TestServer.start(SETTINGS)) {
            assertThat(account(t, "insurance_fund").get("address").asText()).isEqualTo("insurance_fund");
            assertThat(collateral(t, "insurance_fund")).isEqualTo("0.0");
            assertThat(collateral(t, "fee_account")).isEqualTo("0.0");
            String scraped = t.get("/metrics").text();
            assertThat(gauge(scraped, "hyperperp_system_account_collateral", "fee_account")).isZero();
            assertThat(gauge(scraped, "hyperperp_system_account_equity", "insurance_fund"))
                    .isEqualByComparingTo(account(t, "insurance_fund").get("equity").asText());
            assertThat(gauge(scraped, "hyperperp_system_account_collateral", "insurance_fund"))
                    .isEqualByComparingTo(collateral(t, "insurance_fund"));
            // Names close to the system accounts' are no accounts.
            for (String name : new String[] {"Insurance_fund", "insurance_fund_", "fee-account", "insurance"}) {
                assertError(t.get("/v1/accounts/" + name), 400, "INVALID_FIELD", "address");
            }

            TestServer.Reply funded = deposit(t, "insurance_fund", "1000", "fund-1");
            assertThat(funded.status()).as(funded.text()).isEqualTo(200);
            assertThat(funded.json().at("/account/collateral").asText()).isEqualTo("1000.0");
            assertThat(deposit(t, "0xa1", "20", "a1").status()).isEqualTo(200);
            assertThat(deposit(t, "0xb1", "1000", "b1").status()).isEqualTo(200);

            // The system accounts still place no orders.
            assertError(t.post("/v1/orders", TestServer.order("insurance_fund", 1, "buy", "1.0", "10.0")), 400,
                    "INVALID_FIELD", "user_address");

            // 0xa1 long 10 at 10 with 20 of collateral; fees 0.05 (taker, 5 bps) and 0.02 (maker, 2 bps).
            assertThat(t.post("/v1/orders", TestServer.order("0xb1", 1, "sell", "10.0", "10.0")).status())
                    .isEqualTo(200);
            assertThat(t.post("/v1/orders", TestServer.order("0xa1", 1, "buy", "10.0", "10.0")).status())
                    .isEqualTo(200);
            assertThat(collateral(t, "fee_account")).isEqualTo("0.07");
            JsonNode market = t.get("/v1/markets/1").json();
            assertThat(market.get("margin").asText()).isEqualTo("cross");
            assertThat(market.get("max_leverage").asInt()).as(market.toString()).isPositive();
            assertThat(market.get("open_interest").asText()).isEqualTo("10.0");
            assertThat(market.get("mark_price").isNull()).isTrue();
            // A mark of 1 with an empty book: the funded insurance fund takes her 10 over, 0xb1 keeps its short.
            TestServer.Reply crash = admin(t, "/v1/markets/1/mark_price", "{\"mark_price\":\"1.0\"}");
            assertThat(crash.status()).as(crash.text()).isEqualTo(200);
            assertThat(crash.json().get("liquidated").asInt()).isEqualTo(1);
            JsonNode fund = account(t, "insurance_fund");
            assertThat(fund.at("/markets/0/side").asText()).as(fund.toString()).isEqualTo("long");
            assertThat(fund.at("/markets/0/size").asText()).isEqualTo("10.0");
            assertThat(account(t, "0xb1").at("/markets/0/side").asText()).isEqualTo("short");
            // The market's open interest is unchanged: the fund's long is part of it.
            market = t.get("/v1/markets").json().at("/markets/0");
            assertThat(market.get("open_interest").asText()).as(market.toString()).isEqualTo("10.0");
            assertThat(market.get("mark_price").asText()).isEqualTo("1.0");
            awaitMetric(t, "hyperperp_risk_events_total{kind=\"account_liquidated\"} 1");
            awaitMetric(t, "hyperperp_risk_events_total{kind=\"takeover\"} 1");
            assertThat(t.get("/metrics").text()).contains("hyperperp_risk_events_total{kind=\"adl\"} 0",
                    "hyperperp_risk_events_total{kind=\"deposit\"} 3",
                    "hyperperp_system_account_collateral{account=\"fee_account\"} 0.07");

            // Paid out with the admin token only, off chain, at most the free collateral.
            String fees = withdrawal("fee_account", "0.07");
            assertThat(t.post("/v1/withdrawals", fees).status()).isEqualTo(401);
            assertError(admin(t, "/v1/withdrawals", withdrawal("fee_account", "0.08")), 400,
                    "INSUFFICIENT_FREE_COLLATERAL", "amount");
            TestServer.Reply paid = admin(t, "/v1/withdrawals", fees);
            assertThat(paid.status()).as(paid.text()).isEqualTo(200);
            assertThat(paid.json().get("withdrawn").asText()).isEqualTo("0.07");
            assertThat(collateral(t, "fee_account")).isEqualTo("0.0");
            assertError(admin(t, "/v1/withdrawals", "{\"user_address\":\"fee_account\",\"amount\":\"1\",\"x\":1}"),
                    400, "UNKNOWN_FIELD", "x");

            // Conserved: 2,020 deposited, 0.07 withdrawn.
            long[] totals = t.server.backend().runtime().query(e -> new long[] {e.conservedTotal(), e.netDeposits()})
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(totals[0]).isEqualTo(totals[1]).isEqualTo(2_019_930_000L);

            // The fund's stream channel opens; a name that is no account is refused.
            HttpResponse<InputStream> sse = t.client.send(HttpRequest.newBuilder(
                    t.uri("/v1/stream?channels=account:insurance_fund")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = sse.body()) {
                assertThat(sse.statusCode()).isEqualTo(200);
            }
            assertError(t.get("/v1/stream?channels=account:insurance"), 400, "INVALID_FIELD", "channels");
        }
    }

    @Test
    void inSignatureModeTheOperatorsTokenStandsForTheSystemAccounts() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross",
                "auth.mode", "signature"))) {
            assertThat(deposit(t, "insurance_fund", "5", "fund-1").status()).isEqualTo(200);
            assertThat(t.post("/v1/withdrawals", withdrawal("insurance_fund", "5")).status()).isEqualTo(401);
            TestServer.Reply paid = admin(t, "/v1/withdrawals", withdrawal("insurance_fund", "5"));
            assertThat(paid.status()).as(paid.text()).isEqualTo(200);
            // No key signs for the system accounts: their channels take the admin token.
            assertThat(t.get("/v1/stream?channels=account:insurance_fund").status()).isEqualTo(401);
            HttpResponse<InputStream> sse = t.client.send(HttpRequest.newBuilder(
                    t.uri("/v1/stream?channels=account:insurance_fund,orders:fee_account"))
                    .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = sse.body()) {
                assertThat(sse.statusCode()).isEqualTo(200);
            }
            // A user's channel beside them still needs that user's signature.
            TestServer.Reply mixed = t.send(HttpRequest.newBuilder(t.uri("/v1/stream?channels=account:insurance_fund,"
                    + "account:0xa1")).header("Authorization", "Bearer " + ADMIN).GET().build());
            assertThat(mixed.status()).as(mixed.text()).isEqualTo(401);
        }
    }

    @Test
    void theFundsDepositOutlivesARestart(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            assertThat(deposit(t, "insurance_fund", "250.5", "fund-1").status()).isEqualTo(200);
            TestServer.Reply ledger = t.get("/v1/accounts/insurance_fund/ledger");
            assertThat(ledger.status()).as(ledger.text()).isEqualTo(200);
            assertThat(ledger.json().at("/entries/0/kind").asText()).isEqualTo("deposit");
        }
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            assertThat(collateral(t, "insurance_fund")).isEqualTo("250.5");
            TestServer.Reply again = deposit(t, "insurance_fund", "250.5", "fund-1");
            assertThat(again.json().get("credited").asBoolean()).as(again.text()).isFalse();
            assertThat(collateral(t, "insurance_fund")).isEqualTo("250.5");
        }
    }
}
