package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.auth.StreamTokens;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-origin requests: preflights on every route, headers on every answer, SSE, the origin list, stream tokens. */
class CorsTest {

    static final String PAGE = "http://app.example:3000";

    static HttpRequest preflight(TestServer t, String path, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return b.build();
    }

    static String header(TestServer.Reply r, String name) {
        return r.raw().headers().firstValue(name).orElse(null);
    }

    @Test
    void permissiveByDefaultOnEveryRouteAndAnswer() throws Exception {
        try (TestServer t = TestServer.start()) {
            for (String path : new String[] {"/orders", "/orders/48595045-0001-8000-8000-000000000001",
                    "/orders/freeze", "/v1/orders", "/v1/orders/batch", "/v1/stream", "/health", "/no/such/route"}) {
                TestServer.Reply r = t.send(preflight(t, path, PAGE, "POST",
                        "content-type, x-hyperperp-signature, x-hyperperp-public-key, x-hyperperp-timestamp"));
                assertThat(r.status()).as(path).isEqualTo(204);
                assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
                assertThat(header(r, "Access-Control-Allow-Methods")).contains("POST").contains("DELETE")
                        .contains("PATCH");
                assertThat(header(r, "Access-Control-Allow-Headers")).contains("Content-Type").contains("Accept")
                        .contains("Last-Event-ID").contains("X-HyperPerp-Signature").contains("X-HyperPerp-Public-Key")
                        .contains("X-HyperPerp-Timestamp");
                assertThat(header(r, "Access-Control-Allow-Credentials")).isNull();
            }
            // The cross-origin request itself, a success and an error.
            TestServer.Reply placed = t.send(HttpRequest.newBuilder(t.uri("/orders")).header("Origin", PAGE)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            SeedApiTest.seedOrder("0xa11ce", 1, "Buy", "Limit", "1.0", "10.0"))).build());
            assertThat(placed.status()).isEqualTo(200);
            assertThat(header(placed, "Access-Control-Allow-Origin")).isEqualTo("*");
            TestServer.Reply refused = t.send(HttpRequest.newBuilder(t.uri("/v1/orders")).header("Origin", PAGE)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")).build());
            assertError(refused, 400, "INVALID_JSON", null);
            assertThat(header(refused, "Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(header(refused, "Access-Control-Expose-Headers")).contains("Retry-After");
            // Chromium's private network preflight.
            HttpRequest pna = HttpRequest.newBuilder(t.uri("/orders")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", PAGE).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Private-Network", "true").build();
            assertThat(t.send(pna).raw().headers().firstValue("Access-Control-Allow-Private-Network")).hasValue("true");
            // An OPTIONS that is no preflight is still a 405 with Allow.
            assertError(t.request("OPTIONS", "/v1/orders", null), 405, "METHOD_NOT_ALLOWED", null);
            // The event stream answers cross-origin too.
            HttpResponse<InputStream> sse = t.client.send(HttpRequest.newBuilder(t.uri("/v1/stream?channels=trades:1"))
                    .header("Origin", PAGE).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = sse.body()) {
                assertThat(sse.statusCode()).isEqualTo(200);
                assertThat(sse.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            }
        }
    }

    @Test
    void aConfiguredListAllowsOnlyItsOrigins() throws Exception {
        try (TestServer t = TestServer.start(Map.of("server.cors_origins", "https://trade.example, " + PAGE))) {
            TestServer.Reply ok = t.send(preflight(t, "/orders", "http://APP.example:3000", "POST", "content-type"));
            assertThat(ok.status()).isEqualTo(204);
            assertThat(header(ok, "Access-Control-Allow-Origin")).isEqualTo("http://APP.example:3000");
            assertThat(header(ok, "Vary")).contains("Origin");
            TestServer.Reply other = t.send(preflight(t, "/orders", "https://evil.example", "POST", "content-type"));
            assertError(other, 403, "ORIGIN_NOT_ALLOWED", null);
            assertThat(header(other, "Access-Control-Allow-Origin")).isNull();
            TestServer.Reply read = t.send(HttpRequest.newBuilder(t.uri("/markets")).header("Origin", "https://evil.example")
                    .GET().build());
            assertThat(read.status()).isEqualTo(200);
            assertThat(header(read, "Access-Control-Allow-Origin")).as("the browser hides the answer").isNull();
            assertThat(header(read, "Vary")).contains("Origin");
        }
    }

    @Test
    void privateStreamsFromABrowserTakeASignedQueryToken() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(9));
        String user = key.accountAddress().toShortString();
        try (TestServer t = TestServer.start(Map.of("auth.mode", "signature"))) {
            String channels = "orders:" + user + ",trades:1";
            long expires = System.currentTimeMillis() + 60_000;
            String token = StreamTokens.token(key.publicKey().toBytes(), expires,
                    key.sign(StreamTokens.message(expires, channels)));
            String path = "/v1/stream?channels=" + URLEncoder.encode(channels, StandardCharsets.UTF_8) + "&token=";
            for (int attempt = 0; attempt < 2; attempt++) {
                // Reusable until it expires: EventSource reconnects with the same URL.
                HttpResponse<InputStream> ok = t.client.send(HttpRequest.newBuilder(t.uri(path + token))
                        .header("Origin", PAGE).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = ok.body()) {
                    assertThat(ok.statusCode()).isEqualTo(200);
                }
            }
            assertError(t.get("/v1/stream?channels=orders:" + user), 401, "MISSING_SIGNATURE", null);
            String otherChannels = "/v1/stream?channels=" + URLEncoder.encode("orders:" + user, StandardCharsets.UTF_8)
                    + "&token=" + token;
            assertError(t.get(otherChannels), 401, "INVALID_TOKEN", "token");
            long past = System.currentTimeMillis() - 1;
            String expired = StreamTokens.token(key.publicKey().toBytes(), past, key.sign(StreamTokens.message(past, channels)));
            assertError(t.get(path + expired), 401, "EXPIRED_TOKEN", "token");
            long far = System.currentTimeMillis() + 2 * StreamTokens.MAX_LIFETIME_MILLIS;
            String tooLong = StreamTokens.token(key.publicKey().toBytes(), far, key.sign(StreamTokens.message(far, channels)));
            assertError(t.get(path + tooLong), 401, "INVALID_TOKEN", "token");
            assertError(t.get(path + "abc"), 401, "INVALID_TOKEN", "token");
            Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(10));
            String foreign = StreamTokens.token(other.publicKey().toBytes(), expires,
                    other.sign(StreamTokens.message(expires, channels)));
            assertError(t.get(path + foreign), 403, "FORBIDDEN", "user_address");
        }
    }
}
