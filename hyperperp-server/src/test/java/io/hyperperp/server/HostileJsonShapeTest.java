package io.hyperperp.server;

import static io.hyperperp.server.AccountApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A body refused for its JSON shape says why: a duplicate key names the field (it was a bare
 * "malformed JSON" without a field, on every route), nesting past the limit says so.
 */
class HostileJsonShapeTest {

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

    @Test
    void nestingPastTheLimitIsNamed() throws Exception {
        TestServer.Reply deep = t.post("/v1/orders", "{\"a\":".repeat(40) + "1" + "}".repeat(40));
        assertThat(deep.status()).as(deep.text()).isEqualTo(400);
        assertThat(deep.json().at("/error/code").asText()).isEqualTo("INVALID_JSON");
        assertThat(deep.json().at("/error/message").asText()).contains("nested deeper than 32");
    }
}
