package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The headers every answer carries, and the two that only a GET's (and a HEAD's) answer needs. */
class ResponseHeadersTest {

    private static final String ORDER = "{\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"buy\","
            + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"10.0\"}";

    @Test
    void readsCarryCacheAndSniffHeadersAndMethodAnswersDoNot() throws Exception {
        try (TestServer t = TestServer.start()) {
            for (TestServer.Reply r : new TestServer.Reply[] {t.get("/v1/markets"), t.get("/v1/no/such/route"),
                    t.request("HEAD", "/v1/markets", null)}) {
                HttpResponse<?> raw = r.raw();
                assertThat(raw.headers().firstValue("Cache-Control")).as(raw.request().method()).hasValue("no-store");
                assertThat(raw.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json");
            }
            TestServer.Reply placed = t.post("/v1/orders", ORDER);
            TestServer.Reply refused = t.post("/v1/orders", "{");
            TestServer.Reply cancelled = t.request("DELETE", "/v1/orders?user_address=0xa11ce", null);
            assertThat(placed.status()).isEqualTo(200);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(cancelled.status()).isEqualTo(200);
            for (TestServer.Reply r : new TestServer.Reply[] {placed, refused, cancelled}) {
                HttpResponse<?> raw = r.raw();
                assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(raw.headers().firstValue("Cache-Control")).isEmpty();
                assertThat(raw.headers().firstValue("X-Content-Type-Options")).isEmpty();
            }
            // Another content type still goes out as given.
            TestServer.Reply metrics = t.send(HttpRequest.newBuilder(t.uri("/metrics")).GET().build());
            assertThat(metrics.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        }
    }
}
