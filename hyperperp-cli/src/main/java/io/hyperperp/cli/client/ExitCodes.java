package io.hyperperp.cli.client;

/** Exit codes of every {@code hyperperp} command (documented in docs/cli.md). */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** An error: bad input file, authentication refused, not found on a read, any unexpected failure. */
    public static final int ERROR = 1;
    /** A usage error: unknown or missing option, bad option value. */
    public static final int USAGE = 2;
    /** An order-changing request was refused by the server with a 400, 404 or 409 (engine or validation code). */
    public static final int REJECTED = 3;
    /** The server is unavailable: connection refused, timeout, or a 503 answer. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}
