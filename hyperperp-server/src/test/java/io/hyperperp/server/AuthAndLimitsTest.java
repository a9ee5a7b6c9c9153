package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.auth.SignatureAuth;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature authentication, admin token and rate limits over HTTP. */
class AuthAndLimitsTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);
    private static final Ed25519PrivateKey OTHER = Ed25519PrivateKey.fromSeed(filled(7));

    static byte[] filled(int b) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) b);
        return s;
    }

    static String address(Ed25519PrivateKey key) {
        return key.accountAddress().toShortString();
    }

    static HttpRequest signed(TestServer t, Ed25519PrivateKey key, long ts, String method, String pathAndQuery,
                              String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(SignatureAuth.message(ts, method, pathAndQuery, bytes));
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(pathAndQuery))
                .header(SignatureAuth.PUBLIC_KEY, key.publicKey().toHex())
                .header(SignatureAuth.TIMESTAMP, Long.toString(ts))
                .header(SignatureAuth.SIGNATURE, HexFormat.of().formatHex(sig));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void signatureMode() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.mode", "signature"))) {
            String me = address(KEY);
            String body = TestServer.order(me, 1, "buy", "1.0", "10.0");
            long now = System.currentTimeMillis();

            // Unsigned: 401.
            ApiEndToEndTest.assertError(t.post("/v1/orders", body), 401, "MISSING_SIGNATURE", null);
            // Valid.
            HttpRequest ok = signed(t, KEY, now, "POST", "/v1/orders", body);
            TestServer.Reply placed = t.send(ok);
            assertThat(placed.status()).as(placed.text()).isEqualTo(200);
            String orderId = placed.json().get("order_id").asText();
            // Replay of the same request: 401.
            ApiEndToEndTest.assertError(t.send(ok), 401, "REPLAYED_REQUEST", null);
            // Stale and future timestamps.
            ApiEndToEndTest.assertError(t.send(signed(t, KEY, System.currentTimeMillis() - 60_000, "POST", "/v1/orders", body)), 401,
                    "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            ApiEndToEndTest.assertError(t.send(signed(t, KEY, System.currentTimeMillis() + 60_000, "POST", "/v1/orders", body)), 401,
                    "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            // Signature over another body: 401.
            HttpRequest tampered = HttpRequest.newBuilder(t.uri("/v1/orders"))
                    .headers(SignatureAuth.PUBLIC_KEY, KEY.publicKey().toHex(), SignatureAuth.TIMESTAMP,
                            Long.toString(now + 1), SignatureAuth.SIGNATURE, HexFormat.of().formatHex(
                                    KEY.sign(SignatureAuth.message(now + 1, "POST", "/v1/orders", new byte[0]))),
                            "Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            ApiEndToEndTest.assertError(t.send(tampered), 401, "INVALID_SIGNATURE", null);
            // Another user's key for my address: 403.
            ApiEndToEndTest.assertError(t.send(signed(t, OTHER, now + 2, "POST", "/v1/orders", body)), 403, "FORBIDDEN",
                    "user_address");
            // Cancel by the owner works; by someone else is 403.
            ApiEndToEndTest.assertError(t.send(signed(t, OTHER, now + 3, "DELETE", "/v1/orders/" + orderId, null)), 403,
                    "FORBIDDEN", "user_address");
            assertThat(t.send(signed(t, KEY, now + 4, "DELETE", "/v1/orders/" + orderId, null)).status()).isEqualTo(200);
            // Cancel-all needs the signature over path and query.
            String q = "/v1/orders?user_address=" + me;
            assertThat(t.send(signed(t, KEY, now + 5, "DELETE", q, null)).status()).isEqualTo(200);
            ApiEndToEndTest.assertError(t.send(signed(t, OTHER, now + 6, "DELETE", q, null)), 403, "FORBIDDEN",
                    "user_address");
            // Market data stays public.
            assertThat(t.get("/v1/orderbook/1").status()).isEqualTo(200);
            // A user's orders, trades and positions need that user's signature.
            for (String read : new String[] {"/v1/orders/" + orderId, "/v1/orders?user_address=" + me,
                "/v1/positions?user_address=" + me, "/v1/trades?user_address=" + me, "/orders/user/" + me}) {
                ApiEndToEndTest.assertError(t.get(read), 401, "MISSING_SIGNATURE", null);
                ApiEndToEndTest.assertError(t.send(signed(t, OTHER, now + 7, "GET", read, null)), 403, "FORBIDDEN",
                        "user_address");
                TestServer.Reply mine = t.send(signed(t, KEY, now + 8, "GET", read, null));
                assertThat(mine.status()).as(read + " -> " + mine.text()).isEqualTo(200);
                now += 2; // a fresh signature per request: a signature is good once
            }
            // Admin routes without a configured token are disabled.
            ApiEndToEndTest.assertError(t.post("/v1/settlement/batches/1/retry", null), 403, "ADMIN_DISABLED", null);
        }
    }

    @Test
    void rateLimits() throws Exception {
        try (TestServer t = TestServer.start(Map.of("rate_limit.user_per_sec", "0.01", "rate_limit.user_burst", "3",
                "rate_limit.ip_per_sec", "0.01", "rate_limit.ip_burst", "8"))) {
            int limited = 0;
            for (int i = 0; i < 5; i++) {
                TestServer.Reply r = t.post("/v1/orders", TestServer.order("0xfeed", 1, "buy", "1.0", (10 + i) + ".0"));
                if (r.status() == 429) {
                    limited++;
                    assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
                    assertThat(r.json().get("error").get("code").asText()).isEqualTo("RATE_LIMITED");
                } else {
                    assertThat(r.status()).isEqualTo(200);
                }
            }
            assertThat(limited).isEqualTo(2);
            // The IP bucket (8) is now nearly empty too: more requests are limited per IP.
            int ipLimited = 0;
            for (int i = 0; i < 6; i++) {
                if (t.get("/v1/orderbook/1").status() == 429) {
                    ipLimited++;
                }
            }
            assertThat(ipLimited).isGreaterThan(0);
            // Health is never rate limited.
            assertThat(t.get("/health").status()).isEqualTo(200);
        }
    }
}
