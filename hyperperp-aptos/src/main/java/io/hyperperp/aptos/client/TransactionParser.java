package io.hyperperp.aptos.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns transaction JSON into {@link TransactionStatus}. */
final class TransactionParser {

    /** A transaction hash as the API writes it. */
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("0x[0-9a-fA-F]{64}");

    TransactionStatus status(JsonNode n, String requestedHash) {
        String type = n.path("type").asText("");
        String hash = sameHash(n, requestedHash);
        switch (type) {
            case "pending_transaction":
                return new TransactionStatus.Pending(hash);
            case "user_transaction":
                // sender and sequence number: the driver compares them with the transaction it submitted
                return new TransactionStatus.Committed(hash, u64(n, "version"), n.path("success").asBoolean(),
                        n.path("vm_status").asText(""), n.hasNonNull("gas_used") ? u64(n, "gas_used") : 0L,
                        sender(n), u64(n, "sequence_number"));
            default:
                throw new AptosException(ErrorKind.INVALID_RESPONSE, 200,
                        "transaction " + requestedHash + ": unexpected type '" + type + "'", null, null, null, null);
        }
    }

    /**
     * The hash the node answered for {@code requestedHash}: that one (in any case), or absent. Another one is
     * another transaction, whose status or payload must never pass for the requested one's (a batch confirmed that
     * never settled, a deposit credited under a hash that is not its own).
     */
    private static String sameHash(JsonNode n, String requestedHash) {
        JsonNode h = n.get("hash");
        if (h == null || h.isNull()) {
            return requestedHash;
        }
        if (!h.isTextual() || !h.textValue().equalsIgnoreCase(requestedHash)) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "asked for transaction " + requestedHash
                    + ", the node answered another one", null, null, null, null);
        }
        return requestedHash;
    }

    /**
     * The committed user transaction {@code requestedHash} with its payload, under the hash asked for (an answer
     * without one is ours); null while pending or another kind.
     */
    UserTransaction user(JsonNode n, String requestedHash) {
        return userAs(n, sameHash(n, requestedHash));
    }

    /**
     * A committed user transaction of a page with its payload; null for another kind. Its hash, which deposits are
     * credited under, must be 0x and 64 hex digits (kept in lower case): without one a deposit was keyed "", and a
     * hash written another way was a second key for the same deposit.
     */
    UserTransaction user(JsonNode n) {
        if (!"user_transaction".equals(n.path("type").asText(""))) {
            return null;
        }
        JsonNode h = n.get("hash");
        if (h == null || !h.isTextual() || !HASH.matcher(h.textValue()).matches()) {
            // (the node's text is not quoted: it ends up in a log line)
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200,
                    "a user transaction without a hash of 0x and 64 hex digits", null, null, null, null);
        }
        return userAs(n, h.textValue().toLowerCase(java.util.Locale.ROOT));
    }

    private UserTransaction userAs(JsonNode n, String hash) {
        if (!"user_transaction".equals(n.path("type").asText(""))) {
            return null;
        }
        JsonNode payload = n.path("payload");
        java.util.List<String> types = new java.util.ArrayList<>();
        payload.path("type_arguments").forEach(t -> types.add(t.asText()));
        java.util.List<String> args = new java.util.ArrayList<>();
        payload.path("arguments").forEach(a -> args.add(a.isTextual() ? a.textValue() : a.toString()));
        return new UserTransaction(hash, u64(n, "version"), n.path("success").asBoolean(),
                n.path("vm_status").asText(""), sender(n), payload.path("function").asText(""), types, args);
    }

    private static io.hyperperp.aptos.account.AccountAddress sender(JsonNode n) {
        try {
            return io.hyperperp.aptos.account.AccountAddress.parse(n.path("sender").asText(""));
        } catch (IllegalArgumentException e) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "transaction without a valid sender", null, null,
                    null, null);
        }
    }

    /** Reads a u64 the API sends as a string (or a number). */
    static long u64(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "missing field '" + field + "'", null, null, null, null);
        }
        long value;
        try {
            value = Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0) {
            // a u64 past 2^63 - 1 included: no sequence number, version or amount of ours gets there
            throw new AptosException(ErrorKind.INVALID_RESPONSE, 200, "field '" + field + "' is not a whole number"
                    + " in [0, 2^63)", null, null, null, null);
        }
        return value;
    }
}
