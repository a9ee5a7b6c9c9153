package io.hyperperp.cli;

/**
 * An expected failure (missing file, malformed input under {@code --strict}, bad configuration):
 * reported as one line on stderr, exit code 1, no stack trace unless {@code --verbose}.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a message meant for the user. */
    public CliException(String message) {
        super(message);
    }

    /** A failure with a message meant for the user and its cause (shown with {@code --verbose}). */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
