package io.hyperperp.cli.client;

/**
 * A failure of a client command with the exit code it maps to ({@link ExitCodes}); reported as one
 * line {@code error: ...} on stderr, the stack trace only with {@code --verbose}.
 */
public final class ClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String code;

    /** A failure with a message for the user, the exit code and the server's error code (or null). */
    public ClientException(int exitCode, String code, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.code = code;
    }

    /** A failure with a message for the user and the exit code. */
    public ClientException(int exitCode, String message) {
        this(exitCode, null, message, null);
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** The server's error code ({@code INVALID_TICK}, ...), or null when the failure is local. */
    public String code() {
        return code;
    }
}
