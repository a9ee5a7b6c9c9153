package io.hyperperp.server;

import static io.hyperperp.server.AccountApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile shapes and values that were answered without the field or refused wrongly. A body refused for its
 * JSON shape says why: a duplicate key names the field (it was a bare "malformed JSON" without a field, on
 * every route), nesting past the limit says so. Market ids at the edge of 64 bits: a body takes any id up to
 * 2^63 − 1, so the paths and query parameters that name a market take the same ids (they stopped at 18
 * digits: a market opened with a 19-digit id could not be read or cancelled by market).
 */
class HostileValuesTest {

    private static final String BIG = "9223372036854775807";

    private static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void aDuplicateKeyIsNamed() throws Exception {
        String order = "{\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"limit\","
                + "\"size\":\"1\",\"price\":\"100\",\"size\":\"2\"}";
        TestServer.Reply single = t.post("/v1/orders", order);
        assertError(single, 400, "INVALID_JSON", "size");
        assertThat(single.json().at("/error/message").asText()).contains("duplicate");
        assertError(t.post("/v1/orders/batch", "{\"orders\":[" + order + "]}"), 400, "INVALID_JSON", "size");
        assertError(t.post("/orders", order), 400, "INVALID_JSON", "size");
        assertError(t.post("/v1/withdrawals", "{\"user_address\":\"0xb0b\",\"amount\":\"1\",\"amount\":\"2\"}"), 400,
                "INVALID_JSON", "amount");
        // a name not fit to echo is left out, the reason stays
        TestServer.Reply odd = t.post("/v1/orders", "{\"" + "k".repeat(100) + "\":1,\"" + "k".repeat(100) + "\":2}");
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.json().at("/error/field").isNull()).as(odd.text()).isTrue();
        assertThat(odd.json().at("/error/message").asText()).contains("duplicate");
    }

    /** The batch route answered an unknown top-level field with {@code field: orders}. */
    @Test
    void anUnknownTopLevelBatchFieldIsNamed() throws Exception {
        String order = "{\"user_address\":\"0xb0b\",\"market_id\":1,\"side\":\"buy\",\"order_type\":\"limit\","
                + "\"size\":\"1\",\"price\":\"100\"}";
        assertError(t.post("/v1/orders/batch", "{\"orders\":[" + order + "],\"dry_run\":true}"), 400,
                "UNKNOWN_FIELD", "dry_run");
        assertError(t.post("/v1/orders/batch", "{\"dry_run\":true,\"orders\":[" + order + "]}"), 400,
                "UNKNOWN_FIELD", "dry_run");
        assertError(t.post("/v1/orders/batch", "{\"order\":[" + order + "]}"), 400, "UNKNOWN_FIELD", "order");
        // without the list the field missing is still orders
        assertError(t.post("/v1/orders/batch", "{}"), 400, "INVALID_JSON", "orders");
    }

    @Test
    void nestingPastTheLimitIsNamed() throws Exception {
        TestServer.Reply deep = t.post("/v1/orders", "{\"a\":".repeat(40) + "1" + "}".repeat(40));
        assertThat(deep.status()).as(deep.text()).isEqualTo(400);
        assertThat(deep.json().at("/error/code").asText()).isEqualTo("INVALID_JSON");
        assertThat(deep.json().at("/error/message").asText()).contains("nested deeper than 32");
    }

    @Test
    void aNumberPastTheParsersLengthBoundIsNamedAsSuchNotAsNesting() throws Exception {
        // one exception type for every bound of the parser: 60,000 digits were "nested deeper than 32 levels"
        TestServer.Reply longNumber = t.post("/orders", "{\"user_address\":\"0xb0b\",\"market_id\":" + "9".repeat(60_000)
                + ",\"side\":\"Buy\",\"order_type\":\"Limit\",\"size\":\"1\",\"price\":\"100\"}");
        assertThat(longNumber.status()).as(longNumber.text()).isEqualTo(400);
        assertThat(longNumber.json().at("/error/code").asText()).isEqualTo("INVALID_JSON");
        assertThat(longNumber.json().at("/error/message").asText()).contains("a number longer than 1000 characters")
                .doesNotContain("nested");
    }

    @Test
    void anAddressInOtherDigitsThanAsciiIsRefusedOnTheSeedsRoutes() throws Exception {
        // Character.digit read full-width and Arabic-Indic digits as hex: 0x\uFF11 was the account 0x1
        for (String address : new String[] {"0x\uFF11", "0x\u0661", "0x\uFF41"}) {
            TestServer.Reply placed = t.post("/orders", "{\"user_address\":\"" + address + "\",\"market_id\":1,"
                    + "\"side\":\"Buy\",\"order_type\":\"Limit\",\"size\":\"1\",\"price\":\"100\"}");
            assertError(placed, 400, "INVALID_FIELD", "user_address");
        }
    }

    @Test
    void aMarketOpenedWithTheLargestIdCanBeReadAndCancelled() throws Exception {
        TestServer.Reply placed = t.post("/v1/orders", TestServer.order("0xb1", Long.MAX_VALUE, "sell", "1.0", "100.0"));
        assertThat(placed.status()).as(placed.text()).isEqualTo(200);

        TestServer.Reply book = t.get("/v1/orderbook/" + BIG);
        assertThat(book.status()).as(book.text()).isEqualTo(200);
        assertThat(book.json().at("/asks/0/size").asText()).isEqualTo("1.0");
        assertThat(t.get("/v1/markets/" + BIG).status()).isEqualTo(200);
        assertThat(t.get("/v1/trades?market_id=" + BIG).status()).isEqualTo(200);
        TestServer.Reply cancelled = t.request("DELETE", "/v1/orders?user_address=0xb1&market_id=" + BIG, null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(t.get("/v1/orderbook/" + BIG).json().get("asks")).isEmpty();
    }

    @Test
    void idsPast64BitsAreRefusedNamingTheField() throws Exception {
        assertError(t.get("/v1/orderbook/9223372036854775808"), 400, "INVALID_FIELD", "market_id");
        assertError(t.get("/v1/trades?market_id=99999999999999999999"), 400, "INVALID_FIELD", "market_id");
        assertError(t.get("/v1/orderbook/" + "9".repeat(400)), 400, "INVALID_FIELD", "market_id");
    }
}
