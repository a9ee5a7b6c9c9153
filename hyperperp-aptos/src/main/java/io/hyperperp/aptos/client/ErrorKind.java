package io.hyperperp.aptos.client;

/** What went wrong talking to a fullnode; see {@link AptosException#kind()}. */
public enum ErrorKind {
    /** 400 {@code vm_error}: the transaction failed validation (bad signature, expired, wrong chain...). */
    VM_ERROR(false),
    /** 400 {@code sequence_number_too_old}: the sequence number is already used (maybe by this very transaction). */
    SEQUENCE_NUMBER_TOO_OLD(false),
    /** 400 {@code invalid_transaction_update}: another transaction with this sequence number is in mempool. */
    INVALID_TRANSACTION_UPDATE(false),
    /** 507 {@code mempool_is_full}: too many transactions of the account are waiting. */
    MEMPOOL_IS_FULL(true),
    /** 404 {@code transaction_not_found}. */
    TRANSACTION_NOT_FOUND(false),
    /** Any other 404 (account, module or resource not found). */
    NOT_FOUND(false),
    /** 429: rate limited; see {@link AptosException#retryAfter()}. */
    RATE_LIMITED(true),
    /** 5xx other than 507. For a submission the outcome is unknown: check by hash. */
    SERVER_ERROR(true),
    /** Any other 4xx (malformed request, unsupported media type...). */
    BAD_REQUEST(false),
    /** Connection failed or broke mid-response. For a submission the outcome is unknown. */
    NETWORK(true),
    /** A connect, read or call timeout. For a submission the outcome is unknown. */
    TIMEOUT(true),
    /** The node answered 2xx with a body this client could not understand. */
    INVALID_RESPONSE(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** True if the same request may succeed later without change. */
    public boolean retryable() {
        return retryable;
    }
}
