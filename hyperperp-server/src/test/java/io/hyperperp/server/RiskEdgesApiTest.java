package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Withdrawals and leverage at their exact edges through the API: one base unit, exactly the free collateral and
 * one unit over, and a leverage change refused exactly when the margin used would pass equity.
 */
class RiskEdgesApiTest {

    private static final String ADMIN = "t0123456789abcdef";

    private static TestServer.Reply admin(TestServer t, String path, String body) throws Exception {
        return t.postAsAdmin(ADMIN, path, body);
    }

    private static TestServer.Reply withdraw(TestServer t, String user, String amount) throws Exception {
        return t.post("/v1/withdrawals", "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount + "\"}");
    }

    private static TestServer.Reply leverage(TestServer t, String user, int leverage) throws Exception {
        return t.post("/v1/leverage", "{\"user_address\":\"" + user + "\",\"market_id\":1,\"leverage\":" + leverage
                + "}");
    }

    @Test
    void withdrawalsAndLeverageAtTheirEdges() throws Exception {
        try (TestServer t = TestServer.start(Map.of("server.default_margin", "cross", "auth.admin_token", ADMIN))) {
            String user = "0xed9e";
            TestServer.Reply dep = admin(t, "/v1/deposits", "{\"user_address\":\"" + user
                    + "\",\"amount\":\"100\",\"deposit_id\":\"e1\"}");
            assertThat(dep.status()).as(dep.text()).isEqualTo(200);
            // An order of 1 at 100 at leverage 10 uses 10 of margin: 90 is free.
            TestServer.Reply order = t.post("/v1/orders", TestServer.order(user, 1, "buy", "1.0", "100.0"));
            assertThat(order.status()).as(order.text()).isEqualTo(200);
            assertThat(t.get("/v1/accounts/" + user).json().get("free_collateral").asText()).isEqualTo("90.0");

            TestServer.Reply unit = withdraw(t, user, "0.000001");
            assertThat(unit.status()).as(unit.text()).isEqualTo(200);
            assertThat(unit.json().at("/account/collateral").asText()).isEqualTo("99.999999");
            assertThat(unit.json().at("/account/free_collateral").asText()).isEqualTo("89.999999");
            // One unit over the free collateral: refused, nothing taken.
            ApiEndToEndTest.assertError(withdraw(t, user, "90.0"), 400, "INSUFFICIENT_FREE_COLLATERAL", "amount");
            // Exactly the free collateral: taken, equity now equals the margin used.
            TestServer.Reply all = withdraw(t, user, "89.999999");
            assertThat(all.status()).as(all.text()).isEqualTo(200);
            assertThat(all.json().at("/account/collateral").asText()).isEqualTo("10.0");
            assertThat(all.json().at("/account/free_collateral").asText()).isEqualTo("0.0");
            ApiEndToEndTest.assertError(withdraw(t, user, "0.000001"), 400, "INSUFFICIENT_FREE_COLLATERAL", "amount");

            // Leverage 9 would make the order's margin 11.11 against equity 10: refused, naming leverage.
            ApiEndToEndTest.assertError(leverage(t, user, 9), 400, "INSUFFICIENT_MARGIN", "leverage");
            // Leverage 10 again (margin used equal to equity) and 20 (less) are taken.
            assertThat(leverage(t, user, 10).status()).isEqualTo(200);
            TestServer.Reply twenty = leverage(t, user, 20);
            assertThat(twenty.status()).as(twenty.text()).isEqualTo(200);
            assertThat(t.get("/v1/accounts/" + user).json().get("margin_used").asText()).isEqualTo("5.0");
            assertThat(t.get("/v1/accounts/" + user).json().get("collateral").asText()).isEqualTo("10.0");
        }
    }
}
