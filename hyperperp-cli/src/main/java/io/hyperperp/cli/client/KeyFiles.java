package io.hyperperp.cli.client;

import io.hyperperp.aptos.crypto.CryptoException;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import java.nio.file.Path;

/** Reads signing keys; only commands given a {@code --key-file} load this class and the crypto behind it. */
final class KeyFiles {

    private KeyFiles() {
    }

    /** The key in {@code file}; a client error (exit 1) that never shows the key otherwise. */
    static Ed25519PrivateKey load(Path file) {
        try {
            return Ed25519PrivateKey.fromFile(file);
        } catch (CryptoException e) {
            throw new ClientException(ExitCodes.ERROR, null, e.getMessage(), e);
        }
    }
}
