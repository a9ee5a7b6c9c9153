package io.hyperperp.aptos.crypto;

/**
 * Key parsing, signing or verification failed. Messages never contain key material.
 */
public final class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that must not contain secrets. */
    public CryptoException(String message) {
        super(message);
    }
}
