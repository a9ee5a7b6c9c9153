package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route over HTTP against the in-memory backend, including the seed README's examples. */
class ApiEndToEndTest {

    static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of("auth.admin_token", "test-admin-token-0123456789"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void seedExamples() throws Exception {
        // Seed: POST /orders with the README body.
        TestServer.Reply placed = t.post("/v1/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"size\":\"10.0\",\"price\":\"30000.0\"}");
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.json().get("status").asText()).isEqualTo("open");
        assertThat(placed.json().get("filled_size").asText()).isEqualTo("0.0");
        assertThat(placed.json().get("fills").isArray()).isTrue();
        String orderId = placed.json().get("order_id").asText();
        assertThat(orderId).matches("[0-9a-f-]{36}");

        // Seed: GET /orderbook/{market_id} shape.
        TestServer.Reply book = t.get("/v1/orderbook/1");
        assertThat(book.status()).isEqualTo(200);
        JsonNode b = book.json();
        assertThat(b.get("market_id").asLong()).isEqualTo(1);
        assertThat(b.get("bids").get(0).get("price").asText()).isEqualTo("30000.0");
        assertThat(b.get("bids").get(0).get("size").asText()).isEqualTo("10.0");
        assertThat(b.get("bids").get(0).get("order_count").asInt()).isEqualTo(1);
        assertThat(b.get("asks").isArray()).isTrue();
        assertThat(b.get("last_updated").isIntegralNumber()).as("last_updated in microseconds").isTrue();
        assertThat(b.get("sequence").asLong()).isPositive();

        // Seed: POST /orders/{order_id} cancels.
        TestServer.Reply cancelled = t.post("/v1/orders/" + orderId, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(t.post("/v1/orders/" + orderId, null).status()).isEqualTo(409);
        assertThat(t.get("/v1/orderbook/1").json().get("bids").size()).isZero();
    }

    @Test
    void tradingFlowAndQueries() throws Exception {
        String maker = "0xabc1";
        String taker = "0xabc2";
        long m = 7;
        TestServer.Reply ask = t.post("/v1/orders", TestServer.order(maker, m, "sell", "5.0", "100.0"));
        assertThat(ask.status()).isEqualTo(200);
        String askId = ask.json().get("order_id").asText();
        TestServer.Reply bid = t.post("/v1/orders", "{\"user_address\":\"" + taker + "\",\"market_id\":7,\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"size\":\"2.0\",\"price\":\"100.0\",\"time_in_force\":\"ioc\","
                + "\"client_order_id\":\"c-1\",\"stp\":\"cancel_taker\"}");
        assertThat(bid.status()).isEqualTo(200);
        assertThat(bid.json().get("status").asText()).isEqualTo("filled");
        assertThat(bid.json().get("fills").size()).isEqualTo(1);
        assertThat(bid.json().get("fills").get(0).get("price").asText()).isEqualTo("100.0");
        assertThat(bid.json().get("order").get("client_order_id").asText()).isEqualTo("c-1");

        // Amend the resting ask: smaller size.
        TestServer.Reply amended = t.request("PATCH", "/v1/orders/" + askId, "{\"size\":\"1.5\"}");
        assertThat(amended.status()).isEqualTo(200);
        assertThat(amended.json().get("order").get("open_size").asText()).isEqualTo("1.5");
        assertThat(t.request("PATCH", "/v1/orders/" + askId, "{\"size\":\"1.5\"}").json().get("error").get("code").asText())
                .isEqualTo("AMEND_NO_CHANGE");
        assertThat(t.request("PATCH", "/v1/orders/" + askId, "{\"price\":\"100.000000001\"}").json().get("error").get("code")
                .asText()).isEqualTo("TOO_MANY_DECIMALS");

        TestServer.Reply got = t.get("/v1/orders/" + askId);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("filled_size").asText()).isEqualTo("2.0");
        assertThat(t.get("/v1/orders/" + bid.json().get("order_id").asText()).json().get("status").asText())
                .isEqualTo("filled");

        JsonNode list = t.get("/v1/orders?user_address=" + maker + "&market_id=7&status=open&limit=10").json();
        assertThat(list.get("orders").size()).isEqualTo(1);
        assertThat(t.get("/v1/orders?user_address=" + taker + "&status=filled").json().get("orders").size()).isEqualTo(1);

        JsonNode trades = t.get("/v1/trades?market_id=7&limit=5").json();
        assertThat(trades.get("trades").size()).isEqualTo(1);
        assertThat(trades.get("trades").get(0).get("taker_user_address").asText()).isEqualTo(taker);
        assertThat(t.get("/v1/trades?user_address=" + maker).json().get("trades").size()).isEqualTo(1);

        JsonNode pos = t.get("/v1/positions?user_address=" + taker).json();
        assertThat(pos.get("positions").get(0).get("size").asText()).isEqualTo("2.0");
        assertThat(pos.get("positions").get(0).get("side").asText()).isEqualTo("long");

        JsonNode market = t.get("/v1/markets/7").json();
        assertThat(market.get("last_price").asText()).isEqualTo("100.0");
        assertThat(market.get("best_ask").asText()).isEqualTo("100.0");
        assertThat(market.get("volume_24h").asText()).isEqualTo("2.0");
        assertThat(market.get("high_24h").asText()).isEqualTo("100.0");
        assertThat(t.get("/v1/markets").json().get("markets").size()).isGreaterThanOrEqualTo(1);

        // Duplicate client order id: 409.
        assertThat(t.post("/v1/orders", "{\"user_address\":\"" + maker + "\",\"market_id\":7,\"side\":\"sell\","
                + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"200.0\",\"client_order_id\":\"dup\"}").status())
                .isEqualTo(200);
        TestServer.Reply dup = t.post("/v1/orders", "{\"user_address\":\"" + maker + "\",\"market_id\":7,\"side\":\"sell\","
                + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"201.0\",\"client_order_id\":\"dup\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("error").get("code").asText()).isEqualTo("DUPLICATE_CLIENT_ORDER_ID");

        // Cancel all of the maker's orders.
        TestServer.Reply all = t.request("DELETE", "/v1/orders?user_address=" + maker + "&market_id=7", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("cancelled").asInt()).isEqualTo(2);
        assertThat(t.request("DELETE", "/v1/orders/" + askId, null).status()).isEqualTo(409);

        // Settlement: the trade is batched and confirmed by the local ledger.
        long deadline = System.currentTimeMillis() + 5_000;
        JsonNode batches;
        do {
            Thread.sleep(20);
            batches = t.get("/v1/settlement/batches?status=confirmed").json().get("batches");
        } while (batches.size() == 0 && System.currentTimeMillis() < deadline);
        assertThat(batches.size()).isGreaterThanOrEqualTo(1);
        String batchId = batches.get(0).get("batch_id").asText();
        assertThat(t.get("/v1/settlement/batches/" + batchId).json().get("fills").size()).isGreaterThanOrEqualTo(1);
        assertThat(t.get("/v1/settlement/batches/" + batches.get(0).get("batch_number").asLong()).status()).isEqualTo(200);
        // Retry: admin only; a confirmed batch cannot be retried (409).
        assertThat(t.post("/v1/settlement/batches/" + batchId + "/retry", null).status()).isEqualTo(401);
        TestServer.Reply retry = t.send(HttpRequest.newBuilder(t.uri("/v1/settlement/batches/" + batchId + "/retry"))
                .header("Authorization", "Bearer test-admin-token-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(retry.status()).isEqualTo(409);
        assertThat(t.send(HttpRequest.newBuilder(t.uri("/v1/settlement/batches/999999/retry"))
                .header("Authorization", "Bearer test-admin-token-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(404);
        assertThat(t.send(HttpRequest.newBuilder(t.uri("/v1/settlement/batches/1/retry"))
                .header("Authorization", "Bearer wrong-token-wrong-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(401);

        JsonNode positions = t.get("/v1/positions?user_address=" + taker).json();
        assertThat(positions.get("positions").get(0).get("settled_size").asText()).isEqualTo("2.0");
        assertThat(positions.get("positions").get(0).get("entry_price").asText()).isEqualTo("100.0");

        JsonNode health = t.get("/health").json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("settlement").get("last_confirmed_at").isNull()).isFalse();
        String metrics = t.get("/metrics").text();
        assertThat(metrics).contains("hyperperp_fills_total").contains("hyperperp_orders_total{result=\"accepted\"}")
                .contains("hyperperp_rejections_total{reason=\"AMEND_NO_CHANGE\"}")
                .contains("hyperperp_http_request_duration_seconds_bucket")
                .contains("hyperperp_engine_queue_depth").contains("hyperperp_settlement_batches")
                .contains("hyperperp_commit_duration_seconds_count");
    }

    @Test
    void batchOrdersAnsweredSeparately() throws Exception {
        StringBuilder body = new StringBuilder("{\"orders\":[");
        body.append(TestServer.order("0xbb1", 8, "sell", "1.0", "50.0")).append(',');
        body.append("{\"user_address\":\"0xbb1\",\"market_id\":8,\"side\":\"sell\",\"size\":\"1.0\",\"price\":\"-1\"},");
        body.append(TestServer.order("0xbb2", 8, "buy", "1.0", "50.0")).append("]}");
        TestServer.Reply r = t.post("/v1/orders/batch", body.toString());
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).get("status").asText()).isEqualTo("open");
        assertThat(results.get(1).get("http_status").asInt()).isEqualTo(400);
        assertThat(results.get(1).get("error").get("field").asText()).isEqualTo("price");
        assertThat(results.get(2).get("status").asText()).isEqualTo("filled");
        assertThat(results.get(2).get("fills").size()).isEqualTo(1);
        assertThat(results.get(2).get("fills").get(0).get("maker_order_id").asText())
                .isEqualTo(results.get(0).get("order_id").asText());
        assertThat(results.get(2).get("order").get("user_address").asText()).isEqualTo("0xbb2");

        // A stop waiting for its trigger beside a plain order: the other writer, the same shapes.
        TestServer.Reply mixed = t.post("/v1/orders/batch", "{\"orders\":[{\"user_address\":\"0xbb4\",\"market_id\":8,"
                + "\"side\":\"sell\",\"order_type\":\"stop_market\",\"trigger_price\":\"40\",\"size\":\"1\"},"
                + TestServer.order("0xbb4", 8, "buy", "1.0", "10.0") + ",{\"user_address\":\"0xbb4\"}]}");
        assertThat(mixed.status()).isEqualTo(200);
        JsonNode mixedResults = mixed.json().get("results");
        assertThat(mixedResults.size()).isEqualTo(3);
        assertThat(mixedResults.get(0).get("order").get("trigger_price").asText()).startsWith("40");
        assertThat(mixedResults.get(1).get("status").asText()).isEqualTo("open");
        assertThat(mixedResults.get(1).has("cancel_reason")).isTrue();
        assertThat(mixedResults.get(2).get("http_status").asInt()).isEqualTo(400);

        // Nothing accepted: 400, the batch's own error, and each order's.
        TestServer.Reply none = t.post("/v1/orders/batch", "{\"orders\":[" + TestServer.order("0xbb5", 8, "buy", "1.0", "-1")
                + ",{\"user_address\":\"0xbb5\",\"market_id\":8,\"side\":\"up\",\"size\":\"1\",\"price\":\"1\"}]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("error").get("code").asText()).isEqualTo("ALL_ORDERS_REJECTED");
        assertThat(none.json().get("error").get("field").asText()).isEqualTo("orders");
        assertThat(none.json().get("results").get(0).get("error").get("field").asText()).isEqualTo("price");
        assertThat(none.json().get("results").get(1).get("error").get("field").asText()).isEqualTo("side");

        StringBuilder big = new StringBuilder("{\"orders\":[");
        for (int i = 0; i < 101; i++) {
            big.append(i == 0 ? "" : ",").append(TestServer.order("0xbb3", 8, "buy", "1.0", "1.0"));
        }
        big.append("]}");
        TestServer.Reply tooMany = t.post("/v1/orders/batch", big.toString());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("error").get("code").asText()).isEqualTo("TOO_MANY_ORDERS");
    }

    @Test
    void errors() throws Exception {
        assertError(t.post("/v1/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"size\":\"1\","
                + "\"price\":\"30000.005\"}"), 400, "INVALID_TICK", "price");
        assertError(t.post("/v1/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"size\":\"1\","
                + "\"price\":\"1\",\"bogus\":1}"), 400, "UNKNOWN_FIELD", "bogus");
        assertError(t.post("/v1/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"size\":\"1\","
                + "\"price\":\"1\",\"timestamp\":1}"), 400, "UNKNOWN_FIELD", "timestamp");
        assertError(t.post("/v1/orders", "{\"user_address\":\"0xA\",\"market_id\":1,\"side\":\"buy\",\"size\":\"1\","
                + "\"price\":\"1\"}"), 400, "INVALID_FIELD", "user_address");
        assertError(t.post("/v1/orders", "{"), 400, "INVALID_JSON", null);
        assertError(t.get("/v1/orders/not-a-uuid"), 400, "INVALID_FIELD", "order_id");
        assertError(t.get("/v1/orders/48595045-0001-8000-8000-000000999999"), 404, "ORDER_NOT_FOUND", null);
        assertError(t.get("/v1/orders/00000000-0000-0000-0000-000000000000"), 404, "ORDER_NOT_FOUND", null);
        assertError(t.get("/nope"), 404, "NOT_FOUND", null);
        assertError(t.get("/v1/ordersx"), 404, "NOT_FOUND", null);
        assertError(t.request("PUT", "/v1/orders", "{}"), 405, "METHOD_NOT_ALLOWED", null);
        assertThat(t.request("PUT", "/v1/orders", "{}").raw().headers().firstValue("Allow").orElse(""))
                .contains("POST").contains("GET").contains("DELETE");
        assertError(t.get("/v1/orderbook/abc"), 400, "INVALID_FIELD", "market_id");
        assertError(t.get("/v1/orderbook/1?depth=0"), 400, "INVALID_FIELD", "depth");
        assertError(t.get("/v1/orderbook/1?foo=1"), 400, "UNKNOWN_PARAMETER", "foo");
        assertError(t.get("/v1/orders"), 400, "MISSING_FIELD", "user_address");
        assertError(t.get("/v1/trades"), 400, "MISSING_FIELD", "market_id");
        assertError(t.get("/v1/settlement/batches?status=bogus"), 400, "INVALID_FIELD", "status");
        assertError(t.get("/v1/settlement/batches/123456"), 404, "BATCH_NOT_FOUND", null);
        TestServer.Reply wrongType = t.send(HttpRequest.newBuilder(t.uri("/v1/orders")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(wrongType, 415, "UNSUPPORTED_MEDIA_TYPE", null);
        TestServer.Reply huge = t.post("/v1/orders", "{\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertError(huge, 413, "BODY_TOO_LARGE", null);
        // The server is still fine.
        assertThat(t.get("/health").status()).isEqualTo(200);
    }

    @Test
    void theNativeApiLivesUnderV1WithProbesAtTheRootToo() throws Exception {
        assertThat(t.get("/v1/health").json().get("status").asText()).isEqualTo("ok");
        assertThat(t.get("/health").json().get("status").asText()).isEqualTo("ok");
        assertThat(t.get("/v1/metrics").text()).contains("hyperperp_http_requests_total");
        assertThat(t.get("/metrics").text()).contains("route=\"/v1/health\"");
        assertThat(t.get("/v1/markets").status()).isEqualTo(200);
        // Native-only routes are not served at the root.
        assertError(t.get("/positions?user_address=0x1"), 404, "NOT_FOUND", null);
        assertError(t.get("/stream?channels=trades:1"), 404, "NOT_FOUND", null);
        assertError(t.get("/settlement/batches"), 404, "NOT_FOUND", null);
    }

    static void assertError(TestServer.Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isNotEmpty();
        if (field == null) {
            assertThat(e.get("field").isNull()).isTrue();
        } else {
            assertThat(e.get("field").asText()).isEqualTo(field);
        }
    }
}
