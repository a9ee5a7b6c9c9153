package io.hyperperp.jdbc;

/**
 * The database could not be started, reached or migrated. The message is meant for an operator: it says what
 * failed and where (host and port, or data directory) and never contains a password.
 */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message operator-readable description, without secrets
     * @param cause   underlying failure, may be {@code null}
     */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message operator-readable description, without secrets */
    public DatabaseException(String message) {
        super(message);
    }
}
