package io.hyperperp.cli.aptos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.cli.aptos.AptosCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperperp aptos} given key files that are not key files (session 17): a device that never ends ended the
 * command with {@code OutOfMemoryError} and a stack trace, a directory was "IOException", and a key file every user
 * of the machine can read was used without a word.
 */
class AptosKeyFileHostileTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileOthersCanReadIsWarnedOf() throws Exception {
        Path key = dir.resolve("admin.key");
        Files.writeString(key, "0x" + AptosCliTest.SEED + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Run open = AptosCliTest.run("aptos", "address", "--key-file", key.toString());
        assertThat(open.exitCode()).as(open.err()).isZero();
        assertThat(open.out()).contains(AptosCliTest.ADDRESS);
        assertThat(open.err()).startsWith("warning: private key file " + key
                + " is readable by its group and other users (chmod 600 it)").doesNotContain(AptosCliTest.SEED);

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Run closed = AptosCliTest.run("aptos", "address", "--key-file", key.toString());
        assertThat(closed.exitCode()).isZero();
        assertThat(closed.err()).isEmpty();
    }

    @Test
    void aDirectoryOrADeviceIsNamedInOneLine() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Run directory = AptosCliTest.run("aptos", "address", "--key-file", keys.toString());
        assertThat(directory.exitCode()).isEqualTo(1);
        assertThat(directory.err()).isEqualTo("error: private key file " + keys + " is a directory"
                + System.lineSeparator());
        Run device = AptosCliTest.run("aptos", "address", "--key-file", "/dev/zero");
        assertThat(device.exitCode()).isEqualTo(1);
        assertThat(device.err()).isEqualTo("error: private key file /dev/zero: longer than 4096 bytes, not a key file"
                + System.lineSeparator());
        Run empty = AptosCliTest.run("aptos", "address", "--key-file", Files.writeString(dir.resolve("k"), "0x")
                .toString());
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("must be 64 hex digits, got 0 characters");
    }

    /** The client's {@code --key-file} too: warned of once per command, though the command uses the key twice. */
    @Test
    void aClientKeyFileOthersCanReadIsWarnedOfOnce() throws Exception {
        Path key = dir.resolve("trader.key");
        Files.writeString(key, "0x" + AptosCliTest.SEED + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        Run r = AptosCliTest.run("orders", "--key-file", key.toString(), "--server", "http://127.0.0.1:1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).startsWith("warning: private key file " + key + " is readable by its group (chmod 600 it):"
                + " anyone who can read it can sign requests for its account" + System.lineSeparator() + "error: ");
        assertThat(r.err().split("warning:", -1)).hasSize(2);
    }
}
