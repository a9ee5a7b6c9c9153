package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.auth.SignatureAuth;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A malformed signature header is refused naming that header (a timestamp refusal names its own): the answer said
 * "public key must be 64 and signature 128 hex digits" for either, with no field, on /v1 and on the seed's routes.
 */
class SignatureHeadersHostileTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(5));

    @Test
    void aMalformedPublicKeyOrSignatureIsRefusedNamingItsHeader() throws Exception {
        String me = AuthAndLimitsTest.address(KEY);
        try (TestServer t = TestServer.start(Map.of("auth.mode", "signature"))) {
            for (String[] route : new String[][] {{"/v1/orders", TestServer.order(me, 1, "buy", "1.0", "10.0")},
                {"/orders", "{\"user_address\":\"" + me + "\",\"market_id\":1,\"side\":\"Buy\",\"order_type\":\"Limit\","
                        + "\"size\":\"1.0\",\"price\":\"10.0\"}"}}) {
                long ts = System.currentTimeMillis();
                String key = KEY.publicKey().toHex();
                String signature = HexFormat.of().formatHex(KEY.sign(SignatureAuth.message(ts, "POST", route[0],
                        route[1].getBytes())));
                for (String badKey : new String[] {key.substring(1), key + "00", "g".repeat(64), "", "ab".repeat(5_000)}) {
                    assertError(t.send(request(t, route, badKey, ts, signature)), 401, "INVALID_SIGNATURE",
                            SignatureAuth.PUBLIC_KEY);
                }
                for (String badSignature : new String[] {signature.substring(1), signature + "00", "z".repeat(128), ""}) {
                    assertError(t.send(request(t, route, key, ts, badSignature)), 401, "INVALID_SIGNATURE",
                            SignatureAuth.SIGNATURE);
                }
                // a well-formed signature that does not verify names no header: which part is wrong cannot be known
                assertError(t.send(request(t, route, key, ts + 1, signature)), 401, "INVALID_SIGNATURE", null);
            }
        }
    }

    private static HttpRequest request(TestServer t, String[] route, String key, long ts, String signature) {
        return HttpRequest.newBuilder(t.uri(route[0])).header(SignatureAuth.PUBLIC_KEY, key)
                .header(SignatureAuth.TIMESTAMP, Long.toString(ts)).header(SignatureAuth.SIGNATURE, signature)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(route[1])).build();
    }
}
