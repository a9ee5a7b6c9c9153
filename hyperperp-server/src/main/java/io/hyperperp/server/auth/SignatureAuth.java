package io.hyperperp.server.auth;

import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Verifies signed requests. The client signs, with the Ed25519 key of its Aptos account,
 * <pre>
 * HYPERPERP::Request\n{timestamp ms}\n{METHOD}\n{path?query}\n{hex SHA-256 of the body}
 * </pre>
 * and sends {@code X-HyperPerp-Public-Key} (64 hex digits), {@code X-HyperPerp-Timestamp}
 * (milliseconds) and {@code X-HyperPerp-Signature} (128 hex digits). The signer's address is the
 * account address of the key, SHA3-256(public key ‖ 0x00), in canonical short form. Timestamps
 * further than the window behind the server clock, or more than {@link #MAX_AHEAD_MILLIS} ahead of it, are
 * refused, and so is a signature seen before within the window (replay).
 *
 * <p>The signatures seen are kept in memory only. What a restart or a take-over forgets is covered by time
 * instead: no timestamp is taken more than {@link #MAX_AHEAD_MILLIS} ahead of the clock, so whatever the
 * previous process (or leader) served was signed before its last request plus that bound, and this verifier takes
 * nothing signed before its own start plus that bound ({@link #acceptsFromMillis()}; after a take-over, plus
 * {@link #TAKE_OVER_CLOCK_TOLERANCE_MILLIS} for the two instances' clocks).
 */
public final class SignatureAuth {

    /** Public key header. */
    public static final String PUBLIC_KEY = "X-HyperPerp-Public-Key";
    /** Timestamp header (milliseconds since the epoch). */
    public static final String TIMESTAMP = "X-HyperPerp-Timestamp";
    /** Signature header. */
    public static final String SIGNATURE = "X-HyperPerp-Signature";
    /** First line of the signed message. */
    public static final String DOMAIN = "HYPERPERP::Request";

    /**
     * How far ahead of the server clock a timestamp may be: 1 s, as Binance's API ("Timestamp for this request was
     * 1000ms ahead of the server's time"). Without a bound a request signed ahead of the clock could be replayed
     * after a restart, which forgets the signatures seen, while its timestamp is still after the new start.
     */
    public static final long MAX_AHEAD_MILLIS = 1_000;
    /** How far the clocks of two high-availability instances may disagree at a take-over. */
    public static final long TAKE_OVER_CLOCK_TOLERANCE_MILLIS = 1_000;
    private static final int MAX_REMEMBERED = 2_000_000;

    private final long windowMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicInteger sincePurge = new AtomicInteger();
    /**
     * When this verifier began: the requests it has seen are kept in memory only, so one signed earlier may have
     * been served by the process before a restart and is refused, or a captured request could be sent again.
     */
    private final long startedMillis;
    /**
     * When this process began taking order-changing requests, if later than its start: a high-availability
     * leader that took over from another instance has not seen what that one served (0: no such moment).
     */
    private final LongSupplier writesSinceMillis;

    /** A verifier accepting timestamps within {@code windowSeconds} of {@code clockMillis}. */
    public SignatureAuth(int windowSeconds, LongSupplier clockMillis) {
        this(windowSeconds, clockMillis, () -> 0L);
    }

    /**
     * A verifier accepting timestamps within {@code windowSeconds} of {@code clockMillis}, and none signed before
     * {@code writesSinceMillis} (read per request): the moment this instance took over the orders from another.
     */
    public SignatureAuth(int windowSeconds, LongSupplier clockMillis, LongSupplier writesSinceMillis) {
        this.windowMillis = windowSeconds * 1000L;
        this.clock = clockMillis;
        this.startedMillis = clockMillis.getAsLong();
        this.writesSinceMillis = writesSinceMillis;
    }

    /**
     * The first timestamp this verifier takes (its start plus {@link #MAX_AHEAD_MILLIS}): the server opens its
     * port no earlier, so that a client whose clock is right is never refused for it.
     */
    public long acceptsFromMillis() {
        return startedMillis + MAX_AHEAD_MILLIS;
    }

    /** The message a client signs. */
    public static byte[] message(long timestampMillis, String method, String pathAndQuery, byte[] body) {
        String text = DOMAIN + "\n" + timestampMillis + "\n" + method + "\n" + pathAndQuery + "\n" + sha256Hex(body);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the signature headers of a request and returns the signer's canonical address.
     *
     * @throws ApiException 401 when missing, malformed, stale, invalid or replayed
     */
    public String verify(String publicKeyHex, String timestampText, String signatureHex, String method,
                         String pathAndQuery, byte[] body) {
        if (publicKeyHex == null || timestampText == null || signatureHex == null) {
            throw unauthorized("MISSING_SIGNATURE", "signed request required: " + PUBLIC_KEY + ", " + TIMESTAMP
                    + " and " + SIGNATURE + " headers");
        }
        long ts;
        try {
            ts = Long.parseLong(timestampText.trim());
        } catch (NumberFormatException e) {
            throw timestampRefused("INVALID_TIMESTAMP", TIMESTAMP + " must be milliseconds since the epoch",
                    clock.getAsLong());
        }
        long now = clock.getAsLong();
        if (ts < now - windowMillis) {
            throw timestampRefused("STALE_TIMESTAMP", TIMESTAMP + " is more than " + windowMillis / 1000
                    + " s behind the server clock; synchronise the client's clock", now);
        }
        if (ts > now + Math.min(windowMillis, MAX_AHEAD_MILLIS)) {
            throw timestampRefused("STALE_TIMESTAMP", TIMESTAMP + " is more than " + Math.min(windowMillis,
                    MAX_AHEAD_MILLIS) + " ms ahead of the server clock; synchronise the client's clock", now);
        }
        if (ts < acceptsFromMillis()) {
            throw timestampRefused("STALE_TIMESTAMP", TIMESTAMP + " is before this server started (plus "
                    + MAX_AHEAD_MILLIS + " ms): a request signed before a restart is not taken again; sign it"
                    + " again with a fresh timestamp", now);
        }
        long leadingSince = writesSinceMillis.getAsLong();
        if (leadingSince != 0 && ts < leadingSince + MAX_AHEAD_MILLIS + TAKE_OVER_CLOCK_TOLERANCE_MILLIS) {
            throw timestampRefused("STALE_TIMESTAMP", TIMESTAMP + " is before this instance took over as leader"
                    + " (plus " + (MAX_AHEAD_MILLIS + TAKE_OVER_CLOCK_TOLERANCE_MILLIS) + " ms): a request signed"
                    + " before a take-over is not taken again; sign it again with a fresh timestamp", now);
        }
        // Each malformed header is named, as a timestamp refusal names its own (the message said "public key must be
        // 64 and signature 128 hex digits" for either, with no field).
        Ed25519PublicKey key;
        byte[] signature;
        try {
            key = Ed25519PublicKey.fromBytes(hex(publicKeyHex, 32));
        } catch (RuntimeException e) {
            throw malformed(PUBLIC_KEY, "the 32-byte Ed25519 public key, 64 hex digits");
        }
        try {
            signature = hex(signatureHex, 64);
        } catch (RuntimeException e) {
            throw malformed(SIGNATURE, "the 64-byte Ed25519 signature, 128 hex digits");
        }
        boolean valid;
        try {
            valid = key.verify(message(ts, method, pathAndQuery, body), signature);
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw unauthorized("INVALID_SIGNATURE", "signature does not verify");
        }
        String replayKey = HexFormat.of().formatHex(signature);
        if (seen.putIfAbsent(replayKey, ts) != null) {
            throw unauthorized("REPLAYED_REQUEST", "this signed request was already used");
        }
        if (sincePurge.incrementAndGet() >= 10_000 || seen.size() > MAX_REMEMBERED) {
            sincePurge.set(0);
            purge(now);
            if (seen.size() > MAX_REMEMBERED) {
                throw new ApiException(503, "OVERLOADED", "too many signed requests in the replay window", null,
                        Map.of("Retry-After", "1"));
            }
        }
        return key.accountAddress().toShortString();
    }

    private void purge(long now) {
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next() < now - windowMillis - 1000) {
                it.remove();
            }
        }
    }

    private static byte[] hex(String text, int length) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.length() != 2 * length) {
            throw new IllegalArgumentException("length");
        }
        return HexFormat.of().parseHex(t);
    }

    /**
     * A refused timestamp names its header as the field and ends with the server's time in milliseconds since the
     * epoch ({@code "; server time 1733400000000"}), so a client can see its offset and re-sign at once.
     */
    private static ApiException timestampRefused(String code, String message, long now) {
        return new ApiException(401, code, message + "; server time " + now, TIMESTAMP,
                Map.of("WWW-Authenticate", "HyperPerp-Signature"));
    }

    private static ApiException malformed(String header, String what) {
        return new ApiException(401, "INVALID_SIGNATURE", header + " must be " + what + " (0x optional)", header,
                Map.of("WWW-Authenticate", "HyperPerp-Signature"));
    }

    private static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message, null, Map.of("WWW-Authenticate", "HyperPerp-Signature"));
    }
}
