package io.hyperperp.aptos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files that are not key files (session 17): a device that never ends ran the JVM out of memory (the whole file
 * was read first), a directory or a missing file was named only by the exception's class, and a byte order mark made
 * a good key "65 characters".
 */
class Ed25519KeyFileHostileTest {
    private static final String SEED = "9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f";
    private static final String PUB = "0xb9c6ee1630ef3e711144a648db06bbb2284f7274cfbee53ffcee503cc1a49200";

    @TempDir
    Path dir;

    @Test
    void aFileThatNeverEndsIsRefusedByItsLength() {
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromFile(Path.of("/dev/zero"))))
                .isInstanceOf(CryptoException.class)
                .hasMessage("private key file /dev/zero: longer than 4096 bytes, not a key file");
    }

    @Test
    void aLargeFileIsRefusedWithoutShowingIt() throws IOException {
        Path f = dir.resolve("big");
        Files.writeString(f, SEED.repeat(100));
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromFile(f)))
                .hasMessage("private key file " + f + ": longer than 4096 bytes, not a key file");
    }

    @Test
    void aDirectoryOrAMissingFileIsSaidSo() throws IOException {
        Path d = Files.createDirectory(dir.resolve("keys"));
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromFile(d)))
                .hasMessage("private key file " + d + " is a directory");
        Path missing = dir.resolve("missing");
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromFile(missing)))
                .hasMessage("private key file " + missing + " not found");
    }

    @Test
    void aFileThatIsNotUtf8IsSaidSo() throws IOException {
        Path f = dir.resolve("utf16");
        Files.writeString(f, SEED, StandardCharsets.UTF_16);
        assertThat(catchThrowable(() -> Ed25519PrivateKey.fromFile(f)))
                .hasMessage("private key file " + f + " is not UTF-8 text");
    }

    @Test
    void aByteOrderMarkBeforeTheKeyIsRead() throws IOException {
        Path f = dir.resolve("bom");
        Files.writeString(f, "\uFEFF0x" + SEED + "\r\n");
        assertThat(Ed25519PrivateKey.fromFile(f).publicKey().toHex()).isEqualTo(PUB);
    }
}
