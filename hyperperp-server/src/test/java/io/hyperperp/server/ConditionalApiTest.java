package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stop-loss and take-profit orders over HTTP: place, list, amend, cancel, fire by last and mark price. */
class ConditionalApiTest {

    private static final String ADMIN = "test-admin-token-0123456789";
    static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of("auth.admin_token", ADMIN));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String limit(String user, String side, String price, String size) {
        return "{\"user_address\":\"" + user + "\",\"market_id\":5,\"side\":\"" + side + "\",\"order_type\":\"limit\","
                + "\"size\":\"" + size + "\",\"price\":\"" + price + "\"}";
    }

    @Test
    void stopWaitsIsListedAmendedAndFiresOnTheLastPrice() throws Exception {
        t.post("/v1/orders", limit("0xa1", "sell", "100.0", "1.0"));
        t.post("/v1/orders", limit("0xa2", "buy", "100.0", "1.0")); // last price 100
        TestServer.Reply stop = t.post("/v1/orders", "{\"user_address\":\"0xa3\",\"market_id\":5,\"side\":\"sell\","
                + "\"order_type\":\"stop_limit\",\"trigger_price\":\"98.0\",\"price\":\"97.0\",\"size\":\"1.0\"}");
        assertThat(stop.status()).as(stop.text()).isEqualTo(200);
        assertThat(stop.json().get("status").asText()).isEqualTo("untriggered");
        String id = stop.json().get("order_id").asText();

        assertThat(t.get("/v1/orders/" + id).json().get("order_type").asText()).isEqualTo("stop_limit");
        assertThat(t.get("/v1/orders?user_address=0xa3&status=untriggered").json().get("orders").size()).isEqualTo(1);
        TestServer.Reply amended = t.request("PATCH", "/v1/orders/" + id, "{\"trigger_price\":\"99.0\"}");
        assertThat(amended.status()).as(amended.text()).isEqualTo(200);
        assertThat(amended.json().get("order").get("trigger_price").asText()).isEqualTo("99.0");
        TestServer.Reply tooClose = t.request("PATCH", "/v1/orders/" + id, "{\"trigger_price\":\"100.0\"}");
        assertThat(tooClose.status()).isEqualTo(400);
        assertThat(tooClose.json().get("error").get("code").asText()).isEqualTo("WOULD_TRIGGER_IMMEDIATELY");

        t.post("/v1/orders", limit("0xa1", "sell", "99.0", "1.0"));
        t.post("/v1/orders", limit("0xa2", "buy", "99.0", "1.0")); // last price 99: fires
        TestServer.Reply fired = t.get("/v1/orders/" + id);
        assertThat(fired.json().get("status").asText()).isEqualTo("open");
        assertThat(fired.json().get("price").asText()).isEqualTo("97.0");
        assertThat(t.get("/v1/orderbook/5").json().get("asks").get(0).get("price").asText()).isEqualTo("97.0");
        TestServer.Reply triggered = t.get("/v1/orders?user_address=0xa3&status=triggered");
        assertThat(triggered.json().get("orders").size()).isEqualTo(1);
        assertThat(triggered.json().get("orders").get(0).get("status").asText()).isEqualTo("triggered");
        assertThat(triggered.json().get("orders").get(0).get("order_id").asText()).isEqualTo(id);
    }

    @Test
    void markPriceRouteFiresMarkOrdersAndConditionalOrdersCancel() throws Exception {
        TestServer.Reply tp = t.post("/v1/orders", "{\"user_address\":\"0xb1\",\"market_id\":6,\"side\":\"buy\","
                + "\"order_type\":\"take_profit_market\",\"trigger_price\":\"50.0\",\"trigger_by\":\"mark\","
                + "\"size\":\"1.0\"}");
        assertThat(tp.status()).as(tp.text()).isEqualTo(200);
        TestServer.Reply other = t.post("/v1/orders", "{\"user_address\":\"0xb1\",\"market_id\":6,\"side\":\"buy\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"70.0\",\"size\":\"1.0\"}");
        String otherId = other.json().get("order_id").asText();
        TestServer.Reply cancelled = t.request("DELETE", "/v1/orders/" + otherId, null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");

        java.net.http.HttpRequest unauthorized = java.net.http.HttpRequest.newBuilder(t.uri("/v1/markets/6/mark_price"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mark_price\":\"49.0\"}")).build();
        assertThat(t.send(unauthorized).status()).isEqualTo(401);
        java.net.http.HttpRequest mark = java.net.http.HttpRequest.newBuilder(t.uri("/v1/markets/6/mark_price"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mark_price\":\"49.0\"}")).build();
        TestServer.Reply fed = t.send(mark);
        assertThat(fed.status()).as(fed.text()).isEqualTo(200);
        assertThat(fed.json().get("triggered").asInt()).isEqualTo(1);
        assertThat(t.get("/v1/orders?user_address=0xb1&status=untriggered").json().get("orders").size()).isZero();
    }

    @Test
    void cancelledStopAndTakeProfitOrdersStayReadableAndListed() throws Exception {
        String stopBody = "{\"user_address\":\"0xc1\",\"market_id\":7,\"side\":\"sell\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"90.0\",\"size\":\"1.0\",\"oco_group\":\"b1\"}";
        String takeProfitBody = "{\"user_address\":\"0xc1\",\"market_id\":7,\"side\":\"sell\","
                + "\"order_type\":\"take_profit_market\",\"trigger_price\":\"110.0\",\"size\":\"1.0\","
                + "\"oco_group\":\"b1\"}";
        t.post("/v1/orders", limitIn(7, "0xc2", "sell", "100.0"));
        t.post("/v1/orders", limitIn(7, "0xc3", "buy", "100.0")); // last price 100
        String stop = t.post("/v1/orders", stopBody).json().get("order_id").asText();
        String takeProfit = t.post("/v1/orders", takeProfitBody).json().get("order_id").asText();
        String lone = t.post("/v1/orders", stopBody.replace(",\"oco_group\":\"b1\"", ""))
                .json().get("order_id").asText();

        assertThat(t.request("DELETE", "/v1/orders/" + lone, null).status()).isEqualTo(200);
        TestServer.Reply cancelled = t.get("/v1/orders/" + lone);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("order_type").asText()).isEqualTo("stop_market");

        // The take-profit fires at 110; its OCO sibling, the stop, is cancelled.
        t.post("/v1/orders", limitIn(7, "0xc2", "sell", "110.0"));
        t.post("/v1/orders", limitIn(7, "0xc3", "buy", "110.0"));
        TestServer.Reply sibling = t.get("/v1/orders/" + stop);
        assertThat(sibling.status()).as(sibling.text()).isEqualTo(200);
        assertThat(sibling.json().get("status").asText()).isEqualTo("cancelled");

        TestServer.Reply listed = t.get("/v1/orders?user_address=0xc1&status=cancelled");
        assertThat(listed.json().get("orders").findValuesAsText("order_id")).contains(stop, lone);
        TestServer.Reply all = t.get("/v1/orders?user_address=0xc1");
        assertThat(all.json().get("orders").findValuesAsText("order_id")).contains(stop, lone, takeProfit);
        assertThat(t.get("/v1/orders?user_address=0xc1&status=triggered").json().get("orders")
                .findValuesAsText("order_id")).containsExactly(takeProfit);
    }

    @Test
    void cancelAllAnswersTheStopAndTakeProfitOrdersItCancelledToo() throws Exception {
        t.post("/v1/orders", limitIn(9, "0xe2", "sell", "100.0"));
        t.post("/v1/orders", limitIn(9, "0xe3", "buy", "100.0")); // last price 100
        String resting = t.post("/v1/orders", limitIn(9, "0xe1", "buy", "95.0")).json().get("order_id").asText();
        String stop = t.post("/v1/orders", "{\"user_address\":\"0xe1\",\"market_id\":9,\"side\":\"sell\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"90.0\",\"size\":\"1.0\"}")
                .json().get("order_id").asText();

        TestServer.Reply all = t.request("DELETE", "/v1/orders?user_address=0xe1&market_id=9", null);
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        // the resting order first, then the conditional one (docs/matching.md), each counted
        assertThat(all.json().get("cancelled").asInt()).as(all.text()).isEqualTo(2);
        assertThat(all.json().get("order_ids")).extracting(n -> n.asText()).containsExactly(resting, stop);
        assertThat(t.get("/v1/orders/" + stop).json().get("status").asText()).isEqualTo("cancelled");
    }

    /** A limit order of size 1.0 in {@code market}. */
    private static String limitIn(int market, String user, String side, String price) {
        return limit(user, side, price, "1.0").replace("\"market_id\":5", "\"market_id\":" + market);
    }

    @Test
    void anIdleServerExpiresGoodTilTimeAndStopOrdersWithoutWaitingForTraffic() throws Exception {
        long expiresAt = io.hyperperp.server.backend.EngineClock.micros() + 300_000; // in 0.3 s
        String gtt = t.post("/v1/orders", limit("0xd1", "buy", "1.0", "1.0").replace("}",
                ",\"expires_at\":" + expiresAt + "}")).json().get("order_id").asText();
        String stop = t.post("/v1/orders", "{\"user_address\":\"0xd1\",\"market_id\":8,\"side\":\"sell\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"1.0\",\"size\":\"1.0\",\"expires_at\":"
                + expiresAt + "}").json().get("order_id").asText();
        assertThat(t.get("/v1/orders/" + gtt).json().get("status").asText()).isNotEqualTo("expired");
        // No other command arrives; poll for the outcome with a deadline.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"expired".equals(t.get("/v1/orders/" + gtt).json().get("status").asText())) {
            assertThat(System.nanoTime()).as("expired within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(t.get("/v1/orders/" + stop).json().get("status").asText()).isEqualTo("expired");
    }
}
