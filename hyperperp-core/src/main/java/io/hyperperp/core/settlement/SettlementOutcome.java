package io.hyperperp.core.settlement;

/**
 * What a {@link SettlementSink} reports for one batch.
 *
 * @param kind    the outcome
 * @param txHash  the committed transaction (for CONFIRMED and on-chain rejections), or null
 * @param message error name or explanation, or null
 */
public record SettlementOutcome(Kind kind, String txHash, String message) {

    /** Kinds of outcome, each handled differently by the batcher. */
    public enum Kind {
        /** Committed successfully. */
        CONFIRMED,
        /** Might succeed if tried again (network, 5xx, 429, mempool full ...): retried with back-off. */
        TRANSIENT,
        /** The batch's expiry passed: it is sealed again with a fresh expiry and resubmitted. */
        EXPIRED,
        /** An on-chain abort caused by a fill (e.g. a price out of bounds): the batch is bisected. */
        FILL_REJECTED,
        /** The batch cannot settle and retrying will not help: it fails visibly. */
        FATAL
    }

    /** Confirmed by a transaction. */
    public static SettlementOutcome confirmed(String txHash) {
        return new SettlementOutcome(Kind.CONFIRMED, txHash, null);
    }

    /** A failure worth retrying. */
    public static SettlementOutcome transientFailure(String message) {
        return new SettlementOutcome(Kind.TRANSIENT, null, message);
    }

    /** Refused because the batch expired. */
    public static SettlementOutcome expired(String txHash, String message) {
        return new SettlementOutcome(Kind.EXPIRED, txHash, message);
    }

    /** Aborted because of (at least) one of its fills. */
    public static SettlementOutcome fillRejected(String txHash, String errorName) {
        return new SettlementOutcome(Kind.FILL_REJECTED, txHash, errorName);
    }

    /** Cannot settle. */
    public static SettlementOutcome fatal(String txHash, String message) {
        return new SettlementOutcome(Kind.FATAL, txHash, message);
    }
}
