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

    /** A committed user transaction with its payload; null for a pending one or another kind. */
    UserTransaction user(JsonNode n) {
        if (!"user_transaction".equals(n.path("type").asText(""))) {
            return null;
        }
        JsonNode payload = n.path("payload");
        java.util.List<String> types = new java.util.ArrayList<>();
        payload.path("type_arguments").forEach(t -> types.add(t.asText()));
        java.util.List<String> args = new java.util.ArrayList<>();
        payload.path("arguments").forEach(a -> args.add(a.isTextual() ? a.textValue() : a.toString()));
        io.hyperperp.aptos.account.AccountAddress sender;
        try {
            sender = io.hyperperp.aptos.account.AccountAddress.parse(n.path("sender").asText(""));
        } catch (IllegalArgumentException e) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "transaction without a valid sender", null, null,
                    null, null);
        }
        return new UserTransaction(n.path("hash").asText(""), u64(n, "version"), n.path("success").asBoolean(),
                n.path("vm_status").asText(""), sender, payload.path("function").asText(""), types, args);
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
