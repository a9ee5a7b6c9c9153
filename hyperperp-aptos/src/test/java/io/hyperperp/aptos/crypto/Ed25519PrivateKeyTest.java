package io.hyperperp.aptos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519PrivateKeyTest {
    private static final String SEED = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";
    private static final String PUB = "0xb9c6ee1630ef3e711144a648db06bbb2284f7274cfbee53ffcee503cc1a49200";

    @Test
    void acceptsAllTextForms() {
        for (String text : new String[] {SEED, "0x" + SEED, "ed25519-priv-0x" + SEED, "  0X" + SEED.toUpperCase() + "\n"}) {
            assertThat(Ed25519PrivateKey.fromString(text).publicKey().toHex()).isEqualTo(PUB);
        }
    }

    @Test
    void fromEnvAndFile(@TempDir Path dir) throws IOException {
        assertThat(Ed25519PrivateKey.fromEnv("K", Map.of("K", " 0x" + SEED + " ")).publicKey().toHex()).isEqualTo(PUB);
        Path f = dir.resolve("key");
        Files.writeString(f, "ed25519-priv-0x" + SEED + "\n");
        assertThat(Ed25519PrivateKey.fromFile(f).publicKey().toHex()).isEqualTo(PUB);
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromEnv("MISSING", Map.of())))
                .hasMessageContaining("MISSING");
    }

    @Test
    void neverRevealsTheKey(@TempDir Path dir) throws IOException {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromString(SEED);
        assertThat(key.toString()).isEqualTo("Ed25519PrivateKey[redacted]").doesNotContain(SEED.substring(0, 8));
        assertThat(String.valueOf(java.util.List.of(key))).doesNotContain(SEED.substring(0, 8));

        String almost = SEED.substring(0, 62) + "zz";
        String tooLong = SEED + "ab";
        Path f = dir.resolve("bad");
        Files.writeString(f, almost);
        Throwable[] errors = {
            catchThrowable(() -> Ed25519PrivateKey.fromString(almost)),
            catchThrowable(() -> Ed25519PrivateKey.fromString(tooLong)),
            catchThrowable(() -> Ed25519PrivateKey.fromString("ed25519-priv-" + SEED)),
            catchThrowable(() -> Ed25519PrivateKey.fromEnv("K", Map.of("K", almost))),
            catchThrowable(() -> Ed25519PrivateKey.fromFile(f)),
        };
        for (Throwable t : errors) {
            assertThat(t).isInstanceOf(CryptoException.class);
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(SEED.substring(0, 16))
                        .doesNotContain(SEED.substring(40));
                assertThat(c.toString()).doesNotContain(SEED.substring(0, 16));
            }
        }
    }

    @Test
    void signsAndVerifies() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        byte[] msg = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sig = key.sign(msg);
        assertThat(sig).hasSize(64);
        assertThat(key.publicKey().verify(msg, sig)).isTrue();
        assertThat(Ed25519PrivateKey.generate().publicKey().verify(msg, sig)).isFalse();
        assertThat(key.accountAddress().toBytes()).isEqualTo(key.publicKey().authenticationKey());
        assertThat(Ed25519PrivateKey.fromString(key.exportHex())).isEqualTo(key);
    }

    @Test
    void derivesPublicKeysWithBothSignBits() {
        boolean sawHigh = false;
        boolean sawLow = false;
        for (int i = 0; i < 64 && !(sawHigh && sawLow); i++) {
            Ed25519PrivateKey key = Ed25519PrivateKey.generate();
            byte[] pub = key.publicKey().toBytes();
            if ((pub[31] & 0x80) != 0) {
                sawHigh = true;
            } else {
                sawLow = true;
            }
            byte[] msg = {(byte) i};
            assertThat(key.publicKey().verify(msg, key.sign(msg))).isTrue();
        }
        assertThat(sawHigh && sawLow).isTrue();
    }
}
