package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * The settlement guard (settlement on the deployed {@code apply_batch}, which charges every fill's
 * full notional to the taker's ledger entry): stop and take-profit orders reserve their worst case
 * while they wait, since they take when they fire; amendments that raise a worst case are checked.
 */
class SettlementGuardTest {

    private static final int COIN = 1_000_000;

    private static String conditional(String user, String side, String type, String trigger, String price, String size) {
        return "{\"user_address\":\"" + user + "\",\"market_id\":1,\"side\":\"" + side + "\",\"order_type\":\"" + type
                + "\",\"trigger_price\":\"" + trigger + "\"" + (price == null ? "" : ",\"price\":\"" + price + "\"")
                + ",\"size\":\"" + size + "\"}";
    }

    private static TestServer.Reply patch(TestServer t, String orderId, String body) throws Exception {
        return t.send(HttpRequest.newBuilder(t.uri("/v1/orders/" + orderId)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static TestServer.Reply delete(TestServer t, String orderId) throws Exception {
        return t.send(HttpRequest.newBuilder(t.uri("/v1/orders/" + orderId)).DELETE().build());
    }

    @Test
    void stopAndTakeProfitOrdersReserveTheirWorstCase() throws Exception {
        try (ChainFixture chain = new ChainFixture(31)) {
            String user = chain.wallet.accountAddress().toShortString();
            chain.deposit(chain.wallet, 100L * COIN);
            try (TestServer t = TestServer.start(chain.settings(20))) {
                SeedCollateralTest.awaitEngineCollateral(t, user, 100L * COIN);

                // A stop buy without a worst price has no bounded notional.
                assertError(t.post("/v1/orders", conditional(user, "buy", "stop_market", "55.0", null, "1.0")), 400,
                        "PRICE_REQUIRED", "price");
                // 1 × 60 = 60 coins reserved out of the entry of 100.
                TestServer.Reply stop = t.post("/v1/orders", conditional(user, "buy", "stop_limit", "55.0", "60.0", "1.0"));
                assertThat(stop.status()).as(stop.text()).isEqualTo(200);
                String stopId = stop.json().get("order_id").asText();
                // 60 + 50 > 100: a second stop, and a plain taker of 45 coins, are refused; one of 36 is not.
                assertError(t.post("/v1/orders", conditional(user, "buy", "take_profit_market", "45.0", "50.0", "1.0")),
                        400, "SETTLEMENT_COLLATERAL_SHORT", "size");
                assertError(t.post("/v1/orders", TestServer.order(user, 1, "buy", "0.5", "90.0")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "size");
                // A stop sell reserves at least its trigger price: 10 × 40 = 400 coins.
                assertError(t.post("/v1/orders", conditional(user, "sell", "stop_market", "40.0", null, "10.0")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "size");
                TestServer.Reply small = t.post("/v1/orders", TestServer.order(user, 1, "buy", "0.4", "90.0"));
                assertThat(small.status()).as(small.text()).isEqualTo(200);

                // Amending the waiting stop to 2 × 60 = 120 is refused; down to 0.5 × 60 = 30 it passes.
                assertError(patch(t, stopId, "{\"size\":\"2.0\"}"), 400, "SETTLEMENT_COLLATERAL_SHORT", "size");
                TestServer.Reply smaller = patch(t, stopId, "{\"size\":\"0.5\"}");
                assertThat(smaller.status()).as(smaller.text()).isEqualTo(200);
                // The resting buy of 0.4 raised to 0.9 × 90 = 81 > 100 − 30 is refused (it could take when amended).
                String restingId = small.json().get("order_id").asText();
                assertError(patch(t, restingId, "{\"size\":\"0.9\"}"), 400, "SETTLEMENT_COLLATERAL_SHORT", "size");

                // Cancelling the stop frees its reserve.
                assertThat(delete(t, stopId).status()).isEqualTo(200);
                TestServer.Reply bigger = patch(t, restingId, "{\"size\":\"0.9\"}");
                assertThat(bigger.status()).as(bigger.text()).isEqualTo(200);
            }
        }
    }
}
