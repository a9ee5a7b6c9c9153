package io.hyperperp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderBodiesTest {

    @Test
    void theTradingShareIsSpreadEvenlyAndAlternatesSides() {
        OrderBodies bodies = new OrderBodies(7, 25, 1);
        int crossing = 0;
        int buys = 0;
        for (int i = 0; i < 1_000; i++) {
            String order = bodies.order(i, null);
            assertThat(order).contains("\"market_id\":7");
            if (order.contains("\"ioc\"")) {
                crossing++;
                buys += order.contains("\"buy\"") ? 1 : 0;
                assertThat(order).containsAnyOf("\"price\":\"30010.0\"", "\"price\":\"29990.0\"");
            }
        }
        assertThat(crossing).isEqualTo(250);
        assertThat(buys).isEqualTo(125);
        assertThat(bodies.path()).isEqualTo("/v1/orders");
    }

    @Test
    void aBatchWrapsItsOrdersAndASignerPlacesThemAll() {
        OrderBodies batch = new OrderBodies(1, 50, 3);
        String body = batch.request(2, "0xabc");
        assertThat(batch.path()).isEqualTo("/v1/orders/batch");
        assertThat(body).startsWith("{\"orders\":[{").endsWith("}]}");
        assertThat(body.split("\"user_address\":\"0xabc\"", -1)).hasSize(4);
        assertThat(body).contains(batch.order(6, "0xabc")).contains(batch.order(8, "0xabc"));
        assertThatThrownBy(() -> new OrderBodies(1, 101, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderBodies(1, 50, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
