package io.hyperperp.server;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of docs/openapi.yaml, checked against a live server ({@link OpenApiContract}): every
 * documented operation is called (the test fails on one it never calls), every status it answers must
 * be documented for that operation, and every JSON answer must validate against the documented schema.
 */
class ApiContractTest {

    private static final String ADMIN = "contract-admin-token-0123456789";
    private final OpenApiContract contract = new OpenApiContract(Path.of("..", "docs", "openapi.yaml"));

    ApiContractTest() throws Exception {
    }

    @Test
    void everyV1OperationAnswersAsDocumented() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            String maker = check(t, "POST", "/v1/orders", "/v1/orders", TestServer.order("0xa11ce", 1, "sell", "10", "30000"))
                    .json().path("order_id").asText();
            check(t, "POST", "/v1/orders", "/v1/orders", TestServer.order("0xb0b", 1, "buy", "4", "30000"));
            String stop = check(t, "POST", "/v1/orders", "/v1/orders", "{\"user_address\":\"0xb0b\",\"market_id\":1,"
                    + "\"side\":\"sell\",\"order_type\":\"stop_market\",\"trigger_price\":\"29000\",\"size\":\"1\"}")
                    .json().path("order_id").asText();
            check(t, "POST", "/v1/orders", "/v1/orders", "{\"user_address\":\"0xb0b\",\"market_id\":1,"
                    + "\"side\":\"sell\",\"order_type\":\"take_profit_limit\",\"trigger_price\":\"31000\","
                    + "\"price\":\"31000\",\"size\":\"1\",\"oco_group\":\"g1\",\"client_order_id\":\"tp-1\"}");
            check(t, "POST", "/v1/orders", "/v1/orders", TestServer.order("0xb0b", 1, "buy", "1", "30000.123"));
            check(t, "POST", "/v1/orders", "/v1/orders", "{\"user_address\":\"0xb0b\"");
            check(t, "POST", "/v1/orders/batch", "/v1/orders/batch", "{\"orders\":["
                    + TestServer.order("0xc", 1, "buy", "1", "30000") + ","
                    + TestServer.order("0xc", 1, "buy", "1", "30000.123") + "]}");
            check(t, "GET", "/v1/orders", "/v1/orders?user_address=0xb0b", null);
            check(t, "GET", "/v1/orders", "/v1/orders?user_address=0xb0b&status=sideways", null);
            check(t, "GET", "/v1/orders/{order_id}", "/v1/orders/" + maker, null);
            check(t, "GET", "/v1/orders/{order_id}", "/v1/orders/" + stop, null);
            check(t, "GET", "/v1/orders/{order_id}", "/v1/orders/00000000-0000-8000-8000-000000000099", null);
            check(t, "PATCH", "/v1/orders/{order_id}", "/v1/orders/" + maker, "{\"price\":\"30005\"}");
            check(t, "PATCH", "/v1/orders/{order_id}", "/v1/orders/" + stop, "{\"trigger_price\":\"28900\"}");
            check(t, "PATCH", "/v1/orders/{order_id}", "/v1/orders/" + maker, "{\"price\":\"30005.001\"}");
            check(t, "DELETE", "/v1/orders/{order_id}", "/v1/orders/" + stop, null);
            check(t, "DELETE", "/v1/orders/{order_id}", "/v1/orders/" + stop, null);
            check(t, "POST", "/v1/orders/{order_id}", "/v1/orders/" + maker, null);
            check(t, "POST", "/v1/orders/{order_id}", "/v1/orders/00000000-0000-8000-8000-000000000099", null);
            check(t, "POST", "/v1/orders", "/v1/orders", "{\"user_address\":\"0xb0b\",\"market_id\":1,"
                    + "\"side\":\"buy\",\"size\":\"1\",\"price\":\"29000\",\"client_order_id\":\"cid-1\"}");
            String byClientId = "/v1/orders/by-client-id?user_address=0xb0b&client_order_id=";
            check(t, "PATCH", "/v1/orders/by-client-id", byClientId + "cid-1", "{\"price\":\"28990\"}");
            check(t, "PATCH", "/v1/orders/by-client-id", byClientId + "nope", "{\"price\":\"28990\"}");
            check(t, "PATCH", "/v1/orders/by-client-id", byClientId + "cid-1", "{\"colour\":\"red\"}");
            check(t, "DELETE", "/v1/orders/by-client-id", byClientId + "cid-1", null);
            check(t, "DELETE", "/v1/orders/by-client-id", byClientId + "cid-1", null);
            check(t, "DELETE", "/v1/orders/by-client-id", "/v1/orders/by-client-id?user_address=0xb0b", null);
            check(t, "POST", "/v1/markets/{market_id}/mark-price", "/v1/markets/1/mark-price", "{\"mark_price\":\"30000\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/mark-price", "/v1/markets/1/mark-price",
                    "{\"mark_price\":\"30000.50\",\"index_price\":\"30000\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/mark-price", "/v1/markets/1/mark-price", "{\"mark\":1}");
            check(t, "POST", "/v1/markets/{market_id}/funding", "/v1/markets/1/funding", "{\"rate\":\"0.0001\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/funding", "/v1/markets/1/funding", "{\"rate\":\"-0.000100\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/funding", "/v1/markets/1/funding", "{\"rate\":\"x\"}");
            check(t, "POST", "/v1/deposits", "/v1/deposits", "{\"user_address\":\"0xd\",\"amount\":\"100\","
                    + "\"deposit_id\":\"d-1\"}");
            checkAdmin(t, "POST", "/v1/deposits", "/v1/deposits", "{\"user_address\":\"0xd\",\"amount\":\"100\","
                    + "\"deposit_id\":\"d-1\"}");
            checkAdmin(t, "POST", "/v1/deposits", "/v1/deposits", "{\"user_address\":\"0xd\",\"amount\":\"-1\","
                    + "\"deposit_id\":\"d-2\"}");
            check(t, "POST", "/v1/withdrawals", "/v1/withdrawals", "{\"user_address\":\"0xd\",\"amount\":\"10.50\"}");
            check(t, "POST", "/v1/withdrawals", "/v1/withdrawals", "{\"user_address\":\"0xd\",\"amount\":\"1000000\"}");
            check(t, "POST", "/v1/leverage", "/v1/leverage", "{\"user_address\":\"0xd\",\"market_id\":1,\"leverage\":5}");
            check(t, "POST", "/v1/leverage", "/v1/leverage", "{\"user_address\":\"0xd\",\"market_id\":1,\"leverage\":0}");
            check(t, "GET", "/v1/accounts/{address}", "/v1/accounts/0xd", null);
            check(t, "GET", "/v1/accounts/{address}", "/v1/accounts/not-an-address", null);
            check(t, "GET", "/v1/accounts/{address}/ledger", "/v1/accounts/0xd/ledger", null);
            check(t, "GET", "/v1/accounts/{address}/ledger", "/v1/accounts/0xd/ledger?before=x", null);
            check(t, "DELETE", "/v1/orders", "/v1/orders?user_address=0xb0b&market_id=1", null);
            check(t, "DELETE", "/v1/orders", "/v1/orders?market_id=1", null);
            check(t, "GET", "/v1/trades", "/v1/trades?market_id=1", null);
            check(t, "GET", "/v1/trades", "/v1/trades?limit=0", null);
            check(t, "GET", "/v1/positions", "/v1/positions?user_address=0xb0b", null);
            check(t, "GET", "/v1/positions", "/v1/positions", null);
            check(t, "GET", "/v1/orderbook/{market_id}", "/v1/orderbook/1?depth=5", null);
            check(t, "GET", "/v1/orderbook/{market_id}", "/v1/orderbook/1?depth=0", null);
            check(t, "GET", "/v1/markets", "/v1/markets", null);
            check(t, "GET", "/v1/markets/{market_id}", "/v1/markets/1", null);
            check(t, "POST", "/v1/markets/{market_id}/mark_price", "/v1/markets/1/mark_price", "{\"mark_price\":\"30000\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/mark_price", "/v1/markets/1/mark_price",
                    "{\"mark_price\":\"30000\"}");
            checkAdmin(t, "POST", "/v1/markets/{market_id}/mark_price", "/v1/markets/1/mark_price", "{\"mark_price\":1}");
            check(t, "GET", "/v1/settlement/batches", "/v1/settlement/batches", null);
            check(t, "GET", "/v1/settlement/batches", "/v1/settlement/batches?status=sideways", null);
            check(t, "GET", "/v1/settlement/batches/{batch_id}", "/v1/settlement/batches/1", null);
            check(t, "GET", "/v1/settlement/batches/{batch_id}", "/v1/settlement/batches/99", null);
            check(t, "POST", "/v1/settlement/batches/{batch_id}/retry", "/v1/settlement/batches/1/retry", null);
            checkAdmin(t, "POST", "/v1/settlement/batches/{batch_id}/retry", "/v1/settlement/batches/99/retry", null);
            check(t, "GET", "/v1/health", "/v1/health", null);
            check(t, "GET", "/health", "/health", null);
            check(t, "GET", "/v1/metrics", "/v1/metrics", null);
            check(t, "GET", "/metrics", "/metrics", null);
            check(t, "GET", "/v1/stream", "/v1/stream", null);
        }
        // Every call above is a documented operation, and every documented operation is called: a route
        // added to the spec without a call here fails this test.
        contract.assertEveryOperationCalled();
    }

    private TestServer.Reply check(TestServer t, String method, String template, String path, String body)
            throws Exception {
        return contract.verify(t.request(method, path, body), method, template);
    }

    private TestServer.Reply checkAdmin(TestServer t, String method, String template, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).header("Authorization", "Bearer " + ADMIN);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return contract.verify(t.send(b.build()), method, template);
    }
}
