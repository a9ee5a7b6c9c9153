package io.hyperperp.aptos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.ErrorKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/** Classifies fullnode error responses and I/O failures into {@link AptosException}s. Not API. */
public final class HttpErrors {
    /** {@code vm_error_code} of {@code SEQUENCE_NUMBER_TOO_OLD} in the Move VM's StatusCode. */
    public static final int VM_SEQUENCE_NUMBER_TOO_OLD = 3;

    private HttpErrors() {
    }

    /** Maps a non-2xx response. */
    public static AptosException fromResponse(ObjectMapper json, String what, int status, String body,
                                              String retryAfterHeader) {
        String message = body == null || body.isBlank() ? "(empty body)" : abbreviate(body);
        String errorCode = null;
        Integer vmErrorCode = null;
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node != null && node.isObject()) {
                message = node.path("message").asText(message);
                errorCode = node.hasNonNull("error_code") ? node.get("error_code").asText() : null;
                vmErrorCode = node.hasNonNull("vm_error_code") ? node.get("vm_error_code").asInt() : null;
            }
        } catch (IOException e) {
            // not JSON: keep the raw text
        }
        ErrorKind kind = classify(status, errorCode, vmErrorCode);
        Duration retryAfter = kind == ErrorKind.RATE_LIMITED ? parseRetryAfter(retryAfterHeader) : null;
        return new AptosException(kind, status, what + ": " + message, errorCode, vmErrorCode, retryAfter, null);
    }

    /** Maps an I/O failure (no usable response). */
    public static AptosException fromIo(String what, IOException e) {
        ErrorKind kind = e instanceof InterruptedIOException ? ErrorKind.TIMEOUT : ErrorKind.NETWORK;
        return new AptosException(kind, 0, what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                null, null, null, e);
    }

    static ErrorKind classify(int status, String errorCode, Integer vmErrorCode) {
        if (status == 429) {
            return ErrorKind.RATE_LIMITED;
        }
        if (status == 507 || "mempool_is_full".equals(errorCode)) {
            return ErrorKind.MEMPOOL_IS_FULL;
        }
        if ("sequence_number_too_old".equals(errorCode)
                || ("vm_error".equals(errorCode) && vmErrorCode != null && vmErrorCode == VM_SEQUENCE_NUMBER_TOO_OLD)) {
            return ErrorKind.SEQUENCE_NUMBER_TOO_OLD;
        }
        if ("invalid_transaction_update".equals(errorCode)) {
            return ErrorKind.INVALID_TRANSACTION_UPDATE;
        }
        if ("vm_error".equals(errorCode)) {
            return ErrorKind.VM_ERROR;
        }
        if ("transaction_not_found".equals(errorCode)) {
            return ErrorKind.TRANSACTION_NOT_FOUND;
        }
        if (status == 404) {
            return ErrorKind.NOT_FOUND;
        }
        if (status >= 500) {
            return ErrorKind.SERVER_ERROR;
        }
        return ErrorKind.BAD_REQUEST;
    }

    static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long secs = Long.parseLong(header.strip());
            return secs >= 0 ? Duration.ofSeconds(secs) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
