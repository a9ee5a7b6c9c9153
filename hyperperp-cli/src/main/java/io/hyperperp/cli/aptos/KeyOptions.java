package io.hyperperp.cli.aptos;

import io.hyperperp.aptos.crypto.CryptoException;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.settlement.AptosSettings;
import io.hyperperp.cli.CliException;
import io.hyperperp.cli.KeyFileAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --key-file F}, or the key from {@code HYPERPERP_APTOS__ADMIN_PRIVATE_KEY}. */
final class KeyOptions {

    static final String KEY_ENV = AptosSettings.ENV_PREFIX + "ADMIN_PRIVATE_KEY";

    @Option(names = "--key-file", paramLabel = "F",
            description = "File holding the Ed25519 private key (64 hex digits, optional 0x or ed25519-priv-0x). "
                    + "Default: the key in " + KEY_ENV + ".")
    Path keyFile;

    /** The key; messages never contain it. A key file other users can read is warned of on {@code err}. */
    Ed25519PrivateKey load(PrintWriter err) {
        try {
            if (keyFile != null) {
                Ed25519PrivateKey key = Ed25519PrivateKey.fromFile(keyFile);
                String warning = KeyFileAccess.warning(keyFile, "sign settlement transactions");
                if (warning != null) {
                    err.println(warning);
                    err.flush();
                }
                return key;
            }
            String inline = AptosCommand.environment.get().get(KEY_ENV);
            if (inline == null || inline.isBlank()) {
                throw new CliException("no key: give --key-file or set " + KEY_ENV);
            }
            return Ed25519PrivateKey.fromEnv(KEY_ENV, AptosCommand.environment.get());
        } catch (CryptoException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
