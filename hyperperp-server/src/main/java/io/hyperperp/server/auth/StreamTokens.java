package io.hyperperp.server.auth;

import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Signed query tokens for private event streams from a browser, whose {@code EventSource} cannot
 * send the signature headers. The user signs, with the Ed25519 key of its Aptos account,
 * <pre>
 * HYPERPERP::StreamToken\n{expires ms}\n{channels}
 * </pre>
 * ({@code channels} exactly as in the query, decoded) and opens
 * {@code /v1/stream?channels=...&token={public key hex}.{expires ms}.{signature hex}}. Unlike a signed
 * request the token is reusable until it expires, because the browser reconnects with the same URL;
 * it grants nothing but reading those channels, and lives at most {@link #MAX_LIFETIME_MILLIS}.
 */
public final class StreamTokens {

    /** First line of the signed message. */
    public static final String DOMAIN = "HYPERPERP::StreamToken";
    /** Longest accepted token lifetime. */
    public static final long MAX_LIFETIME_MILLIS = 24L * 3600 * 1000;

    private final LongSupplier clock;

    /** Tokens checked against {@code clockMillis}. */
    public StreamTokens(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** The message a client signs. */
    public static byte[] message(long expiresMillis, String channels) {
        return (DOMAIN + "\n" + expiresMillis + "\n" + channels).getBytes(StandardCharsets.UTF_8);
    }

    /** The token text for a public key, expiry and signature. */
    public static String token(byte[] publicKey, long expiresMillis, byte[] signature) {
        return HexFormat.of().formatHex(publicKey) + "." + expiresMillis + "." + HexFormat.of().formatHex(signature);
    }

    /**
     * Checks a token for {@code channels} and returns the signer's canonical address.
     *
     * @throws ApiException 401 when malformed, expired, too long-lived or not verifying
     */
    public String verify(String token, String channels) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].matches("[0-9a-fA-F]{64}") || !parts[1].matches("[0-9]{1,18}")
                || !parts[2].matches("[0-9a-fA-F]{128}")) {
            throw unauthorized("INVALID_TOKEN", "token must be {public key: 64 hex}.{expires ms}.{signature: 128 hex}");
        }
        long expires = Long.parseLong(parts[1]);
        long now = clock.getAsLong();
        if (expires <= now) {
            throw unauthorized("EXPIRED_TOKEN", "the stream token has expired");
        }
        if (expires - now > MAX_LIFETIME_MILLIS) {
            throw unauthorized("INVALID_TOKEN", "a stream token may live at most 24 hours");
        }
        Ed25519PublicKey key;
        boolean valid;
        try {
            key = Ed25519PublicKey.fromBytes(HexFormat.of().parseHex(parts[0]));
            valid = key.verify(message(expires, channels), HexFormat.of().parseHex(parts[2]));
        } catch (RuntimeException e) {
            throw unauthorized("INVALID_TOKEN", "the stream token does not verify");
        }
        if (!valid) {
            throw unauthorized("INVALID_TOKEN", "the stream token does not verify");
        }
        return key.accountAddress().toShortString();
    }

    private static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message, "token", Map.of("WWW-Authenticate", "HyperPerp-Signature"));
    }
}
