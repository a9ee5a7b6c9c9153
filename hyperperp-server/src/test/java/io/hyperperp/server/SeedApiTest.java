package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed engine's API at the root, with the seed's own examples (README and web app) in both enum
 * cases, and every field its web app reads (seed-api.md 2.3).
 */
class SeedApiTest {

    static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    /** A wallet's long-form address with a leading zero, as the seed's app sends it. */
    static final String WALLET = "0x0a" + "1".repeat(62);
    static final String WALLET_SHORT = "0xa" + "1".repeat(62);
    static final Set<String> ORDER_FIELDS = Set.of("id", "user_address", "market_id", "side", "order_type", "size",
            "price", "filled_size", "status", "created_at", "updated_at", "expires_at");
    static final Set<String> TRADE_FIELDS = Set.of("id", "market_id", "taker_order_id", "maker_order_id",
            "taker_address", "maker_address", "size", "price", "side", "created_at", "settlement_batch_id");

    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = TestServer.start(Map.of());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static String seedOrder(String user, long market, String side, String type, String size, String price) {
        return "{\"user_address\":\"" + user + "\",\"market_id\":" + market + ",\"side\":\"" + side
                + "\",\"order_type\":\"" + type + "\",\"size\":\"" + size + "\",\"price\":"
                + (price == null ? "null" : "\"" + price + "\"") + ",\"expires_at\":null}";
    }

    static void assertOrderShape(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(ORDER_FIELDS);
        assertThat(o.get("market_id").isNumber()).as("market_id is a JSON number").isTrue();
        assertThat(o.get("side").asText()).isIn("Buy", "Sell");
        assertThat(o.get("order_type").asText()).isIn("Limit", "Market");
        assertThat(o.get("status").asText()).isIn("Pending", "PartiallyFilled", "Filled", "Cancelled", "Expired");
        assertThat(o.get("size").isTextual()).isTrue();
        assertThat(o.get("filled_size").isTextual()).isTrue();
        assertThat(o.get("created_at").asText()).matches(RFC3339);
        assertThat(o.get("updated_at").asText()).matches(RFC3339);
    }

    static void assertTradeShape(JsonNode tr) {
        List<String> names = new ArrayList<>();
        tr.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(TRADE_FIELDS);
        assertThat(tr.get("market_id").isNumber()).isTrue();
        assertThat(tr.get("side").asText()).isIn("Buy", "Sell");
        assertThat(tr.get("created_at").asText()).matches(RFC3339);
        assertThat(tr.get("price").isTextual()).isTrue();
        assertThat(tr.get("size").isTextual()).isTrue();
    }

    @Test
    void readmeExampleInLowerCase() throws Exception {
        TestServer.Reply placed = t.post("/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"size\":\"10.0\",\"price\":\"30000.0\"}");
        assertThat(placed.status()).as(placed.text()).isEqualTo(200);
        JsonNode order = placed.json().get("order");
        assertOrderShape(order);
        assertThat(order.get("user_address").asText()).isEqualTo("0x" + "0".repeat(59) + "a11ce");
        assertThat(order.get("market_id").asLong()).isEqualTo(1);
        assertThat(order.get("side").asText()).isEqualTo("Buy");
        assertThat(order.get("order_type").asText()).isEqualTo("Limit");
        assertThat(order.get("size").asText()).isEqualTo("10.0");
        assertThat(order.get("price").asText()).isEqualTo("30000.0");
        assertThat(order.get("filled_size").asText()).isEqualTo("0.0");
        assertThat(order.get("status").asText()).isEqualTo("Pending");
        assertThat(order.get("expires_at").isNull()).isTrue();
        assertThat(placed.json().get("trades").isArray()).isTrue();
        assertThat(placed.json().get("trades").size()).isZero();

        JsonNode book = t.get("/orderbook/1").json();
        assertThat(book.get("market_id").asLong()).isEqualTo(1);
        assertThat(book.get("bids").get(0).get("price").asText()).isEqualTo("30000.0");
        assertThat(book.get("bids").get(0).get("size").asText()).isEqualTo("10.0");
        assertThat(book.get("bids").get(0).get("order_count").asInt()).isEqualTo(1);
        assertThat(book.get("asks").size()).isZero();
        assertThat(book.get("last_updated").asText()).matches(RFC3339);

        // The seed's cancel: POST /orders/{id}, no body, no Content-Type.
        String id = order.get("id").asText();
        TestServer.Reply cancelled = t.send(HttpRequest.newBuilder(t.uri("/orders/" + id))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().get("order").get("status").asText()).isEqualTo("Cancelled");
        assertThat(t.get("/orderbook/1").json().get("bids").size()).isZero();
        assertError(t.post("/orders/" + id, null), 409, "ORDER_NOT_OPEN", "order_id");
        assertError(t.post("/orders/48595045-0001-8000-8000-000000999999", null), 404, "ORDER_NOT_FOUND", null);
        assertError(t.post("/orders/8b2f3c1e-5d4a-4e6b-9c7d-0123456789ab", null), 404, "ORDER_NOT_FOUND", null);
        assertError(t.post("/orders/not-a-uuid", null), 400, "INVALID_FIELD", "order_id");
    }

    @Test
    void webAppFlowInPascalCaseWithAWalletAddress() throws Exception {
        // The maker rests two asks; the wallet buys across both.
        assertThat(t.post("/orders", seedOrder("0xb0b", 2, "Sell", "Limit", "1.5", "2000.5")).status()).isEqualTo(200);
        assertThat(t.post("/orders", seedOrder("0xb0b", 2, "Sell", "Limit", "2.0", "2001.0")).status()).isEqualTo(200);
        TestServer.Reply bought = t.post("/orders", seedOrder(WALLET, 2, "Buy", "Limit", "2.5", "2001.0"));
        assertThat(bought.status()).as(bought.text()).isEqualTo(200);
        JsonNode order = bought.json().get("order");
        assertOrderShape(order);
        assertThat(order.get("user_address").asText()).isEqualTo(WALLET);
        assertThat(order.get("status").asText()).isEqualTo("Filled");
        assertThat(order.get("filled_size").asText()).isEqualTo("2.5");
        JsonNode trades = bought.json().get("trades");
        assertThat(trades.size()).isEqualTo(2);
        for (JsonNode tr : trades) {
            assertTradeShape(tr);
            assertThat(tr.get("side").asText()).isEqualTo("Buy");
            assertThat(tr.get("taker_order_id").asText()).isEqualTo(order.get("id").asText());
            assertThat(tr.get("taker_address").asText()).isEqualTo(WALLET);
            assertThat(tr.get("maker_address").asText()).isEqualTo("0x" + "0".repeat(61) + "b0b");
        }
        // Trades at the maker's price, best first.
        assertThat(trades.get(0).get("price").asText()).isEqualTo("2000.5");
        assertThat(trades.get(0).get("size").asText()).isEqualTo("1.5");
        assertThat(trades.get(1).get("price").asText()).isEqualTo("2001.0");

        // The wallet's orders under any spelling of its address: short, long, upper-case hex.
        for (String form : List.of(WALLET, WALLET_SHORT, "0x0A" + "1".repeat(62), "0X0A" + "1".repeat(62))) {
            TestServer.Reply mine = t.get("/orders/user/" + form);
            assertThat(mine.status()).as(form + " " + mine.text()).isEqualTo(200);
            assertThat(mine.json().get("total").asInt()).isEqualTo(1);
            assertThat(mine.json().get("orders").get(0).get("id").asText()).isEqualTo(order.get("id").asText());
        }
        // The maker's: one Filled, one PartiallyFilled, newest first.
        JsonNode makers = t.get("/orders/user/0xb0b").json();
        assertThat(makers.get("total").asInt()).isEqualTo(2);
        assertThat(makers.get("orders").get(0).get("status").asText()).isEqualTo("PartiallyFilled");
        assertThat(makers.get("orders").get(0).get("filled_size").asText()).isEqualTo("1.0");
        assertThat(makers.get("orders").get(1).get("status").asText()).isEqualTo("Filled");
        makers.get("orders").forEach(SeedApiTest::assertOrderShape);
        assertThat(t.get("/orders/user/0xb0b?status=PartiallyFilled").json().get("total").asInt()).isEqualTo(1);
        assertThat(t.get("/orders/user/0xb0b?status=filled").json().get("total").asInt()).isEqualTo(1);

        // The app's book poll and recent trades.
        JsonNode book = t.get("/orderbook/2").json();
        assertThat(book.get("asks").get(0).get("price").asText()).isEqualTo("2001.0");
        assertThat(book.get("asks").get(0).get("size").asText()).isEqualTo("1.0");
        JsonNode recent = t.get("/trades/2?limit=50").json();
        assertThat(recent.get("total").asInt()).isEqualTo(2);
        assertThat(recent.get("trades").get(0).get("price").asText()).isEqualTo("2001.0");
        recent.get("trades").forEach(SeedApiTest::assertTradeShape);
        assertThat(t.get("/trades").json().get("total").asInt()).isEqualTo(2);
        assertThat(t.get("/trades/user/" + WALLET_SHORT).json().get("total").asInt()).isEqualTo(2);
        assertThat(t.get("/trades/user/0xb0b").json().get("total").asInt()).isEqualTo(2);
        assertThat(t.get("/trades/user/0xc0c").json().get("total").asInt()).isZero();
        assertThat(t.get("/trades/2?limit=1&offset=1").json().get("trades").get(0).get("price").asText())
                .isEqualTo("2000.5");
        assertThat(t.get("/trades/2?start_time=2999-01-01T00:00:00Z").json().get("total").asInt()).isZero();
        assertThat(t.get("/trades/2?end_time=2999-01-01T00:00:00%2B02:00").json().get("total").asInt()).isEqualTo(2);

        // The seed's client's market data route.
        JsonNode data = t.get("/market/2").json();
        assertThat(data.get("market_id").asLong()).isEqualTo(2);
        assertThat(data.get("last_price").asText()).isEqualTo("2001.0");
        assertThat(data.get("volume_24h").asText()).isEqualTo("2.5");
        assertThat(data.get("best_ask").asText()).isEqualTo("2001.0");
    }

    @Test
    void marketOrdersWithTheSeedsPriceSpellingsAndHyperperpExtras() throws Exception {
        assertThat(t.post("/orders", seedOrder("0xb0b", 1, "Sell", "Limit", "3.0", "100.0")).status()).isEqualTo(200);
        // The confirm body of the seed's app sends price "" for a market order; the freeze flow sends 0.
        for (String price : new String[] {"\"\"", "null", "\"0\""}) {
            TestServer.Reply r = t.post("/orders", "{\"user_address\":\"0xc0c\",\"market_id\":1,\"side\":\"Buy\","
                    + "\"order_type\":\"Market\",\"size\":\"1.0\",\"price\":" + price + "}");
            assertThat(r.status()).as(price + " " + r.text()).isEqualTo(200);
            assertThat(r.json().get("order").get("order_type").asText()).isEqualTo("Market");
            assertThat(r.json().get("order").get("price").isNull()).isTrue();
            assertThat(r.json().get("order").get("status").asText()).isEqualTo("Filled");
        }
        // A market order with a real price is not refused (the seed's defect): the price bounds the sweep.
        TestServer.Reply limited = t.post("/orders", seedOrder("0xc0c", 1, "Buy", "Market", "1.0", "90.0"));
        assertThat(limited.status()).as(limited.text()).isEqualTo(200);
        assertThat(limited.json().get("trades").size()).isZero();

        TestServer.Reply extras = t.post("/orders", "{\"user_address\":\"0xc0c\",\"market_id\":1,\"side\":\"Sell\","
                + "\"order_type\":\"Limit\",\"size\":\"1.0\",\"price\":\"150.0\",\"time_in_force\":\"post_only\","
                + "\"client_order_id\":\"bot-1\",\"reduce_only\":false,\"stp\":\"cancel_taker\","
                + "\"expires_at\":\"2999-01-01T00:00:00Z\"}");
        assertThat(extras.status()).as(extras.text()).isEqualTo(200);
        assertThat(extras.json().get("order").get("expires_at").asText()).isEqualTo("2999-01-01T00:00:00Z");
        assertError(t.post("/orders", "{\"user_address\":\"0xc0c\",\"market_id\":1,\"side\":\"Sell\","
                + "\"order_type\":\"Limit\",\"size\":\"1.0\",\"price\":\"150.0\",\"client_order_id\":\"bot-1\"}"),
                409, "DUPLICATE_CLIENT_ORDER_ID", "client_order_id");
    }

    @Test
    void badInputIsAClearFourHundred() throws Exception {
        assertError(t.post("/orders", seedOrder("0xa", 1, "BUY", "Limit", "1", "1")), 400, "INVALID_FIELD", "side");
        assertError(t.post("/orders", seedOrder("0xa", 1, "Buy", "StopLimit", "1", "1")), 400, "INVALID_FIELD",
                "order_type");
        assertError(t.post("/orders", seedOrder("0xa", 1, "Buy", "Limit", "1", null)), 400, "MISSING_FIELD", "price");
        assertError(t.post("/orders", seedOrder("a11ce", 1, "Buy", "Limit", "1", "1")), 400, "INVALID_FIELD",
                "user_address");
        assertError(t.post("/orders", seedOrder("0x" + "1".repeat(65), 1, "Buy", "Limit", "1", "1")), 400,
                "INVALID_FIELD", "user_address");
        assertError(t.post("/orders", seedOrder("0xa", 1, "Buy", "Limit", "abc", "1")), 400, "INVALID_NUMBER", "size");
        assertError(t.post("/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"Buy\","
                + "\"order_type\":\"Limit\",\"size\":\"1\",\"price\":\"1\",\"reduce_onyl\":true}"), 400,
                "UNKNOWN_FIELD", "reduce_onyl");
        assertError(t.post("/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"Buy\","
                + "\"order_type\":\"Limit\",\"size\":\"1\",\"price\":\"1\",\"expires_at\":\"tomorrow\"}"), 400,
                "INVALID_FIELD", "expires_at");
        // The epoch (0 is "no expiry" natively) and earlier are times in the past like any other.
        for (String past : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2001-01-01T00:00:00Z"}) {
            assertError(t.post("/orders", "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"Buy\","
                    + "\"order_type\":\"Limit\",\"size\":\"1\",\"price\":\"1\",\"expires_at\":\"" + past + "\"}"),
                    400, "INVALID_EXPIRY", "expires_at");
        }
        assertError(t.post("/orders", "[]"), 400, "INVALID_JSON", null);
        assertError(t.get("/orders/user/0xzz"), 400, "INVALID_FIELD", "user_address");
        assertError(t.get("/orders/user/0xa?status=Open"), 400, "INVALID_FIELD", "status");
        assertError(t.get("/orders/user/0xa?limit=0"), 400, "INVALID_FIELD", "limit");
        assertError(t.get("/trades/abc"), 400, "INVALID_FIELD", "market_id");
        assertError(t.get("/trades/1?start_time=yesterday"), 400, "INVALID_FIELD", "start_time");
        assertError(t.get("/orderbook/abc"), 400, "INVALID_FIELD", "market_id");
    }

    @Test
    void emptyBooksMarketsAndPaging() throws Exception {
        // A market nobody traded yet has an empty book (the seed answered 404).
        JsonNode empty = t.get("/orderbook/7").json();
        assertThat(empty.get("bids").size()).isZero();
        assertThat(empty.get("asks").size()).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(t.post("/orders", seedOrder("0xd0d", 3, "Buy", "Limit", "1.0", (100 + i) + ".0")).status())
                    .isEqualTo(200);
        }
        JsonNode page = t.get("/orders/user/0xd0d?limit=2&offset=1").json();
        assertThat(page.get("total").asInt()).as("total counts every match, not the page").isEqualTo(5);
        assertThat(page.get("orders").size()).isEqualTo(2);
        assertThat(page.get("orders").get(0).get("price").asText()).isEqualTo("103.0");
        JsonNode markets = t.get("/markets").json();
        assertThat(markets.isArray()).isTrue();
        JsonNode three = null;
        for (JsonNode m : markets) {
            if (m.get("market_id").asLong() == 3) {
                three = m;
            }
        }
        assertThat(three).isNotNull();
        assertThat(three.get("symbol").asText()).isEqualTo("MARKET/3");
        assertThat(three.get("base_token").asText()).isEqualTo("MARKET");
        assertThat(t.get("/markets/3").json().get("market_id").asLong()).isEqualTo(3);
    }
}
