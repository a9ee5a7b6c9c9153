package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancel and amend by client order id over REST: one command each, resolved by the engine. */
class ClientOrderIdRoutesTest {

    private static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String withClientId(String order, String clientId) {
        return order.substring(0, order.length() - 1) + ",\"client_order_id\":\"" + clientId + "\"}";
    }

    @Test
    void amendThenCancelAnOrderByItsClientOrderId() throws Exception {
        String id = t.post("/v1/orders", withClientId(TestServer.order("0xe1", 11, "buy", "2.0", "100.0"), "q/1:a"))
                .json().get("order_id").asText();
        String path = "/v1/orders/by-client-id?user_address=0xe1&client_order_id=q%2F1%3Aa";

        TestServer.Reply amended = t.request("PATCH", path, "{\"price\":\"101.0\",\"size\":\"3.0\"}");
        assertThat(amended.status()).as(amended.text()).isEqualTo(200);
        assertThat(amended.json().get("order_id").asText()).isEqualTo(id);
        assertThat(t.get("/v1/orders/" + id).json().get("price").asText()).isEqualTo("101.0");
        assertThat(t.get("/v1/orders/" + id).json().get("open_size").asText()).isEqualTo("3.0");

        TestServer.Reply cancelled = t.request("DELETE", path, null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().get("order_id").asText()).isEqualTo(id);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(t.get("/v1/orders/" + id).json().get("status").asText()).isEqualTo("cancelled");

        // Gone now: both answer 404.
        assertThat(t.request("DELETE", path, null).status()).isEqualTo(404);
        assertThat(t.request("PATCH", path, "{\"size\":\"1.0\"}").status()).isEqualTo(404);
    }

    @Test
    void anUntriggeredStopIsAmendedAndCancelledByClientOrderIdToo() throws Exception {
        String id = t.post("/v1/orders", "{\"user_address\":\"0xe2\",\"market_id\":12,\"side\":\"sell\","
                + "\"order_type\":\"stop_market\",\"trigger_price\":\"90.0\",\"size\":\"1.0\",\"client_order_id\":\"sl-1\"}")
                .json().get("order_id").asText();
        String path = "/v1/orders/by-client-id?user_address=0xe2&client_order_id=sl-1";
        TestServer.Reply amended = t.request("PATCH", path, "{\"trigger_price\":\"89.0\"}");
        assertThat(amended.status()).as(amended.text()).isEqualTo(200);
        assertThat(amended.json().get("order").get("trigger_price").asText()).isEqualTo("89.0");
        TestServer.Reply cancelled = t.request("DELETE", path, null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(t.get("/v1/orders/" + id).json().get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void anotherUsersClientOrderIdAndBadParametersAreRefused() throws Exception {
        t.post("/v1/orders", withClientId(TestServer.order("0xe3", 11, "buy", "1.0", "50.0"), "mine"));
        assertThat(t.request("DELETE", "/v1/orders/by-client-id?user_address=0xe4&client_order_id=mine", null)
                .status()).isEqualTo(404);
        TestServer.Reply missing = t.request("DELETE", "/v1/orders/by-client-id?user_address=0xe3", null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").get("field").asText()).isEqualTo("client_order_id");
        TestServer.Reply unknownField = t.request("PATCH",
                "/v1/orders/by-client-id?user_address=0xe3&client_order_id=mine", "{\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
    }
}
