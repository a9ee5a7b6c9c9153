package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.server.auth.SignatureAuth;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed request captured by an attacker is single-use within the window: also across a restart (the replay
 * cache is in memory), in memory and on PostgreSQL, where a replayed order would be a second order.
 */
class SignedRequestReplayTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(3));
    private static final Map<String, String> SIGNED = Map.of("auth.mode", "signature");

    @Test
    void aRequestSignedBeforeARestartIsNotTakenAgainInMemory() throws Exception {
        String me = AuthAndLimitsTest.address(KEY);
        String body = TestServer.order(me, 1, "buy", "1.0", "10.0");
        long ts;
        try (TestServer t = TestServer.start(SIGNED)) {
            ts = System.currentTimeMillis();
            assertThat(t.send(AuthAndLimitsTest.signed(t, KEY, ts, "POST", "/v1/orders", body)).status()).isEqualTo(200);
        }
        try (TestServer t = TestServer.start(SIGNED)) {
            assertError(t.send(AuthAndLimitsTest.signed(t, KEY, ts, "POST", "/v1/orders", body)), 401,
                    "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            // A request signed after the start is served as ever.
            assertThat(t.send(AuthAndLimitsTest.signed(t, KEY, System.currentTimeMillis(), "POST", "/v1/orders", body))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestSignedBeforeARestartIsNotASecondOrderOnPostgres(@TempDir Path dir) throws Exception {
        String me = AuthAndLimitsTest.address(KEY);
        String body = TestServer.order(me, 1, "buy", "1.0", "10.0");
        long ts;
        try (TestServer t = TestServer.startPersistent(SIGNED, dir)) {
            ts = System.currentTimeMillis();
            assertThat(t.send(AuthAndLimitsTest.signed(t, KEY, ts, "POST", "/v1/orders", body)).status()).isEqualTo(200);
        }
        try (TestServer t = TestServer.startPersistent(SIGNED, dir)) {
            assertError(t.send(AuthAndLimitsTest.signed(t, KEY, ts, "POST", "/v1/orders", body)), 401,
                    "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            String query = "/v1/orders?user_address=" + me;
            TestServer.Reply orders = t.send(AuthAndLimitsTest.signed(t, KEY, System.currentTimeMillis(), "GET", query, null));
            assertThat(orders.status()).as(orders.text()).isEqualTo(200);
            assertThat(orders.json().get("orders").size()).as(orders.text()).isEqualTo(1);
        }
    }

    /**
     * A client clock ahead of the server's: the order, signed ahead and served just before a restart, had a
     * timestamp after the new start, so the restarted server (which remembers no signature) placed it again. Now
     * a timestamp more than 1 s ahead is refused, and the restarted server takes nothing before its start + 1 s.
     */
    @Test
    void aRequestSignedAheadOfTheServerClockIsNotASecondOrderAfterARestart(@TempDir Path dir) throws Exception {
        String me = AuthAndLimitsTest.address(KEY);
        String body = TestServer.order(me, 1, "buy", "1.0", "10.0");
        long ahead;
        try (TestServer t = TestServer.startPersistent(SIGNED, dir)) {
            TestServer.Reply far = t.send(AuthAndLimitsTest.signed(t, KEY, System.currentTimeMillis() + 20_000,
                    "POST", "/v1/orders", body));
            assertError(far, 401, "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            assertThat(far.text()).contains("ahead of the server clock");
            ahead = System.currentTimeMillis() + 900;
            assertThat(t.send(AuthAndLimitsTest.signed(t, KEY, ahead, "POST", "/v1/orders", body)).status())
                    .isEqualTo(200);
        }
        try (TestServer t = TestServer.startPersistent(SIGNED, dir)) {
            assertError(t.send(AuthAndLimitsTest.signed(t, KEY, ahead, "POST", "/v1/orders", body)), 401,
                    "STALE_TIMESTAMP", "X-HyperPerp-Timestamp");
            // The port opens once the server takes requests signed now: a right clock is never refused.
            String query = "/v1/orders?user_address=" + me;
            TestServer.Reply orders = t.send(AuthAndLimitsTest.signed(t, KEY, System.currentTimeMillis(), "GET",
                    query, null));
            assertThat(orders.status()).as(orders.text()).isEqualTo(200);
            assertThat(orders.json().get("orders").size()).as(orders.text()).isEqualTo(1);
        }
    }

    @Test
    void aSignatureIsBoundToItsRouteApiBodyAndKey() throws Exception {
        Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(4));
        String me = AuthAndLimitsTest.address(KEY);
        try (TestServer t = TestServer.start(SIGNED)) {
            long ts = System.currentTimeMillis();
            String body = TestServer.order(me, 1, "buy", "1.0", "10.0");
            HttpRequest v1 = AuthAndLimitsTest.signed(t, KEY, ts, "POST", "/v1/orders", body);
            // The same headers and body on the seed's route, and on /v1's batch route: the path is signed.
            HttpRequest seed = HttpRequest.newBuilder(t.uri("/orders")).headers(headers(v1))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertError(t.send(seed), 401, "INVALID_SIGNATURE", null);
            // A signature by another key, sent with my public key: does not verify.
            HttpRequest forged = HttpRequest.newBuilder(t.uri("/v1/orders"))
                    .header(SignatureAuth.PUBLIC_KEY, KEY.publicKey().toHex())
                    .header(SignatureAuth.TIMESTAMP, Long.toString(ts + 1))
                    .header(SignatureAuth.SIGNATURE, HexFormat.of().formatHex(other.sign(
                            SignatureAuth.message(ts + 1, "POST", "/v1/orders", body.getBytes()))))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertError(t.send(forged), 401, "INVALID_SIGNATURE", null);
            // A body naming the user twice, the signer first and a victim last: refused whole, naming the key.
            String victim = AuthAndLimitsTest.address(other);
            String twice = body.replace("{", "{\"user_address\":\"" + victim + "\",");
            TestServer.Reply dup = t.send(AuthAndLimitsTest.signed(t, KEY, ts + 2, "POST", "/v1/orders", twice));
            assertThat(dup.status()).as(dup.text()).isEqualTo(400);
            assertThat(dup.text()).contains("user_address");
            // My address in upper case or long form is not another account: refused, or mine.
            String upper = "0x" + me.substring(2).toUpperCase(java.util.Locale.ROOT);
            TestServer.Reply up = t.send(AuthAndLimitsTest.signed(t, KEY, ts + 3, "POST", "/v1/orders",
                    TestServer.order(upper, 1, "buy", "1.0", "10.0")));
            assertThat(up.status()).as(up.text()).isIn(200, 400, 403);
            // The original, once, then never again.
            assertThat(t.send(v1).status()).isEqualTo(200);
            assertError(t.send(v1), 401, "REPLAYED_REQUEST", null);
        }
    }

    /** The neutral point as a public key, with a signature (R = the neutral point, S = 0) that fits any message. */
    @Test
    void aSmallOrderPublicKeyIsRefused() throws Exception {
        byte[] identity = new byte[32];
        identity[0] = 1;
        byte[] signature = new byte[64];
        signature[0] = 1;
        String address = Ed25519PublicKey.fromBytes(identity).accountAddress().toShortString();
        try (TestServer t = TestServer.start(SIGNED)) {
            String body = TestServer.order(address, 1, "buy", "1.0", "10.0");
            HttpRequest universal = HttpRequest.newBuilder(t.uri("/v1/orders"))
                    .header(SignatureAuth.PUBLIC_KEY, HexFormat.of().formatHex(identity))
                    .header(SignatureAuth.TIMESTAMP, Long.toString(System.currentTimeMillis()))
                    .header(SignatureAuth.SIGNATURE, HexFormat.of().formatHex(signature))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertError(t.send(universal), 401, "INVALID_SIGNATURE", null);
        }
    }

    private static String[] headers(HttpRequest signed) {
        return new String[] {
            SignatureAuth.PUBLIC_KEY, signed.headers().firstValue(SignatureAuth.PUBLIC_KEY).orElseThrow(),
            SignatureAuth.TIMESTAMP, signed.headers().firstValue(SignatureAuth.TIMESTAMP).orElseThrow(),
            SignatureAuth.SIGNATURE, signed.headers().firstValue(SignatureAuth.SIGNATURE).orElseThrow()};
    }
}
