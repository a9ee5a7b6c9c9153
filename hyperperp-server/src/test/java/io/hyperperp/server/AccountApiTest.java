package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account routes on serve's default (every market margined, cross): deposits (admin,
 * idempotent), the pre-trade check, positions with entry price and unrealised PnL, withdrawals,
 * leverage, mark price and funding, and their rejections as 4xx JSON naming the field.
 */
class AccountApiTest {

    static final String ADMIN = "test-admin-token-0123456789";
    static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static TestServer.Reply admin(String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    static TestServer.Reply deposit(String user, String amount, String id) throws Exception {
        return admin("/v1/deposits", "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount
                + "\",\"deposit_id\":\"" + id + "\"}");
    }

    @Test
    void depositsAreAdminOnlyAndIdempotent() throws Exception {
        TestServer.Reply anonymous = t.post("/v1/deposits",
                "{\"user_address\":\"0xd1\",\"amount\":\"10\",\"deposit_id\":\"x\"}");
        assertThat(anonymous.status()).isIn(401, 403);
        TestServer.Reply first = deposit("0xd1", "2500.5", "chain-tx-1");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("credited").asBoolean()).isTrue();
        assertThat(first.json().at("/account/collateral").asText()).isEqualTo("2500.5");
        TestServer.Reply again = deposit("0xd1", "2500.5", "chain-tx-1");
        assertThat(again.json().get("credited").asBoolean()).isFalse();
        assertThat(t.get("/v1/accounts/0xd1").json().get("collateral").asText()).isEqualTo("2500.5");
    }

    @Test
    void hostileAmountsAreClearErrors() throws Exception {
        assertError(deposit("0xd2", "-5", "h1"), 400, "INVALID_NUMBER", "amount");
        assertError(deposit("0xd2", "1.0000001", "h2"), 400, "TOO_MANY_DECIMALS", "amount");
        assertError(deposit("0xd2", "99999999999999999999", "h3"), 400, "NUMBER_OVERFLOW", "amount");
        assertError(deposit("0xd2", "0", "h4"), 400, "INVALID_AMOUNT", "amount");
        assertError(deposit("0xd2", "1", ""), 400, "INVALID_DEPOSIT_ID", "deposit_id");
        assertError(admin("/v1/deposits", "{\"user_address\":\"0xd2\",\"amount\":\"1\",\"deposit_id\":\"h5\",\"x\":1}"),
                400, "UNKNOWN_FIELD", "x");
        assertError(t.get("/v1/accounts/ALICE"), 400, "INVALID_FIELD", "address");
        assertError(t.post("/v1/leverage", "{\"user_address\":\"0xd2\",\"market_id\":1,\"leverage\":\"ten\"}"),
                400, "INVALID_FIELD", "leverage");
        assertError(admin("/v1/markets/77/funding", "{\"rate\":\"0.0001\"}"), 400, "NO_MARK_PRICE", "market_id");
    }

    @Test
    void tradingNeedsMarginAndAccountsShowPositions() throws Exception {
        TestServer.Reply broke = t.post("/v1/orders", TestServer.order("0xc0c", 1, "buy", "1.0", "30000.0"));
        assertError(broke, 400, "INSUFFICIENT_MARGIN", "size");

        deposit("0xa1", "100000", "a1-1");
        deposit("0xb1", "20000", "b1-1");
        assertThat(t.post("/v1/orders", TestServer.order("0xa1", 1, "sell", "10.0", "30000.0")).status()).isEqualTo(200);
        assertThat(t.post("/v1/orders", TestServer.order("0xb1", 1, "buy", "4.0", "30000.0")).status()).isEqualTo(200);
        // 4 at 30,000 is 120,000 notional: 12,000 at the default leverage 10. 4 more would need 24,000.
        assertError(t.post("/v1/orders", TestServer.order("0xb1", 1, "buy", "4.0", "30000.0")), 400,
                "INSUFFICIENT_MARGIN", "size");

        TestServer.Reply account = t.get("/v1/accounts/0xb1");
        assertThat(account.json().get("margin_used").asText()).isEqualTo("12000.0");
        assertThat(account.json().at("/markets/0/size").asText()).isEqualTo("4.0");
        assertThat(account.json().at("/markets/0/side").asText()).isEqualTo("long");
        assertThat(account.json().at("/markets/0/entry_price").asText()).isEqualTo("30000.0");
        assertThat(account.json().at("/markets/0/leverage").asInt()).isEqualTo(10);
        // taker fee 5 bps of 120,000
        assertThat(account.json().get("collateral").asText()).isEqualTo("19940.0");

        assertError(t.post("/v1/withdrawals", "{\"user_address\":\"0xb1\",\"amount\":\"9000\"}"), 400,
                "INSUFFICIENT_FREE_COLLATERAL", "amount");
        TestServer.Reply withdrawn = t.post("/v1/withdrawals", "{\"user_address\":\"0xb1\",\"amount\":\"940\"}");
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(withdrawn.json().at("/account/collateral").asText()).isEqualTo("19000.0");

        assertError(t.post("/v1/leverage", "{\"user_address\":\"0xb1\",\"market_id\":1,\"leverage\":50}"), 400,
                "INVALID_LEVERAGE", "leverage");
        assertError(t.post("/v1/leverage", "{\"user_address\":\"0xb1\",\"market_id\":1,\"leverage\":1}"), 400,
                "INSUFFICIENT_MARGIN", "leverage");
        TestServer.Reply leverage = t.post("/v1/leverage", "{\"user_address\":\"0xb1\",\"market_id\":1,\"leverage\":20}");
        assertThat(leverage.status()).as(leverage.text()).isEqualTo(200);
        assertThat(leverage.json().at("/account/margin_used").asText()).isEqualTo("6000.0");

        TestServer.Reply mark = admin("/v1/markets/1/mark-price", "{\"mark_price\":\"29000.0\",\"index_price\":\"29001.0\"}");
        assertThat(mark.status()).as(mark.text()).isEqualTo(200);
        assertThat(mark.json().get("liquidated").asInt()).isZero();
        account = t.get("/v1/accounts/0xb1");
        assertThat(account.json().at("/markets/0/unrealised_pnl").asText()).isEqualTo("-4000.0");
        assertThat(account.json().at("/markets/0/mark_price").asText()).isEqualTo("29000.0");
        assertThat(account.json().get("equity").asText()).isEqualTo("15000.0");
        TestServer.Reply positions = t.get("/v1/positions?user_address=0xb1");
        assertThat(positions.json().at("/positions/0/margin_entry_price").asText()).isEqualTo("30000.0");
        assertThat(positions.json().at("/positions/0/mark_price").asText()).isEqualTo("29000.0");
        assertThat(positions.json().at("/positions/0/unrealised_pnl").asText()).isEqualTo("-4000.0");
        assertThat(new BigDecimal(account.json().at("/markets/0/liquidation_price").asText()))
                .isBetween(new BigDecimal("25000"), new BigDecimal("29000"));

        assertError(admin("/v1/markets/1/funding", "{\"rate\":\"0.5\"}"), 400, "INVALID_FUNDING_RATE", "rate");
        TestServer.Reply funding = admin("/v1/markets/1/funding", "{\"rate\":\"0.0001\"}");
        assertThat(funding.status()).as(funding.text()).isEqualTo(200);
        assertThat(funding.json().get("payments").asInt()).isEqualTo(2);
        // the long pays 4 x 29,000 x 0.0001 = 11.6
        assertThat(t.get("/v1/accounts/0xb1").json().get("collateral").asText()).isEqualTo("18988.4");
    }

    static void assertError(TestServer.Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo(code);
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo(field);
    }
}
