package io.hyperperp.aptos.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns transaction JSON into {@link TransactionStatus}. */
final class TransactionParser {

    TransactionStatus status(JsonNode n, String requestedHash) {
        String type = n.path("type").asText("");
        String hash = n.path("hash").asText(requestedHash);
        switch (type) {
            case "pending_transaction":
                return new TransactionStatus.Pending(hash);
            case "user_transaction":
                return new TransactionStatus.Committed(hash, u64(n, "version"), n.path("success").asBoolean(),
                        n.path("vm_status").asText(""), n.hasNonNull("gas_used") ? u64(n, "gas_used") : 0L);
            default:
                throw new AptosException(ErrorKind.INVALID_RESPONSE, 200,
                        "transaction " + requestedHash + ": unexpected type '" + type + "'", null, null, null, null);
        }
    }

    /** Reads a u64 the API sends as a string (or a number). */
    static long u64(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "missing field '" + field + "'", null, null, null, null);
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "field '" + field + "' is not a number", null, null,
                    null, null);
        }
    }
}
