package io.hyperperp.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router();

    RouterTest() {
        Router v1 = router.under("/v1");
        v1.add("POST", "/orders", req -> null);
        v1.add("POST", "/orders/batch", req -> null);
        v1.add("POST", "/orders/{order_id}", req -> null);
        v1.add("GET", "/orders/{order_id}", req -> null);
        v1.add("GET", "/markets", req -> null);
    }

    private String template(String method, String rawPath) {
        Router.Match byRaw = router.match(method, rawPath);
        Router.Match bySegments = router.match(method, Router.split(rawPath));
        assertThat(byRaw).isEqualTo(bySegments);
        return byRaw.route().template();
    }

    @Test
    void aLiteralPathIsFoundAsItIsAndAsSegments() {
        assertThat(template("POST", "/v1/orders")).isEqualTo("/v1/orders");
        assertThat(template("POST", "/v1/orders/batch")).isEqualTo("/v1/orders/batch");
        assertThat(template("POST", "/v1/orders/")).isEqualTo("/v1/orders");
        assertThat(template("HEAD", "/v1/markets")).isEqualTo("/v1/markets");
        assertThat(router.match("POST", "/v1/orders").params()).isEmpty();
    }

    @Test
    void aParameterRouteStillMatchesWithItsParameters() {
        assertThat(template("POST", "/v1/orders/abc")).isEqualTo("/v1/orders/{order_id}");
        assertThat(router.match("GET", "/v1/orders/abc").params()).isEqualTo(Map.of("order_id", "abc"));
        assertThat(router.match("GET", "/v1/orders/batch").params()).isEqualTo(Map.of("order_id", "batch"));
    }

    @Test
    void anotherMethodIs405AndNoRouteIs404() {
        assertThatThrownBy(() -> router.match("DELETE", "/v1/orders"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(405));
        assertThatThrownBy(() -> router.match("GET", "/v1/orders"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(405));
        assertThatThrownBy(() -> router.match("POST", "//v1/orders"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
