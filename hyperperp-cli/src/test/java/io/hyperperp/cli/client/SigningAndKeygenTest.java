package io.hyperperp.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.server.HyperperpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen writes an owner-only key file; client commands sign with it against a server in signature mode. */
class SigningAndKeygenTest {

    @TempDir
    Path dir;

    @Test
    void keygenWritesAnOwnerOnlyFileAndRefusesToOverwrite() throws Exception {
        Path file = dir.resolve("me.key");
        Cli r = Cli.run("keygen", "--out", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        Ed25519PrivateKey key = Ed25519PrivateKey.fromFile(file);
        assertThat(j.get("public_key").asText()).isEqualTo(key.publicKey().toHex());
        assertThat(j.get("address").asText()).isEqualTo(key.accountAddress().toShortString());
        assertThat(r.out()).doesNotContain(key.exportHex().substring(2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        String before = Files.readString(file);
        Cli again = Cli.run("keygen", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err()).contains("already exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo(before);

        Cli forced = Cli.run("keygen", "--out", file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("public key:").contains("address:");
        assertThat(Files.readString(file)).isNotEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void signedRequestsAgainstASignatureModeServer() throws Exception {
        Path file = dir.resolve("trader.key");
        assertThat(Cli.run("keygen", "--out", file.toString()).exitCode()).isZero();
        String address = Ed25519PrivateKey.fromFile(file).accountAddress().toShortString();
        try (HyperperpServer s = Cli.server(Map.of("auth.mode", "signature"))) {
            String url = s.uri().toString();
            // Signed: the user defaults to the key's address.
            Cli ok = Cli.run("submit", "--server", url, "--key-file", file.toString(), "--market", "1", "--buy",
                    "--limit", "100", "--size", "1", "--client-order-id", "s1", "--json");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.json().get("order").get("user_address").asText()).isEqualTo(address);
            String id = ok.json().get("order_id").asText();

            Cli amend = Cli.run("amend", id, "--price", "101", "--server", url, "--key-file", file.toString());
            assertThat(amend.exitCode()).as(amend.toString()).isZero();

            // Without a key: the server's auth error, exit code 1 (not a rejected order).
            Cli unsigned = Cli.run("submit", "--server", url, "--user", address, "--market", "1", "--buy",
                    "--limit", "100", "--size", "1");
            assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(unsigned.err()).startsWith("error: MISSING_SIGNATURE").contains("[HTTP 401]");

            // Signing for somebody else: 403 FORBIDDEN, exit code 1.
            Cli other = Cli.run("submit", "--server", url, "--key-file", file.toString(), "--user", "0xa11ce",
                    "--market", "1", "--buy", "--limit", "100", "--size", "1");
            assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(other.err()).startsWith("error: FORBIDDEN");

            // A user's orders are private in signature mode: the owner's signed read sees them, an unsigned one
            // is refused. Cancel by client order id and cancel-all are signed.
            Cli signedRead = Cli.run("orders", "--server", url, "--user", address, "--key-file", file.toString());
            assertThat(signedRead.exitCode()).as(signedRead.toString()).isZero();
            assertThat(signedRead.out()).contains("s1");
            Cli unsignedRead = Cli.run("orders", "--server", url, "--user", address);
            assertThat(unsignedRead.exitCode()).as(unsignedRead.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(unsignedRead.err()).startsWith("error: MISSING_SIGNATURE");
            Cli cancel = Cli.run("cancel", "--client-order-id", "s1", "--server", url, "--key-file", file.toString());
            assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
            Cli all = Cli.run("cancel-all", "--server", url, "--key-file", file.toString());
            assertThat(all.exitCode()).as(all.toString()).isZero();

            // An orders: stream channel is signed too.
            Cli watch = Cli.run("watch", "orders:" + address, "--server", url, "--key-file", file.toString(),
                    "--count", "1", "--timeout", "5");
            assertThat(watch.exitCode()).as(watch.toString()).isZero();
            assertThat(watch.out()).contains("subscribed");
            Cli watchUnsigned = Cli.run("watch", "orders:" + address, "--server", url, "--count", "1");
            assertThat(watchUnsigned.exitCode()).as(watchUnsigned.toString()).isEqualTo(ExitCodes.ERROR);
            // So is an account: channel (watch signed only orders:, so the server refused it with 401).
            Cli account = Cli.run("watch", "account:" + address, "--server", url, "--key-file", file.toString(),
                    "--count", "1", "--timeout", "5");
            assertThat(account.exitCode()).as(account.toString()).isZero();
            assertThat(account.out()).contains("subscribed");
        }
    }

    @Test
    void theSystemAccountsChannelsTakeTheAdminToken() throws Exception {
        String token = "watch-admin-token-0123456789";
        try (HyperperpServer s = Cli.server(Map.of("auth.mode", "signature", "auth.admin_token", token))) {
            String url = s.uri().toString();
            Cli fund = Cli.run("watch", "account:insurance_fund", "--server", url, "--admin-token", token,
                    "--count", "1", "--timeout", "5");
            assertThat(fund.exitCode()).as(fund.toString()).isZero();
            assertThat(fund.out()).contains("subscribed");
            Cli without = Cli.run("watch", "account:insurance_fund", "--server", url, "--admin-token", "",
                    "--count", "1", "--timeout", "5");
            assertThat(without.exitCode()).as(without.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(without.err()).contains("401");
        }
    }

    @Test
    void badKeyFileIsOneLineError() throws Exception {
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "not a key");
        Cli r = Cli.run("cancel-all", "--key-file", bad.toString(), "--server", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("error: private key file").doesNotContain("not a key");
    }
}
