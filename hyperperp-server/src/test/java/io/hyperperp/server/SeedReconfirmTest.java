package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A repeated {@code POST /orders/confirm} of an order already placed (review, session 15): with other
 * fields than the placed order's it answered 200 "Order already confirmed." with the order as placed,
 * as if the other fields had been confirmed. It is now refused with 400 {@code ORDER_MISMATCH} naming
 * the field; the same fields (in any decimal spelling) or the short form stay the idempotent 200.
 */
class SeedReconfirmTest {

    private static final String BUYER = "0xb1";
    private static final String SELLER = "0x5e";

    @Test
    void aReconfirmWithOtherFieldsIsRefusedNamingTheFieldAndTheSameFieldsStayIdempotent() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", SeedCollateralTest.TOKEN))) {
            credit(t, BUYER);
            credit(t, SELLER);
            String bid = freezeAndConfirm(t, order(BUYER, 1, "Buy", "Limit", "10.0", "\"50.0\""));

            assertAlreadyConfirmed(t, confirm(order(BUYER, 1, "Buy", "Limit", "10.0", "\"50.0\""), bid));
            assertAlreadyConfirmed(t, confirm(order(BUYER, 1, "Buy", "Limit", "10", "\"50.00\""), bid));
            assertAlreadyConfirmed(t, "{\"order_id\":\"" + bid + "\",\"signed_transaction_hash\":\"0x1\"}");
            assertMismatch(t, confirm(order(BUYER, 1, "Buy", "Limit", "11.0", "\"50.0\""), bid), "size");
            assertMismatch(t, confirm(order(BUYER, 1, "Buy", "Limit", "10.0", "\"49.0\""), bid), "price");
            assertMismatch(t, confirm(order(BUYER, 1, "Sell", "Limit", "10.0", "\"50.0\""), bid), "side");
            assertMismatch(t, confirm(order(BUYER, 2, "Buy", "Limit", "10.0", "\"50.0\""), bid), "market_id");
            assertMismatch(t, confirm(order(BUYER, 1, "Buy", "Market", "10.0", "null"), bid), "order_type");
            // Another user's address is a mismatch of the id's owner, not an unknown id.
            assertMismatch(t, confirm(order(SELLER, 1, "Buy", "Limit", "10.0", "\"50.0\""), bid), "user_address");
            // Nothing was changed by the refused ones.
            assertThat(t.get("/orderbook/1").json().at("/bids/0/size").asText()).isEqualTo("10.0");
            assertThat(t.get("/orderbook/1").json().at("/bids/0/price").asText()).isEqualTo("50.0");

            // A market order (the seed's app sends its price as 0) that filled against the bid.
            String market = freezeAndConfirm(t, order(SELLER, 1, "Sell", "Market", "4.0", "\"0\""));
            assertAlreadyConfirmed(t, confirm(order(SELLER, 1, "Sell", "Market", "4.0", "\"0\""), market));
            assertAlreadyConfirmed(t, confirm(order(SELLER, 1, "Sell", "Market", "4", "null"), market));
            assertMismatch(t, confirm(order(SELLER, 1, "Sell", "Market", "5.0", "\"0\""), market), "size");
            assertMismatch(t, confirm(order(SELLER, 1, "Sell", "Limit", "4.0", "\"50.0\""), market), "order_type");
            assertThat(t.get("/orderbook/1").json().at("/bids/0/size").asText()).isEqualTo("6.0");
        }
    }

    private static void credit(TestServer t, String user) throws Exception {
        TestServer.Reply d = SeedCollateralTest.deposit(t, "{\"user_address\":\"" + user
                + "\",\"amount\":100000000000}", SeedCollateralTest.TOKEN);
        assertThat(d.status()).as(d.text()).isEqualTo(200);
    }

    private static String order(String user, int market, String side, String type, String size, String price) {
        return "\"user_address\":\"" + user + "\",\"market_id\":" + market + ",\"side\":\"" + side
                + "\",\"order_type\":\"" + type + "\",\"size\":\"" + size + "\",\"price\":" + price
                + ",\"expires_at\":null";
    }

    private static String confirm(String order, String orderId) {
        return "{" + order + ",\"order_id\":\"" + orderId + "\",\"signed_transaction_hash\":\"0x1\"}";
    }

    private static String freezeAndConfirm(TestServer t, String order) throws Exception {
        TestServer.Reply frozen = t.post("/orders/freeze", "{" + order + "}");
        assertThat(frozen.status()).as(frozen.text()).isEqualTo(200);
        String orderId = frozen.json().get("order_id").asText();
        TestServer.Reply placed = t.post("/orders/confirm", confirm(order, orderId));
        assertThat(placed.status()).as(placed.text()).isEqualTo(200);
        assertThat(placed.json().get("message").asText()).isEqualTo("Order confirmed and placed.");
        return orderId;
    }

    private static void assertAlreadyConfirmed(TestServer t, String body) throws Exception {
        TestServer.Reply r = t.post("/orders/confirm", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("message").asText()).isEqualTo("Order already confirmed.");
        assertThat(r.json().at("/order/id").asText()).isEqualTo(orderIdOf(body));
    }

    private static void assertMismatch(TestServer t, String body, String field) throws Exception {
        TestServer.Reply r = t.post("/orders/confirm", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo("ORDER_MISMATCH");
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo(field);
        assertThat(r.json().has("order")).isFalse();
    }

    private static String orderIdOf(String body) {
        int at = body.indexOf("\"order_id\":\"") + "\"order_id\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }
}
