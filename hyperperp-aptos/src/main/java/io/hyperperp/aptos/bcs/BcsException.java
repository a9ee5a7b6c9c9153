package io.hyperperp.aptos.bcs;

/** Thrown when bytes are not valid BCS for the expected type, or a value cannot be encoded. */
public final class BcsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public BcsException(String message) {
        super(message);
    }
}
