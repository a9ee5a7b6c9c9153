package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code server.collateral_decimals=2}: amounts are parsed and printed with two decimals at every
 * route (deposits, accounts, positions' unrealised PnL), and the engine books at that scale.
 */
class CollateralDecimalsApiTest {

    private static final String ADMIN = "test-admin-token-0123456789";
    private static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross",
                "server.collateral_decimals", "2"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static TestServer.Reply admin(String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static TestServer.Reply deposit(String user, String amount, String id) throws Exception {
        return admin("/v1/deposits", "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount
                + "\",\"deposit_id\":\"" + id + "\"}");
    }

    @Test
    void amountsHaveTheConfiguredDecimalsEverywhere() throws Exception {
        TestServer.Reply tooFine = deposit("0xd1", "10.005", "x1");
        assertThat(tooFine.status()).as(tooFine.text()).isEqualTo(400);
        assertThat(tooFine.json().at("/error/code").asText()).isEqualTo("TOO_MANY_DECIMALS");
        assertThat(tooFine.json().at("/error/field").asText()).isEqualTo("amount");

        TestServer.Reply ok = deposit("0xd1", "50000.25", "x2");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().at("/account/collateral").asText()).isEqualTo("50000.25");
        deposit("0xd2", "50000", "x3");
        t.post("/v1/orders", TestServer.order("0xd1", 1, "sell", "1.0", "2000.0"));
        t.post("/v1/orders", TestServer.order("0xd2", 1, "buy", "1.0", "2000.0"));
        admin("/v1/markets/1/mark-price", "{\"mark_price\":\"2000.5\"}");

        var account = t.get("/v1/accounts/0xd2").json();
        assertThat(account.at("/markets/0/unrealised_pnl").asText()).isEqualTo("0.5");
        assertThat(account.get("margin_used").asText()).matches("\\d+\\.\\d{1,2}");
        TestServer.Reply withdrawal = t.post("/v1/withdrawals", "{\"user_address\":\"0xd1\",\"amount\":\"0.001\"}");
        assertThat(withdrawal.status()).isEqualTo(400);
        assertThat(withdrawal.json().at("/error/code").asText()).isEqualTo("TOO_MANY_DECIMALS");
    }
}
