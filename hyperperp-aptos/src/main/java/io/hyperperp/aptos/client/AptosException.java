package io.hyperperp.aptos.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed fullnode call, classified by {@link ErrorKind}. Carries the HTTP status (0 when no
 * response arrived), the node's {@code error_code} and {@code vm_error_code} when present, and the
 * {@code Retry-After} delay of a 429.
 */
public final class AptosException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final int httpStatus;
    private final String errorCode;
    private final Integer vmErrorCode;
    private final Duration retryAfter;

    /** Full constructor; {@code errorCode}, {@code vmErrorCode}, {@code retryAfter} and {@code cause} may be null. */
    public AptosException(ErrorKind kind, int httpStatus, String message, String errorCode, Integer vmErrorCode,
                          Duration retryAfter, Throwable cause) {
        super(kind + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "") + ": " + message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.vmErrorCode = vmErrorCode;
        this.retryAfter = retryAfter;
    }

    /** The classification. */
    public ErrorKind kind() {
        return kind;
    }

    /** HTTP status, 0 if no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The node's {@code error_code}, if it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The node's {@code vm_error_code}, if it sent one. */
    public Optional<Integer> vmErrorCode() {
        return Optional.ofNullable(vmErrorCode);
    }

    /** The {@code Retry-After} delay of a 429, if given in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Shortcut for {@code kind().retryable()}. */
    public boolean retryable() {
        return kind.retryable();
    }
}
