package io.hyperperp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A high-availability leader that took over from another instance has not seen the signed requests that one
 * served: within the window, a captured order replayed to the new leader would be a second order. The verifier
 * refuses what was signed before the take-over, and takes what is signed after it.
 */
class SignatureAuthTakeOverTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(seed());
    private static final byte[] BODY = "{\"market_id\":1}".getBytes(StandardCharsets.UTF_8);

    private static byte[] seed() {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) 5);
        return s;
    }

    private static String verify(SignatureAuth auth, long ts) {
        byte[] sig = KEY.sign(SignatureAuth.message(ts, "POST", "/v1/orders", BODY));
        return auth.verify(KEY.publicKey().toHex(), Long.toString(ts), HexFormat.of().formatHex(sig), "POST",
                "/v1/orders", BODY);
    }

    @Test
    void aRequestSignedBeforeTheTakeOverIsRefusedAndOneSignedAfterItIsTaken() {
        AtomicLong now = new AtomicLong(1_000_000L);
        AtomicLong leadingSince = new AtomicLong(); // a follower: 0
        SignatureAuth auth = new SignatureAuth(30, now::get, leadingSince::get);

        now.set(1_010_000L);
        long signedWhileFollowing = now.get(); // served by the old leader, say
        now.set(1_015_000L);
        leadingSince.set(now.get()); // this instance takes over
        now.set(1_020_000L); // still inside the 30 s window of the first signature

        assertThatThrownBy(() -> verify(auth, signedWhileFollowing))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("STALE_TIMESTAMP");
                    assertThat(e.getMessage()).contains("took over as leader");
                });
        assertThat(verify(auth, now.get())).isEqualTo(KEY.accountAddress().toShortString());
    }

    @Test
    void withoutATakeOverOnlyTheStartCounts() {
        AtomicLong now = new AtomicLong(2_000_000L);
        SignatureAuth auth = new SignatureAuth(30, now::get);
        now.set(2_001_500L);
        assertThat(verify(auth, now.get() - 500)).isEqualTo(KEY.accountAddress().toShortString());
        assertThatThrownBy(() -> verify(auth, 1_999_000L)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("STALE_TIMESTAMP"));
    }

    /**
     * A client whose clock runs ahead: its request, served just before a restart, still had a timestamp after the
     * new start (the old verifier took up to the whole window ahead), and the new verifier had not seen it.
     */
    @Test
    void aRequestSignedAheadOfTheClockIsNotTakenAgainAfterAFastRestart() {
        AtomicLong now = new AtomicLong(3_000_000L);
        SignatureAuth before = new SignatureAuth(30, now::get);
        now.set(3_010_000L);
        assertThatThrownBy(() -> verify(before, now.get() + 20_000)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.code()).isEqualTo("STALE_TIMESTAMP");
                    assertThat(e.getMessage()).contains("ahead of the server clock")
                            .endsWith("; server time 3010000"); // the client sees its offset: 20 s ahead
                    assertThat(e.field()).isEqualTo(SignatureAuth.TIMESTAMP);
                });
        assertThatThrownBy(() -> verify(before, now.get() - 31_000)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.getMessage()).contains("behind the server clock").endsWith("; server time 3010000");
                    assertThat(e.field()).isEqualTo(SignatureAuth.TIMESTAMP);
                });
        assertThatThrownBy(() -> verify(before, now.get() + SignatureAuth.MAX_AHEAD_MILLIS + 1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("STALE_TIMESTAMP"));
        long ahead = now.get() + SignatureAuth.MAX_AHEAD_MILLIS; // the most a client may be ahead
        verify(before, ahead);
        now.addAndGet(1); // the process restarts at once, with everything it remembered gone
        SignatureAuth after = new SignatureAuth(30, now::get);
        now.addAndGet(5_000);
        assertThatThrownBy(() -> verify(after, ahead)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("STALE_TIMESTAMP");
            assertThat(e.getMessage()).contains("before this server started");
        });
        assertThat(after.acceptsFromMillis()).isGreaterThan(ahead);
        assertThat(verify(after, now.get())).isEqualTo(KEY.accountAddress().toShortString());
    }

    /** The same at a take-over: the old leader served a request ahead of its clock just before it lost the lease. */
    @Test
    void aRequestSignedAheadOfTheOldLeadersClockIsNotTakenByTheNewLeader() {
        AtomicLong now = new AtomicLong(4_000_000L);
        AtomicLong leadingSince = new AtomicLong();
        SignatureAuth follower = new SignatureAuth(30, now::get, leadingSince::get);
        now.set(4_100_000L);
        // The old leader's clock ran 900 ms ahead of this one, and the client's 1 s ahead of that.
        long servedByOldLeader = now.get() + 900 + SignatureAuth.MAX_AHEAD_MILLIS;
        leadingSince.set(now.get()); // taken over at once
        now.addAndGet(3_000);
        assertThatThrownBy(() -> verify(follower, servedByOldLeader)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("took over as leader"));
        assertThat(verify(follower, now.get())).isEqualTo(KEY.accountAddress().toShortString());
    }
}
