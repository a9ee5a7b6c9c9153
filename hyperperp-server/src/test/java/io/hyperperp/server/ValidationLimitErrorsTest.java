package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A rejection for a market limit names the limit in its message and as {@code error.limit}. */
class ValidationLimitErrorsTest {

    static TestServer t;
    static JsonNode market;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start();
        market = t.get("/v1/markets/1").json();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String place(String price, String size) {
        return "{\"user_address\":\"0xa\",\"market_id\":1,\"side\":\"buy\",\"size\":\"" + size + "\",\"price\":\""
                + price + "\"}";
    }

    private static JsonNode rejected(TestServer.Reply r, String code, String limitName, String specField) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        String value = market.get(specField).asText();
        assertThat(error.get("limit").get("name").asText()).isEqualTo(limitName);
        assertThat(new BigDecimal(error.get("limit").get("value").asText())).isEqualByComparingTo(value);
        assertThat(error.get("message").asText()).contains(limitName + " " + error.get("limit").get("value").asText());
        return error;
    }

    @Test
    void anOffTickPriceNamesTheTick() throws Exception {
        BigDecimal tick = new BigDecimal(market.get("tick_size").asText());
        String price = new BigDecimal("30000").add(tick.divide(BigDecimal.TEN)).toPlainString();
        rejected(t.post("/v1/orders", place(price, "1")), "INVALID_TICK", "tick", "tick_size");
    }

    @Test
    void sizesOutsideTheMarketsRangeNameTheLimit() throws Exception {
        BigDecimal max = new BigDecimal(market.get("max_size").asText());
        BigDecimal lot = new BigDecimal(market.get("lot_size").asText());
        rejected(t.post("/v1/orders", place("1", max.add(lot).toPlainString())), "SIZE_TOO_LARGE", "max_size",
                "max_size");
        rejected(t.post("/v1/orders", place("1", "1" + lot.divide(BigDecimal.TEN).toPlainString().substring(1))),
                "INVALID_LOT", "lot", "lot_size");
    }

    @Test
    void anAmendOffTheTickNamesItToo() throws Exception {
        JsonNode placed = t.post("/v1/orders", place("100", "1")).json();
        String id = placed.get("order_id").asText();
        BigDecimal tick = new BigDecimal(market.get("tick_size").asText());
        TestServer.Reply amend = t.request("PATCH", "/v1/orders/" + id,
                "{\"price\":\"" + new BigDecimal("100").add(tick.divide(BigDecimal.TEN)).toPlainString() + "\"}");
        rejected(amend, "INVALID_TICK", "tick", "tick_size");
    }

    @Test
    void aRejectionThatIsNoMarketLimitHasNoLimitField() throws Exception {
        TestServer.Reply r = t.post("/v1/orders", place("0", "1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").has("limit")).isFalse();
    }
}
