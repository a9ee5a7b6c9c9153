package io.hyperperp.server;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of docs/openapi-seed.yaml (the seed-compatible root API) against a live server
 * ({@link OpenApiContract}): every route is called, successes and failures, every status answered must
 * be listed for the route and every JSON answer must validate against its schema.
 */
class SeedApiContractTest {

    private static final String ADMIN = "seed-contract-admin-token-0123456789";
    private static final String MISSING = "00000000-0000-4000-8000-000000000099";

    private final OpenApiContract contract = new OpenApiContract(Path.of("..", "docs", "openapi-seed.yaml"));

    SeedApiContractTest() throws Exception {
    }

    @Test
    void everySeedRouteAnswersAsDocumented() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            check(t, "GET", "/health", "/health", null);
            admin(t, "/deposit", "{\"user_address\":\"0xa11ce\",\"amount\":1000000000000,\"deposit_id\":\"seed-d1\"}");
            admin(t, "/deposit", "{\"user_address\":\"0xb0b\",\"amount\":1000000000000}");
            admin(t, "/deposit", "{\"user_address\":\"0xb0b\",\"amount\":0}");
            check(t, "POST", "/deposit", "/deposit", "{\"user_address\":\"0xb0b\",\"amount\":1}");

            String maker = check(t, "POST", "/orders", "/orders", SeedApiTest.seedOrder("0xa11ce", 1, "Sell", "Limit", "10",
                    "30000")).json().path("order").path("id").asText();
            check(t, "POST", "/orders", "/orders", SeedApiTest.seedOrder("0xb0b", 1, "buy", "market", "4", null));
            check(t, "POST", "/orders", "/orders", SeedApiTest.seedOrder("0xb0b", 1, "Buy", "Limit", "1", "30000.001"));
            check(t, "POST", "/orders", "/orders", "{\"user_address\":\"0xb0b\"}");
            check(t, "POST", "/orders", "/orders", "[1]");

            check(t, "GET", "/orders/user/{user_address}", "/orders/user/0xa11ce", null);
            check(t, "GET", "/orders/user/{user_address}", "/orders/user/0xa11ce?status=PartiallyFilled&limit=5", null);
            check(t, "GET", "/orders/user/{user_address}", "/orders/user/0xa11ce?status=sideways", null);
            check(t, "GET", "/orderbook/{market_id}", "/orderbook/1", null);
            check(t, "GET", "/orderbook/{market_id}", "/orderbook/1?depth=0", null);
            check(t, "GET", "/orderbook/{market_id}", "/orderbook/x", null);
            check(t, "GET", "/markets", "/markets", null);
            check(t, "GET", "/markets/{market_id}", "/markets/1", null);
            check(t, "GET", "/markets/{market_id}", "/markets/x", null);
            check(t, "GET", "/market/{market_id}", "/market/1", null);
            check(t, "GET", "/market/{market_id}", "/market/x", null);
            check(t, "GET", "/trades", "/trades", null);
            check(t, "GET", "/trades", "/trades?start_time=2020-01-01T00:00:00Z&limit=10", null);
            check(t, "GET", "/trades", "/trades?start_time=yesterday", null);
            check(t, "GET", "/trades/{market_id}", "/trades/1?limit=1", null);
            check(t, "GET", "/trades/{market_id}", "/trades/x", null);
            check(t, "GET", "/trades/user/{user_address}", "/trades/user/0xb0b", null);
            check(t, "GET", "/trades/user/{user_address}", "/trades/user/0xb0b?offset=-1", null);

            String frozen = check(t, "POST", "/orders/freeze", "/orders/freeze",
                    SeedApiTest.seedOrder("0xb0b", 1, "Buy", "Limit", "1", "29000")).json().path("order_id").asText();
            check(t, "POST", "/orders/freeze", "/orders/freeze",
                    SeedApiTest.seedOrder("0xc0c", 1, "Buy", "Limit", "1", "29000"));
            check(t, "POST", "/orders/confirm", "/orders/confirm",
                    "{\"order_id\":\"" + frozen + "\",\"signed_transaction_hash\":\"0xabc\"}");
            check(t, "POST", "/orders/confirm", "/orders/confirm",
                    "{\"order_id\":\"" + frozen + "\",\"signed_transaction_hash\":\"0xabc\"}");
            check(t, "POST", "/orders/confirm", "/orders/confirm",
                    "{\"order_id\":\"" + MISSING + "\",\"signed_transaction_hash\":\"0xabc\"}");
            check(t, "POST", "/orders/confirm", "/orders/confirm", "{\"order_id\":\"not-a-uuid\"}");

            check(t, "POST", "/orders/{order_id}", "/orders/" + maker, null);
            check(t, "POST", "/orders/{order_id}", "/orders/" + maker, null);
            check(t, "POST", "/orders/{order_id}", "/orders/" + MISSING, "{}");
            check(t, "POST", "/orders/{order_id}", "/orders/not-a-uuid", null);
        }
        contract.assertEveryOperationCalled();
    }

    private TestServer.Reply check(TestServer t, String method, String template, String path, String body)
            throws Exception {
        return contract.verify(t.request(method, path, body), method, template);
    }

    private void admin(TestServer t, String path, String body) throws Exception {
        contract.verify(t.send(HttpRequest.newBuilder(t.uri(path)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()),
                "POST", path);
    }
}
